"""Public checks for rnn_backward: consistent with your own rnn_forward."""
import numpy as np

from _harness.checks import check_shape, check_tuple, directional_check
from diagnoses import rnn_backward_mistakes

CALLS = ("rnn_cell_backward",)  # graded functions of this notebook that rnn_backward calls

NAMES = ("dx", "dh0", "dWx", "dWh", "db")


def _setup(student, seed=0, N=2, T=4, D=3, H=4):
    rng = np.random.default_rng(seed)
    args = [rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)),
            rng.standard_normal(H)]
    dh = rng.standard_normal((N, T, H))
    _, cache = student.call("rnn_forward", *args, _keep=1)
    grads = check_tuple(student.rnn_backward(dh, cache), 5, "rnn_backward")
    return args, dh, grads


def test_gradient_shapes(student):
    """each gradient has the shape of its variable"""
    args, _, grads = _setup(student)
    for name, grad, var in zip(NAMES, grads, args):
        check_shape(grad, np.shape(var), name)


def test_gradients_match_finite_differences(student):
    """every gradient agrees with a finite difference of your rnn_forward"""
    args, dh, grads = _setup(student, seed=1)
    likely = rnn_backward_mistakes(args, dh)
    for k, (name, grad) in enumerate(zip(NAMES, grads)):
        def loss(value, k=k):
            changed = list(args)
            changed[k] = value
            h = student.call("rnn_forward", *changed, _keep=1)[0]
            return float(np.sum(h * dh))
        directional_check(loss, args[k], grad, name, seed=k,
                          likely={why: g[k] for why, g in likely.items()})
