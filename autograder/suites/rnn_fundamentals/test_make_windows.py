"""Hidden checks for make_windows."""
import numpy as np

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close, check_float, check_raises, check_tuple
from autograder.suites.public import rule
from autograder.suites.rnn_fundamentals.common import diagnoses


def _series(seed, L):
    return np.random.default_rng(seed).standard_normal(L)


def _check(student, series, window, horizon=None):
    args = (series, window) if horizon is None else (series, window, horizon)
    X, y = check_tuple(student.make_windows(*args), 2, "make_windows")
    X_ref, y_ref = ref.make_windows(*args)
    L = len(series)
    hint = f" (L={L}, window={window}, horizon={horizon or 1}: M = L - window - horizon + 1" \
           f" = {len(X_ref)})"
    check_close(X, X_ref, "X", shape_hint=hint)
    check_close(y, y_ref, "y", shape_hint=hint,
                likely=diagnoses.make_windows_mistakes(series, window, horizon or 1))


@rule("windows slide by one step and targets follow their window")
def test_random_series(student):
    """values on a random series, window 5 and horizon 3"""
    _check(student, _series(1, 23), 5, 3)


@rule("horizon defaults to 1")
def test_default_horizon_is_one(student):
    """horizon defaults to 1"""
    _check(student, _series(2, 15), 4)


@rule("windows slide by one step and targets follow their window")
def test_exactly_one_window(student):
    """a series of length window + horizon gives exactly one window"""
    _check(student, _series(3, 7), 4, 3)


@rule("an integer series gives the right windows, as float arrays")
def test_integer_series_gives_floats(student):
    """an integer series gives the right windows, as floats"""
    X, y = check_tuple(student.make_windows(np.arange(9), 3, 1), 2, "make_windows")
    X_ref, y_ref = ref.make_windows(np.arange(9), 3, 1)
    check_close(X, X_ref, "X for the series 0..8")
    check_close(y, y_ref, "y for the series 0..8")
    check_float(X, "X")
    check_float(y, "y")


@rule("window < 1 or horizon < 1 raises ValueError")
def test_bad_window_and_horizon_are_rejected(student):
    """window < 1 and horizon < 1 raise ValueError"""
    check_raises("ValueError", student.make_windows, _series(4, 10), 0, 1)
    check_raises("ValueError", student.make_windows, _series(4, 10), 3, 0)


@rule("a series too short for one window raises ValueError")
def test_one_step_too_short_is_rejected(student):
    """a series one value too short for a single window raises ValueError"""
    check_raises("ValueError", student.make_windows, _series(5, 6), 4, 3)
