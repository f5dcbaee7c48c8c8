"""Public checks for many_to_one_forward."""
import numpy as np

from _harness.checks import check_close, check_shape
from diagnoses import many_to_one_mistakes

CALLS = ()  # graded functions of this notebook that many_to_one_forward calls


def _inputs(seed=0, N=2, T=4, D=3, H=5, C=2):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)),
            rng.standard_normal(H), rng.standard_normal((H, C)), rng.standard_normal(C))


def test_shape(student):
    """logits have shape (N, C)"""
    logits = student.many_to_one_forward(*_inputs())
    check_shape(logits, (2, 2), "logits for N=2, C=2")


def test_single_step(student):
    """with T = 1: logits = tanh(x_0 Wx + h0 Wh + b) Wy + by"""
    x, h0, Wx, Wh, b, Wy, by = _inputs(1, T=1)
    want = np.tanh(x[:, 0] @ Wx + h0 @ Wh + b) @ Wy + by
    check_close(student.many_to_one_forward(x, h0, Wx, Wh, b, Wy, by), want, "logits (T=1)",
                likely=many_to_one_mistakes(x, h0, Wx, Wh, b, Wy, by))


def test_uses_last_hidden_state(student):
    """logits come from the last hidden state h_{T-1}"""
    x, h0, Wx, Wh, b, Wy, by = _inputs(2, T=3)
    h = h0
    for t in range(3):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
    check_close(student.many_to_one_forward(x, h0, Wx, Wh, b, Wy, by), h @ Wy + by,
                "logits (T=3)", likely=many_to_one_mistakes(x, h0, Wx, Wh, b, Wy, by))
