"""Public checks for forecast_autoregressive."""
import numpy as np

from _harness import testfns
from _harness.checks import check_close, check_shape
from _harness.wire import Fn

CALLS = ()  # graded functions of this notebook that forecast_autoregressive calls

NOT_ROLLED = "the window is not rolled: each step sees the same history"


def _rolled(step, history, steps):
    """The forecast of a window that drops its oldest value and appends each prediction."""
    w, out = np.array(history, dtype=float), []
    for _ in range(steps):
        out.append(step(w))
        w = np.append(w[1:], out[-1])
    return np.array(out)


def _variants(step, history, steps):
    """The forecast as common mistakes compute it, to name the mistake."""
    history = np.asarray(history, dtype=float)
    out = {NOT_ROLLED: np.array([step(history) for _ in range(steps)])}
    w, vals = history.copy(), []
    for _ in range(steps):   # newest value put first
        vals.append(step(w))
        w = np.concatenate([[vals[-1]], w[:-1]])
    out["the window is rolled the wrong way: append the prediction at the end and "
        "drop the oldest value"] = np.array(vals)
    w, vals = history.copy(), []
    for _ in range(steps):   # oldest value never dropped, newest overwrites the last slot
        vals.append(step(w))
        w = w.copy()
        w[-1] = vals[-1]
    out["the prediction overwrites the last value instead of shifting the window"] = \
        np.array(vals)
    full = _rolled(step, history, steps + 1)
    out["the forecast is shifted by one step (first prediction dropped)"] = full[1:]
    out["the last observed value is included as the first forecast"] = \
        np.concatenate([history[-1:], full[:steps - 1]])
    return out


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
    likely = _variants(_linear([-1.0, 2.0]), history, 4)
    likely["the history is included in the output"] = [1.0, 2.0, 3.0, 4.0]
    check_close(out, [3.0, 4.0, 5.0, 6.0], "forecast from history [1, 2]", likely=likely)


def test_predictions_are_fed_back(student):
    """x_next = 0.5 x_last halves the last value at every step"""
    history = np.array([5.0, 3.0, 8.0])
    out = student.forecast_autoregressive(Fn("harness", "linear_ar", [0.0, 0.0, 0.5]),
                                          history, 3)
    check_close(out, [4.0, 2.0, 1.0], "forecast from history [5, 3, 8]",
                likely=_variants(_linear([0.0, 0.0, 0.5]), history, 3))


def test_integer_history(student):
    """an integer history gives float predictions (not truncated)"""
    history, coeffs = np.array([4, 1, 3]), [0.5, 0.25, 0.5]
    step = _linear(coeffs)
    out = student.forecast_autoregressive(Fn("harness", "linear_ar", coeffs), history, 4)
    truncated, w = [], history.copy()
    for _ in range(4):
        truncated.append(step(w))
        w = np.roll(w, -1)
        w[-1] = truncated[-1]  # stored into an integer array: truncated
    check_close(out, _rolled(step, history, 4), "forecast from the integer history [4, 1, 3]",
                atol=1e-9,
                likely={"the window keeps the integer dtype of the history, so predictions "
                        "are truncated: convert to float first": truncated})
