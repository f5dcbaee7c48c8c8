"""Public checks for count_rnn_params.

The sizes are chosen so that every common mistake gives a count of its own: a wrong
count names its mistake (``diagnoses.count_mistakes``).
"""
from _harness.checks import check_raises, fail
from diagnoses import named_count

CALLS = ()  # graded functions of this notebook that count_rnn_params calls


def _expect(student, want, cell, D, H, bidirectional=False, reset_after=True):
    got = student.count_rnn_params(cell, D, H, bidirectional=bidirectional,
                                   reset_after=reset_after)
    if not isinstance(got, int) or isinstance(got, bool):
        fail(f"count_rnn_params should return a Python int, got {type(got).__name__}")
    if got != want:
        fail(f"count_rnn_params({cell!r}, {D}, {H}, bidirectional={bidirectional}, "
             f"reset_after={reset_after}) returned {got}, Keras counts {want}",
             named_count(cell, D, H, got, bidirectional, reset_after))


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
    """Bidirectional doubles every count: 154, 616, 324 and 360 for the layers above

    SimpleRNN and LSTM with D=3, H=7; GRU with D=2, H=6, reset_after=False and True.
    """
    _expect(student, 154, "simple_rnn", 3, 7, bidirectional=True)
    _expect(student, 616, "lstm", 3, 7, bidirectional=True)
    _expect(student, 324, "gru", 2, 6, bidirectional=True, reset_after=False)
    _expect(student, 360, "gru", 2, 6, bidirectional=True)


def test_unknown_cell_is_rejected(student):
    """an unknown cell name raises ValueError; the three known ones return ints"""
    for cell in ("simple_rnn", "lstm", "gru"):
        got = student.count_rnn_params(cell, 2, 3)
        if not isinstance(got, int) or isinstance(got, bool):
            fail(f"count_rnn_params({cell!r}, 2, 3) should return a Python int, got "
                 f"{type(got).__name__}")
    check_raises("ValueError", student.count_rnn_params, "transformer", 3, 7)
