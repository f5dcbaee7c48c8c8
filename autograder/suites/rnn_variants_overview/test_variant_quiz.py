"""Hidden checks for variant_quiz: one check per question, each explained when missed.

The answer key is what the self-check cannot show: its public check tests the form of
the answers only (``@rule(..., answer_key=True)``), and a wrong letter fails here alone,
as the question says.
"""
import pytest

from autograder.harness.checks import fail
from autograder.suites.public import rule

# (correct letter, explanation shown when the answer is wrong)
KEY = {
    "q1": ("c", "A bidirectional layer needs the future: its backward direction starts at "
                "the end of the sequence, which does not exist yet in a live stream. "
                "Unidirectional LSTM, GRU and SimpleRNN can all emit an output at every step."),
    "q2": ("b", "The sentences are complete and a tag depends on words on both sides, so a "
                "bidirectional LSTM/GRU, which sees past and future context, fits best."),
    "q3": ("c", "The cell state is changed only by c_t = f_t * c_(t-1) + i_t * g_t: with f "
                "near 1 and i near 0 it is copied almost unchanged, and so is the gradient "
                "(dc_t/dc_(t-1) = f_t). The hidden state goes through a matrix product and "
                "squashing at every step."),
    "q4": ("a", "c_t = f_t * c_(t-1) + i_t * g_t: with f = 0 the old memory is erased and "
                "with i = 1 the candidate g_t is written in its place."),
    "q5": ("a", "Per block D*H + H*H + H parameters: SimpleRNN has 1 block, GRU 3 (plus a "
                "second bias row), LSTM 4."),
    "q6": ("b", "In Keras's convention z weighs the old state: h_t = z*h_(t-1) + "
                "(1-z)*candidate, so z near 1 keeps the old state."),
    "q7": ("c", "reset_after=True applies r to the recurrent product h_(t-1) U_h + b_rec "
                "(after the matrix product) and has two bias rows, b of shape (2, 3H); "
                "reset_after=False applies r to h_(t-1) before the product, with one bias."),
    "q8": ("b", "Without gates every noisy input is written into the SimpleRNN's state with "
                "the same weights as the symbol, and the gradient back to step 0 fades; LSTM "
                "and GRU learn to open a gate on the marker and keep it shut afterwards."),
}


@pytest.fixture(scope="module")
def answers(student):
    value = student.variant_quiz()
    if not isinstance(value, dict):
        fail(f"variant_quiz should return a dict, got {type(value).__name__}")
    return value


@rule("a dict with keys q1..q8, each a letter a, b, c or d", answer_key=True)
@pytest.mark.parametrize("question", list(KEY))
def test_answer(answers, question):
    """quiz answer"""
    correct, why = KEY[question]
    given = answers.get(question)
    if not isinstance(given, str) or given.strip().lower() not in ("a", "b", "c", "d"):
        fail(f"{question}: no valid answer (expected one letter a-d, got {given!r})")
    if given.strip().lower() != correct:
        fail(f"{question}: not this one. {why}")
