"""Public checks for make_windows."""
import numpy as np

from _harness.checks import check_close, check_float, check_raises, check_shape, check_tuple
from diagnoses import make_windows_mistakes

CALLS = ()  # the other questions' functions make_windows calls


def test_shapes(student):
    """X is (M, window, 1) and y is (M, horizon)"""
    X, y = check_tuple(student.make_windows(np.arange(10.0), 3, 2), 2, "make_windows")
    check_shape(X, (6, 3, 1), "X for L=10, window=3, horizon=2 (M = 10 - 3 - 2 + 1)")
    check_shape(y, (6, 2), "y for L=10, window=3, horizon=2")


def test_first_and_last_windows(student):
    """windows slide by one step and targets follow their window"""
    series = np.arange(10.0)
    X, y = student.make_windows(series, 3, 2)
    likely = make_windows_mistakes(series, 3, 2)
    check_close(X[0, :, 0], [0, 1, 2], "X[0] for the series 0..9")
    check_close(y[0], [3, 4], "y[0] for the series 0..9",
                likely={why: wrong[0] for why, wrong in likely.items()})
    check_close(X[-1, :, 0], [5, 6, 7], "X[-1] for the series 0..9")
    check_close(y[-1], [8, 9], "y[-1] for the series 0..9",
                likely={why: wrong[-1] for why, wrong in likely.items()})


def test_too_short_series_is_rejected(student):
    """a series too short for one window raises ValueError"""
    check_raises("ValueError", student.make_windows, np.arange(3.0), 3, 1)


def test_horizon_defaults_to_one(student):
    """horizon defaults to 1"""
    X, y = check_tuple(student.make_windows(np.arange(6.0), 4), 2, "make_windows")
    check_shape(y, (2, 1), "y for L=6, window=4 and no horizon given")
    check_close(y[:, 0], [4, 5], "y for the series 0..5, window 4")


def test_integer_series_gives_floats(student):
    """an integer series gives the right windows, as float arrays"""
    X, y = check_tuple(student.make_windows(np.arange(5), 2, 1), 2, "make_windows")
    check_close(X[:, :, 0], [[0, 1], [1, 2], [2, 3]], "X for the integer series 0..4")
    check_close(y[:, 0], [2, 3, 4], "y for the integer series 0..4",
                likely={why: wrong[:, 0] for why, wrong in
                        make_windows_mistakes(np.arange(5), 2, 1).items()})
    check_float(X, "X")
    check_float(y, "y")


def test_bad_window_or_horizon_is_rejected(student):
    """window < 1 or horizon < 1 raises ValueError"""
    check_raises("ValueError", student.make_windows, np.arange(10.0), 0, 1)
    check_raises("ValueError", student.make_windows, np.arange(10.0), 3, 0)
