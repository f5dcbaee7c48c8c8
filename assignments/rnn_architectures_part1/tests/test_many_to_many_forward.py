"""Public checks for many_to_many_forward."""
import numpy as np

from _harness.checks import check_close, check_shape
from diagnoses import many_to_many_mistakes

CALLS = ()  # graded functions of this notebook that many_to_many_forward calls


def _inputs(seed=0, N=2, T=4, D=3, H=5, C=2):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)),
            rng.standard_normal(H), rng.standard_normal((H, C)), rng.standard_normal(C))


def _at(likely, t):
    return {why: v[:, t] for why, v in likely.items()}


def test_shape(student):
    """scores have shape (N, T, C)"""
    scores = student.many_to_many_forward(*_inputs())
    check_shape(scores, (2, 4, 2), "scores for N=2, T=4, C=2")


def test_first_step(student):
    """scores[:, 0] = tanh(x_0 Wx + h0 Wh + b) Wy + by"""
    x, h0, Wx, Wh, b, Wy, by = _inputs(1)
    scores = check_shape(student.many_to_many_forward(x, h0, Wx, Wh, b, Wy, by), (2, 4, 2),
                         "scores")
    check_close(scores[:, 0], np.tanh(x[:, 0] @ Wx + h0 @ Wh + b) @ Wy + by, "scores[:, 0]",
                likely=_at(many_to_many_mistakes(x, h0, Wx, Wh, b, Wy, by), 0))


def test_every_step(student):
    """scores[:, t] = h_t Wy + by at every step"""
    x, h0, Wx, Wh, b, Wy, by = _inputs(2, T=3)
    scores = check_shape(student.many_to_many_forward(x, h0, Wx, Wh, b, Wy, by), (2, 3, 2),
                         "scores")
    likely = many_to_many_mistakes(x, h0, Wx, Wh, b, Wy, by)
    h = h0
    for t in range(3):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        check_close(scores[:, t], h @ Wy + by, f"scores[:, {t}]", likely=_at(likely, t))
