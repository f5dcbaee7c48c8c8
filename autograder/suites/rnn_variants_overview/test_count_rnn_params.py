"""Hidden checks for count_rnn_params: against count_params() of real Keras layers."""
import pytest

from autograder.harness.checks import check_raises, fail, keras_fact
from autograder.suites.public import rule
from autograder.suites.rnn_variants_overview.common import diagnoses

# (D, H): 1 x 1, D < H, D > H, larger; apart from 1 x 1 every common mistake gives a
# count of its own on these sizes (the GRU's 4 blocks and "D * H counted as H * H"
# coincide on D=3, H=7)
SIZES = [(1, 1), (3, 8), (16, 6), (40, 64)]


def _keras_count(cell, D, H, bidirectional, reset_after):
    import keras
    kwargs = {"reset_after": reset_after} if cell == "gru" else {}
    layer = {"simple_rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM,
             "gru": keras.layers.GRU}[cell](H, **kwargs)
    if bidirectional:
        layer = keras.layers.Bidirectional(layer)
    layer.build((None, None, D))
    return layer.count_params()


def _matches_keras(student, cell, bidirectional, reset_after=True):
    for D, H in SIZES:
        want = keras_fact(("count_params", cell, D, H, bidirectional, reset_after),
                          lambda: _keras_count(cell, D, H, bidirectional, reset_after))
        got = student.count_rnn_params(cell, D, H, bidirectional=bidirectional,
                                       reset_after=reset_after)
        if isinstance(got, bool) or not isinstance(got, int):
            fail(f"count_rnn_params should return a Python int, got {type(got).__name__}")
        if got != want:
            fail(f"count_rnn_params({cell!r}, {D}, {H}, bidirectional={bidirectional}, "
                 f"reset_after={reset_after}) returned {got}; Keras counts {want}",
                 diagnoses.named_count(cell, D, H, got, bidirectional, reset_after))


@rule("SimpleRNN with D=3, H=7: 77 parameters")
def test_simple_rnn_matches_keras(student):
    """SimpleRNN: equals Keras count_params() over a grid of sizes"""
    _matches_keras(student, "simple_rnn", False)


@rule("LSTM with D=3, H=7: 308 parameters")
def test_lstm_matches_keras(student):
    """LSTM: equals Keras count_params() over a grid of sizes"""
    _matches_keras(student, "lstm", False)


@rule("GRU with D=2, H=6: 162 (reset_after=False), 180 (True, two bias rows)")
@pytest.mark.parametrize("reset_after", [True, False], ids=["ra", "rb"])
def test_gru_matches_keras(student, reset_after):
    """GRU: equals Keras count_params() over a grid of sizes"""
    _matches_keras(student, "gru", False, reset_after)


CASES = [("simple_rnn", True), ("lstm", True), ("gru", True), ("gru", False)]


@rule("Bidirectional doubles every count: 154, 616, 324 and 360 for the layers above")
@pytest.mark.parametrize("case", CASES, ids=["simple_rnn", "lstm", "gru-ra", "gru-rb"])
def test_bidirectional_matches_keras(student, case):
    """Bidirectional: equals Keras count_params() over a grid of sizes"""
    _matches_keras(student, case[0], True, case[1])


@rule("an unknown cell name raises ValueError; the three known ones return ints")
def test_unknown_cell_is_rejected(student):
    """an unknown cell name ('rnn') raises ValueError; 'simple_rnn' works"""
    got = student.count_rnn_params("simple_rnn", 4, 8)
    if isinstance(got, bool) or not isinstance(got, int):
        fail(f"count_rnn_params('simple_rnn', 4, 8) should return a Python int, got "
             f"{type(got).__name__}")
    check_raises("ValueError", student.count_rnn_params, "rnn", 4, 8)
