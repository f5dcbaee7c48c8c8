"""Public checks for rnn_backward, on caches laid out as rnn_forward's question defines
them (``caches.py``): a mistake in your forward pass never costs this question."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple
from caches import sequence_cache
from diagnoses import numeric_gradients, rnn_backward_mistakes, unfold

CALLS = ("rnn_cell_backward",)  # graded functions of this notebook that rnn_backward calls

NAMES = ("dx", "dh0", "dWx", "dWh", "db")


def _setup(student, seed=0, N=2, T=4, D=3, H=4):
    rng = np.random.default_rng(seed)
    args = [rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)),
            rng.standard_normal(H)]
    dh = rng.standard_normal((N, T, H))
    grads = check_tuple(student.rnn_backward(dh, sequence_cache(*args)), 5, "rnn_backward")
    return args, dh, grads


def test_gradient_shapes(student):
    """each gradient has the shape of its variable"""
    args, _, grads = _setup(student)
    for name, grad, var in zip(NAMES, grads, args):
        check_shape(grad, np.shape(var), name)


def test_gradients_match_finite_differences(student):
    """every gradient agrees with centred differences of the unfolded RNN"""
    args, dh, grads = _setup(student, seed=1)

    def objective(x, h0, Wx, Wh, b):
        return np.sum(unfold(x, h0, lambda x_t, h: np.tanh(x_t @ Wx + h @ Wh + b)) * dh)
    numeric = numeric_gradients(objective, args)
    likely = rnn_backward_mistakes(args, dh)
    for k, (name, grad) in enumerate(zip(NAMES, grads)):
        check_close(grad, numeric[k], name, atol=1e-6,
                    likely={why: g[k] for why, g in likely.items()})
