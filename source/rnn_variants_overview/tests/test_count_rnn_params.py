"""Public checks for count_rnn_params."""
from _harness.checks import check_raises, fail

CALLS = ()  # graded functions of this notebook that count_rnn_params calls

BLOCKS = {"simple_rnn": 1, "gru": 3, "lstm": 4}


def _likely(cell, D, H, bidirectional=False, reset_after=True):
    """The count as common mistakes compute it, to name the mistake."""
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


def _expect(student, want, *args, **kwargs):
    got = student.count_rnn_params(*args, **kwargs)
    if not isinstance(got, int) or isinstance(got, bool):
        fail(f"count_rnn_params should return a Python int, got {type(got).__name__}")
    if got != want:
        call = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()])
        mistake = next((why for why, wrong in _likely(*args, **kwargs).items() if got == wrong),
                       None)
        fail(f"count_rnn_params({call}) returned {got}, Keras counts {want}", mistake)


def test_simple_rnn(student):
    """SimpleRNN with D=3, H=7: 77 parameters"""
    _expect(student, 77, "simple_rnn", 3, 7)


def test_lstm(student):
    """LSTM with D=3, H=7: 308 parameters"""
    _expect(student, 308, "lstm", 3, 7)


def test_gru_both_conventions(student):
    """GRU with D=2, H=6: 162 (reset_after=False), 180 (True, two bias rows)"""
    _expect(student, 162, "gru", 2, 6, reset_after=False)
    _expect(student, 180, "gru", 2, 6)


def test_bidirectional_doubles(student):
    """Bidirectional LSTM with D=3, H=7: 616 parameters"""
    _expect(student, 616, "lstm", 3, 7, bidirectional=True)


def test_unknown_cell_is_rejected(student):
    """an unknown cell name raises ValueError; 'gru' works"""
    _expect(student, 180, "gru", 2, 6)
    check_raises("ValueError", student.count_rnn_params, "transformer", 3, 7)
