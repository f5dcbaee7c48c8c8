"""Public checks for rnn_cell_backward, on caches laid out as rnn_cell_forward's question
defines them (``caches.py``): a mistake in your forward pass never costs this question."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple
from caches import step_cache
from diagnoses import numeric_gradients, rnn_cell_backward_mistakes

CALLS = ()  # graded functions of this notebook that rnn_cell_backward calls

NAMES = ("dx_t", "dh_prev", "dWx", "dWh", "db")


def _setup(student, seed=0, N=2, D=3, H=4):
    rng = np.random.default_rng(seed)
    args = [rng.standard_normal((N, D)), rng.standard_normal((N, H)),
            rng.standard_normal((D, H)), rng.standard_normal((H, H)), rng.standard_normal(H)]
    dh = rng.standard_normal((N, H))
    grads = check_tuple(student.rnn_cell_backward(dh, step_cache(*args)), 5, "rnn_cell_backward")
    return args, dh, grads


def test_gradient_shapes(student):
    """each gradient has the shape of its variable"""
    args, _, grads = _setup(student)
    for name, grad, var in zip(NAMES, grads, args):
        check_shape(grad, np.shape(var), name)


def test_gradients_match_finite_differences(student):
    """every gradient agrees with centred differences of h_next = tanh(x_t Wx + h_prev Wh + b)"""
    args, dh, grads = _setup(student, seed=1)
    numeric = numeric_gradients(
        lambda x, h, Wx, Wh, b: np.sum(np.tanh(x @ Wx + h @ Wh + b) * dh), args)
    for k, (name, grad) in enumerate(zip(NAMES, grads)):
        check_close(grad, numeric[k], name, atol=1e-6,
                    likely=rnn_cell_backward_mistakes(args, dh, k))
