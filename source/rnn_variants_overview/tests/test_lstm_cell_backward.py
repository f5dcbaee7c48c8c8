"""Public checks for lstm_cell_backward.

Every gradient is compared with centred finite differences of one LSTM step written
here from the notebook's equations (not with your lstm_cell_forward, so a mistake in
your forward pass cannot hide one in your backward pass). Likely mistakes are named
by differentiating, numerically too, a step changed the way the mistake changes it
(``diagnoses.py``).
"""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple
from diagnoses import lstm_cell_backward_mistakes, lstm_step_gradients

CALLS = ()  # graded functions of this notebook that lstm_cell_backward calls

NAMES = ("dx_t", "dh_prev", "dc_prev", "dW", "dU", "db")


def _inputs(seed, N=2, D=3, H=4, scale=1.0):
    rng = np.random.default_rng(seed)
    args = (scale * rng.standard_normal((N, D)), 0.5 * rng.standard_normal((N, H)),
            rng.standard_normal((N, H)), rng.standard_normal((D, 4 * H)) / np.sqrt(D),
            rng.standard_normal((H, 4 * H)) / np.sqrt(H), 0.5 * rng.standard_normal(4 * H))
    return rng.standard_normal((N, H)), rng.standard_normal((N, H)), args


def _gradients(student, dh, dc, args):
    return check_tuple(student.lstm_cell_backward(dh, dc, *args), 6, "lstm_cell_backward")


def _compare(student, seed, which, dh_scale=1.0, dc_scale=1.0, note=""):
    dh, dc, args = _inputs(seed)
    dh, dc = dh_scale * dh, dc_scale * dc
    grads = _gradients(student, dh, dc, args)
    expected = lstm_step_gradients(dh, dc, args)
    likely = lstm_cell_backward_mistakes(dh, dc, args)
    for k in which:
        check_close(grads[k], expected[k], f"{NAMES[k]}{note} (compared with finite differences "
                    "of the LSTM step)", atol=1e-6, rtol=1e-5, likely=likely[k])


def test_gradient_shapes(student):
    """returns six gradients, each shaped like its variable"""
    dh, dc, args = _inputs(0, N=3, D=2, H=5)
    grads = _gradients(student, dh, dc, args)
    for name, grad, var in zip(NAMES, grads, args):
        check_shape(grad, np.shape(var), f"{name} for N=3, D=2, H=5")


def test_cell_state_gradient(student):
    """dc_prev agrees with finite differences (the cell-state 'gradient highway')"""
    _compare(student, 1, [2])


def test_h_gradient_reaches_the_cell_state(student):
    """with dc_next = 0, the gradient on h_next still reaches c_prev through c_next"""
    _compare(student, 2, [2, 1], dc_scale=0.0, note=" when dc_next = 0")


def test_input_and_state_gradients(student):
    """dx_t and dh_prev agree with finite differences"""
    _compare(student, 3, [0, 1])


def test_weight_gradients(student):
    """dW, dU and db agree with finite differences"""
    _compare(student, 4, [3, 4, 5])


def test_saturated_gates_stay_finite(student):
    """very large pre-activations give finite, correct gradients"""
    dh, dc, args = _inputs(5, scale=200.0)
    grads = _gradients(student, dh, dc, args)
    expected = lstm_step_gradients(dh, dc, args)
    for k, name in enumerate(NAMES):
        check_close(grads[k], expected[k], f"{name} for inputs of size ~200", atol=1e-5)
