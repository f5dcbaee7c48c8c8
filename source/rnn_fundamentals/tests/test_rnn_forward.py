"""Public checks for rnn_forward."""
import numpy as np

from _harness.checks import check_close, check_shape
from diagnoses import rnn_forward_mistakes

CALLS = ("rnn_cell_forward",)  # graded functions of this notebook that rnn_forward calls


def _inputs(seed=0, N=2, T=4, D=3, H=5):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)),
            rng.standard_normal(H))


def _at(likely, t):
    return {why: h[:, t] for why, h in likely.items()}


def test_shape(student):
    """h has shape (N, T, H)"""
    h = student.call("rnn_forward", *_inputs(), _keep=1)[0]
    check_shape(h, (2, 4, 5), "h for N=2, T=4, H=5")


def test_first_step_uses_h0(student):
    """h[:, 0] = tanh(x_0 Wx + h0 Wh + b)"""
    x, h0, Wx, Wh, b = _inputs(1)
    h = student.call("rnn_forward", x, h0, Wx, Wh, b, _keep=1)[0]
    check_close(h[:, 0], np.tanh(x[:, 0] @ Wx + h0 @ Wh + b), "h[:, 0]",
                likely=_at(rnn_forward_mistakes(x, h0, Wx, Wh, b), 0))


def test_state_is_carried_through_time(student):
    """h[:, t] = tanh(x_t Wx + h[:, t-1] Wh + b) for every t > 0"""
    x, h0, Wx, Wh, b = _inputs(2)
    h = check_shape(student.call("rnn_forward", x, h0, Wx, Wh, b, _keep=1)[0], (2, 4, 5), "h")
    likely = rnn_forward_mistakes(x, h0, Wx, Wh, b)
    for t in range(1, 4):
        check_close(h[:, t], np.tanh(x[:, t] @ Wx + h[:, t - 1] @ Wh + b), f"h[:, {t}]",
                    likely=_at(likely, t))
