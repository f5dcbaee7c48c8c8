"""Hidden checks for forecast_autoregressive (step functions from harness/testfns.py)."""
import numpy as np
import pytest

import solutions.rnn_architectures_part2 as ref
from autograder.harness import testfns
from autograder.harness.checks import check_close, fail
from autograder.harness.student import StudentRaised
from autograder.harness.wire import Fn
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import diagnoses
from autograder.suites import cases


# (seed, history length, number of AR coefficients, steps)
LINEAR = [(1, 5, 5, 12), (2, 8, 3, 10), (3, 1, 1, 6), (4, 4, 4, 30)]


def _linear_case(seed, L, k, steps):
    rng = np.random.default_rng(300 + seed)
    coeffs = rng.standard_normal(k)
    coeffs *= 0.95 / max(1.0, np.abs(coeffs).sum())   # a stable recursion
    history = rng.standard_normal(L)
    return coeffs, history, steps


@rule("the step x_next = 2 x_last - x_before continues a straight line")
@pytest.mark.parametrize("case", LINEAR, ids=lambda c: cases.describe("L k steps", c[1:]))
def test_linear_ar_matches_reference(student, case):
    """forecast of a linear autoregressive step on hidden histories"""
    coeffs, history, steps = _linear_case(*case)
    step = lambda w: testfns.linear_ar(w, coeffs)  # noqa: E731
    got = student.forecast_autoregressive(Fn("harness", "linear_ar", coeffs), history, steps)
    check_close(got, ref.forecast_autoregressive(step, history, steps),
                f"forecast (history of {len(history)}, {steps} steps)", atol=1e-9,
                likely=diagnoses.forecast_mistakes(step, history, steps))


@rule("x_next = 0.5 x_last halves the last value at every step")
def test_nonlinear_step(student):
    """forecast of a nonlinear step (0.9 tanh of the last value)"""
    history = np.array([0.3, -1.2, 2.5])
    got = student.forecast_autoregressive(Fn("harness", "damped_step"), history, 8)
    check_close(got, ref.forecast_autoregressive(testfns.damped_step, history, 8),
                "forecast with the damped step", atol=1e-9,
                likely=diagnoses.forecast_mistakes(testfns.damped_step, history, 8))


@rule("step_fn always receives exactly len(history) values")
def test_window_keeps_its_length(student):
    """a step that reads its whole window, on a hidden history"""
    rng = np.random.default_rng(310)
    L = 6
    w, history = rng.standard_normal(L) / L, rng.standard_normal(L)
    step = lambda window: testfns.affine_tanh(window, w)  # noqa: E731
    try:
        got = student.forecast_autoregressive(Fn("harness", "affine_tanh", w), history, 10)
    except StudentRaised as exc:
        fail(f"{exc}", diagnoses.WINDOW_LENGTH)
    check_close(got, ref.forecast_autoregressive(step, history, 10),
                "forecast with a step that reads the whole window", atol=1e-9,
                likely=diagnoses.forecast_mistakes(step, history, 10))


@rule("returns `steps` values, shape (steps,)")
def test_one_step(student):
    """steps=1 gives the one-step prediction"""
    coeffs, history, _ = _linear_case(5, 4, 4, 1)
    got = student.forecast_autoregressive(Fn("harness", "linear_ar", coeffs), history, 1)
    check_close(got, [testfns.linear_ar(history, coeffs)], "forecast with steps=1", atol=1e-9)


@rule("an integer history gives float predictions (not truncated)")
def test_integer_history(student):
    """an integer history gives float predictions (not truncated)"""
    history = np.array([1, 2, 3])
    coeffs = [0.3, -0.2, 0.55]
    step = lambda w: testfns.linear_ar(w, coeffs)  # noqa: E731
    got = student.forecast_autoregressive(Fn("harness", "linear_ar", coeffs), history, 5)
    want = ref.forecast_autoregressive(step, history, 5)
    check_close(got, want, "forecast from the integer history [1, 2, 3]", atol=1e-9,
                likely=diagnoses.integer_history_mistakes(step, history, 5))
