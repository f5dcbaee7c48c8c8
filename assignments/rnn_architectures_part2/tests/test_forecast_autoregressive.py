"""Public checks for forecast_autoregressive."""
import numpy as np

from _harness.checks import check_close, check_shape
from _harness.wire import Fn


def test_shape(student):
    """returns `steps` values, shape (steps,)"""
    out = student.forecast_autoregressive(Fn("harness", "linear_ar", [0.5, 0.5]),
                                          np.array([1.0, 2.0, 3.0]), 4)
    check_shape(out, (4,), "the forecast for steps=4")


def test_linear_extrapolation(student):
    """the step x_next = 2 x_last - x_before continues a straight line"""
    out = student.forecast_autoregressive(Fn("harness", "linear_ar", [-1.0, 2.0]),
                                          np.array([1.0, 2.0]), 4)
    check_close(out, [3.0, 4.0, 5.0, 6.0], "forecast from history [1, 2]",
                likely={"the window is not rolled: each step sees the same history":
                        [3.0, 3.0, 3.0, 3.0],
                        "the history is included in the output": [1.0, 2.0, 3.0, 4.0]})


def test_predictions_are_fed_back(student):
    """x_next = 0.5 x_last halves the last value at every step"""
    out = student.forecast_autoregressive(Fn("harness", "linear_ar", [0.0, 0.0, 0.5]),
                                          np.array([5.0, 3.0, 8.0]), 3)
    check_close(out, [4.0, 2.0, 1.0], "forecast from history [5, 3, 8]",
                likely={"the window is not rolled: each step sees the same history":
                        [4.0, 4.0, 4.0]})
