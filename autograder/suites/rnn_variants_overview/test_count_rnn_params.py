"""Hidden checks for count_rnn_params: against count_params() of real Keras layers."""
import pytest

from autograder.harness.checks import check_raises, fail, keras_fact

SIZES = [(1, 1), (3, 7), (16, 5), (40, 64)]
CASES = [("simple_rnn", False, True), ("simple_rnn", True, True), ("lstm", False, True),
         ("lstm", True, True), ("gru", False, True), ("gru", True, True), ("gru", False, False),
         ("gru", True, False)]
BLOCKS = {"simple_rnn": 1, "gru": 3, "lstm": 4}


def _keras_count(cell, D, H, bidirectional, reset_after):
    import keras
    kwargs = {"reset_after": reset_after} if cell == "gru" else {}
    layer = {"simple_rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM,
             "gru": keras.layers.GRU}[cell](H, **kwargs)
    if bidirectional:
        layer = keras.layers.Bidirectional(layer)
    layer.build((None, None, D))
    return layer.count_params()


def _likely(cell, D, H, bidirectional, reset_after):
    k = BLOCKS[cell]
    two = 2 if bidirectional else 1
    extra = k * H if (cell == "gru" and reset_after) else 0
    base = k * (D * H + H * H + H)
    out = {}
    if bidirectional:
        out["a Bidirectional layer holds two copies: double the count"] = base + extra
    if cell == "gru" and reset_after:
        out["reset_after=True has two bias rows (2, 3H): add 3H"] = two * base
    if cell == "gru" and not reset_after:
        out["reset_after=False has a single bias row (3H,)"] = two * (base + k * H)
    if cell == "gru":
        out["a GRU has 3 blocks (z, r, h)"] = two * 4 * (D * H + H * H + H)
    if cell == "lstm":
        out["an LSTM has 4 blocks (i, f, c, o)"] = two * 3 * (D * H + H * H + H)
    out["the recurrent weights (H * H per block) are missing"] = two * (k * (D * H + H) + extra)
    out["the bias (H per block) is missing"] = two * k * (D * H + H * H)
    out["the input weights are counted as H * H instead of D * H"] = two * (k * (2 * H * H + H)
                                                                             + extra)
    return out


@pytest.mark.parametrize("case", CASES, ids=["{}-{}-{}".format(c, "bi" if b else "uni",
                                                               "ra" if r else "rb")
                                             for c, b, r in CASES])
def test_matches_keras(student, case):
    """equals Keras count_params() over a grid of sizes"""
    cell, bidirectional, reset_after = case
    for D, H in SIZES:
        want = keras_fact(("count_params", cell, D, H, bidirectional, reset_after),
                          lambda: _keras_count(cell, D, H, bidirectional, reset_after))
        got = student.count_rnn_params(cell, D, H, bidirectional=bidirectional,
                                       reset_after=reset_after)
        if isinstance(got, bool) or not isinstance(got, int):
            fail(f"count_rnn_params should return a Python int, got {type(got).__name__}")
        if got != want:
            message = (f"count_rnn_params({cell!r}, {D}, {H}, bidirectional={bidirectional}, "
                       f"reset_after={reset_after}) returned {got}; Keras counts {want}")
            mistake = next((explanation for explanation, wrong in
                            _likely(cell, D, H, bidirectional, reset_after).items()
                            if got == wrong), None)
            fail(message, mistake)


def test_unknown_cell_is_rejected(student):
    """an unknown cell name ('rnn') raises ValueError; 'simple_rnn' works"""
    got = student.count_rnn_params("simple_rnn", 4, 8)
    if got != 4 * 8 + 8 * 8 + 8:
        fail(f"count_rnn_params('simple_rnn', 4, 8) returned {got!r}; Keras counts 104")
    check_raises("ValueError", student.count_rnn_params, "rnn", 4, 8)
