"""Public checks for one_to_one_forward."""
import numpy as np

from _harness.checks import check_close, check_shape
from diagnoses import one_to_one_mistakes

CALLS = ()  # graded functions of this notebook that one_to_one_forward calls


def _inputs(seed=0, N=3, D=4, H=5, C=2):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, D)), rng.standard_normal((D, H)), rng.standard_normal(H),
            rng.standard_normal((H, C)), rng.standard_normal(C))


def test_shape(student):
    """returns logits of shape (N, C)"""
    check_shape(student.one_to_one_forward(*_inputs()), (3, 2), "logits for N=3, C=2")


def test_matches_the_formula(student):
    """logits = tanh(x Wx + b) Wy + by"""
    x, Wx, b, Wy, by = _inputs(1)
    check_close(student.one_to_one_forward(x, Wx, b, Wy, by), np.tanh(x @ Wx + b) @ Wy + by,
                "logits", likely=one_to_one_mistakes(x, Wx, b, Wy, by))


def test_zero_input(student):
    """with x = 0 the logits are tanh(b) Wy + by"""
    x, Wx, b, Wy, by = _inputs(2)
    check_close(student.one_to_one_forward(0 * x, Wx, b, Wy, by),
                np.tile(np.tanh(b) @ Wy + by, (3, 1)), "logits for x = 0",
                likely=one_to_one_mistakes(0 * x, Wx, b, Wy, by))
