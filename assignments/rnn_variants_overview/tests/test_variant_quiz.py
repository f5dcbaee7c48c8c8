"""Public checks for variant_quiz (the format only: the answers are graded by the autograder)."""
from _harness.checks import fail

CALLS = ()  # graded functions of this notebook that variant_quiz calls

QUESTIONS = [f"q{i}" for i in range(1, 9)]


def test_answers_every_question_with_a_letter(student):
    """a dict with keys q1..q8, each a letter a, b, c or d"""
    answers = student.variant_quiz()
    if not isinstance(answers, dict):
        fail(f"variant_quiz should return a dict, got {type(answers).__name__}")
    missing = [q for q in QUESTIONS if q not in answers]
    if missing:
        fail(f"missing answers for {', '.join(missing)}")
    for q in QUESTIONS:
        value = answers[q]
        if not isinstance(value, str) or value.strip().lower() not in ("a", "b", "c", "d"):
            fail(f"the answer to {q} should be one of 'a', 'b', 'c', 'd', got {value!r}")
