"""Public checks for forecast_autoregressive."""
import numpy as np

from _harness import testfns
from _harness.checks import check_close, check_shape, fail
from _harness.student import StudentRaised
from _harness.wire import Fn
from diagnoses import (WINDOW_LENGTH, forecast_mistakes, history_included,
                       integer_history_mistakes, rolled)

CALLS = ()  # graded functions of this notebook that forecast_autoregressive calls


def _linear(coeffs):
    return lambda window: testfns.linear_ar(window, coeffs)


def test_shape(student):
    """returns `steps` values, shape (steps,)"""
    out = student.forecast_autoregressive(Fn("harness", "linear_ar", [0.5, 0.5]),
                                          np.array([1.0, 2.0, 3.0]), 4)
    check_shape(out, (4,), "the forecast for steps=4")


def test_linear_extrapolation(student):
    """the step x_next = 2 x_last - x_before continues a straight line"""
    history = np.array([1.0, 2.0])
    out = student.forecast_autoregressive(Fn("harness", "linear_ar", [-1.0, 2.0]), history, 4)
    step = _linear([-1.0, 2.0])
    likely = {**forecast_mistakes(step, history, 4), **history_included(step, history, 4)}
    check_close(out, [3.0, 4.0, 5.0, 6.0], "forecast from history [1, 2]", likely=likely)


def test_predictions_are_fed_back(student):
    """x_next = 0.5 x_last halves the last value at every step"""
    history = np.array([5.0, 3.0, 8.0])
    out = student.forecast_autoregressive(Fn("harness", "linear_ar", [0.0, 0.0, 0.5]),
                                          history, 3)
    check_close(out, [4.0, 2.0, 1.0], "forecast from history [5, 3, 8]",
                likely=forecast_mistakes(_linear([0.0, 0.0, 0.5]), history, 3))


def test_integer_history(student):
    """an integer history gives float predictions (not truncated)"""
    history, coeffs = np.array([4, 1, 3]), [0.5, 0.25, 0.5]
    step = _linear(coeffs)
    out = student.forecast_autoregressive(Fn("harness", "linear_ar", coeffs), history, 4)
    check_close(out, rolled(step, history, 4), "forecast from the integer history [4, 1, 3]",
                atol=1e-9, likely=integer_history_mistakes(step, history, 4))



def test_window_keeps_its_length(student):
    """step_fn always receives exactly len(history) values"""
    history, w = np.array([0.5, -1.0, 2.0, 0.3]), np.array([0.1, -0.2, 0.3, 0.25])
    try:  # np.tanh(window @ w) fails on a window of another length
        out = student.forecast_autoregressive(Fn("harness", "affine_tanh", w), history, 5)
    except StudentRaised as exc:
        fail(f"{exc}", WINDOW_LENGTH)
    step = lambda window: testfns.affine_tanh(window, w)  # noqa: E731
    check_close(out, rolled(step, history, 5), "forecast with a step that reads the whole "
                "window", atol=1e-9, likely=forecast_mistakes(step, history, 5))
