"""Public checks for count_rnn_params."""
from _harness.checks import check_raises, fail


def _expect(student, want, *args, **kwargs):
    got = student.count_rnn_params(*args, **kwargs)
    if not isinstance(got, int) or isinstance(got, bool):
        fail(f"count_rnn_params should return a Python int, got {type(got).__name__}")
    if got != want:
        call = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()])
        fail(f"count_rnn_params({call}) returned {got}, Keras counts {want}")


def test_simple_rnn(student):
    """SimpleRNN with D=3, H=7: 77 parameters"""
    _expect(student, 77, "simple_rnn", 3, 7)


def test_lstm(student):
    """LSTM with D=3, H=7: 308 parameters"""
    _expect(student, 308, "lstm", 3, 7)


def test_gru_both_conventions(student):
    """GRU with D=3, H=7: 252 (reset_after=True), 231 (False)"""
    _expect(student, 252, "gru", 3, 7)
    _expect(student, 231, "gru", 3, 7, reset_after=False)


def test_bidirectional_doubles(student):
    """Bidirectional LSTM with D=3, H=7: 616 parameters"""
    _expect(student, 616, "lstm", 3, 7, bidirectional=True)


def test_unknown_cell_is_rejected(student):
    """an unknown cell name raises ValueError; 'gru' works"""
    _expect(student, 252, "gru", 3, 7)
    check_raises("ValueError", student.count_rnn_params, "transformer", 3, 7)
