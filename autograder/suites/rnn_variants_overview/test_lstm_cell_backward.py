"""Hidden checks for lstm_cell_backward: reference values and numeric gradients."""
import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.harness.checks import check_close, check_shape, check_tuple
from autograder.suites.rnn_variants_overview.common import (lstm_backward_likely, lstm_inputs,
                                                            rng_for)

NAMES = ("dx_t", "dh_prev", "dc_prev", "dW", "dU", "db")
CASES = [(1, 3, 5), (3, 2, 6), (2, 4, 4), (4, 5, 2)]  # (N, D, H): batch of 1, H != D, H == D


def _args(seed, N, D, H, scale=1.0):
    """Upstream gradients dh_next, dc_next and the step's inputs x_t, h_prev, c_prev, W, U, b."""
    x, h, c, W, U, b = lstm_inputs(seed, N, 1, D, H)
    rng = rng_for(500 + seed)
    return (rng.standard_normal((N, H)), rng.standard_normal((N, H)), x[:, 0] * scale,
            h, c, W, U, b)


def _grads(student, args):
    return check_tuple(student.lstm_cell_backward(*args), 6, "lstm_cell_backward")


def _numeric(args, k):
    """Centred differences of sum(dh * h_next) + sum(dc * c_next) w.r.t. input k (x_t .. b)."""
    dh, dc, *inputs = args
    value = np.asarray(inputs[k], dtype=float)
    grad = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        total = 0.0
        for sign in (1, -1):
            changed = list(inputs)
            moved = value.copy()
            moved[index] += sign * 1e-6
            changed[k] = moved
            h_next, c_next = ref.lstm_cell_forward(*changed)
            total += sign * (np.sum(dh * h_next) + np.sum(dc * c_next))
        grad[index] = total / 2e-6
    return grad


@pytest.mark.parametrize("case", CASES, ids=lambda c: "N{}-D{}-H{}".format(*c))
@pytest.mark.parametrize("k", range(6), ids=NAMES)
def test_gradient_matches_reference(student, case, k):
    """each gradient on hidden inputs (batch of 1, H != D, ...)"""
    args = _args(60 + sum(case), *case)
    got = _grads(student, args)
    N, D, H = case
    check_close(got[k], ref.lstm_cell_backward(*args)[k], f"{NAMES[k]} (N={N}, D={D}, H={H})",
                likely=lstm_backward_likely(*args, output=k))


def test_gradients_match_finite_differences(student):
    """every gradient agrees with centred differences of the true LSTM step"""
    args = _args(90, 2, 3, 4)
    got = _grads(student, args)
    for k, name in enumerate(NAMES):
        check_close(got[k], _numeric(args, k), f"{name} (compared with finite differences of "
                    "the LSTM step)", atol=1e-6, rtol=1e-5,
                    likely=lstm_backward_likely(*args, output=k))


def test_h_gradient_reaches_the_cell_state(student):
    """with dc_next = 0, the gradient on h_next still reaches c_prev through c_next"""
    dh, dc, *inputs = _args(91, 3, 4, 5)
    args = (dh, 0 * dc, *inputs)
    got = _grads(student, args)
    want = ref.lstm_cell_backward(*args)
    for k in (2, 1):
        check_close(got[k], want[k], f"{NAMES[k]} when dc_next = 0",
                    likely=lstm_backward_likely(*args, output=k))


def test_gradient_highway(student):
    """with dh_next = 0 and the forget gate near 1, dc_prev carries dc_next almost unchanged"""
    dh, dc, x, h, c, W, U, b = _args(92, 2, 3, 4)
    H = 4
    b = b.copy()
    b[H:2 * H] = 6.0  # forget gate ~ 0.998
    args = (0 * dh, dc, x, h, c, W, U, b)
    got = _grads(student, args)
    check_close(got[2], ref.lstm_cell_backward(*args)[2], "dc_prev when dh_next = 0 and f ~ 1",
                likely=lstm_backward_likely(*args, output=2))


def test_saturated_gates_stay_finite(student):
    """very large pre-activations give finite, correct gradients"""
    args = _args(93, 3, 4, 5, scale=200.0)
    got = _grads(student, args)
    want = ref.lstm_cell_backward(*args)
    for k, name in enumerate(NAMES):
        check_close(got[k], want[k], f"{name} for inputs of size ~200", atol=1e-6)


def test_shapes_and_inputs_not_modified(student):
    """gradients shaped like their variables, with the inputs left unchanged"""
    args = _args(94, 2, 5, 3)
    out, after = student.call("lstm_cell_backward", *args, _return_args=True)
    out = check_tuple(out, 6, "lstm_cell_backward")
    for name, grad, var in zip(NAMES, out, args[2:]):
        check_shape(grad, np.shape(var), f"{name} for N=2, D=5, H=3")
    names = ("dh_next", "dc_next", "x_t", "h_prev", "c_prev", "W", "U", "b")
    for name, before, now in zip(names, args, after):
        check_close(now, before, f"{name} after the call (do not modify inputs)", atol=0, rtol=0)
