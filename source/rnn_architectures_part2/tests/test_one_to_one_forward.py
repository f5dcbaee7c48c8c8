"""Public checks for one_to_one_forward."""
import numpy as np

from _harness.checks import check_close, check_shape

CALLS = ()  # graded functions of this notebook that one_to_one_forward calls


def _inputs(seed=0, N=3, D=4, H=5, C=2):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, D)), rng.standard_normal((D, H)), rng.standard_normal(H),
            rng.standard_normal((H, C)), rng.standard_normal(C))


def _likely(x, Wx, b, Wy, by):
    """The logits as common mistakes compute them, to name the mistake."""
    pre = x @ Wx + b
    logits = np.tanh(pre) @ Wy + by
    e = np.exp(logits - logits.max(-1, keepdims=True))
    return {
        "tanh is missing": pre @ Wy + by,
        "the hidden bias b is missing": np.tanh(x @ Wx) @ Wy + by,
        "the output bias by is missing": np.tanh(pre) @ Wy,
        "sigmoid instead of tanh": (1 / (1 + np.exp(-pre))) @ Wy + by,
        "ReLU instead of tanh": np.maximum(pre, 0) @ Wy + by,
        "tanh applied to the output as well (return the logits)": np.tanh(logits),
        "softmax applied to the output (return the logits)": e / e.sum(-1, keepdims=True),
    }


def test_shape(student):
    """returns logits of shape (N, C)"""
    check_shape(student.one_to_one_forward(*_inputs()), (3, 2), "logits for N=3, C=2")


def test_matches_the_formula(student):
    """logits = tanh(x Wx + b) Wy + by"""
    x, Wx, b, Wy, by = _inputs(1)
    check_close(student.one_to_one_forward(x, Wx, b, Wy, by), np.tanh(x @ Wx + b) @ Wy + by,
                "logits", likely=_likely(x, Wx, b, Wy, by))


def test_zero_input(student):
    """with x = 0 the logits are tanh(b) Wy + by"""
    x, Wx, b, Wy, by = _inputs(2)
    check_close(student.one_to_one_forward(0 * x, Wx, b, Wy, by),
                np.tile(np.tanh(b) @ Wy + by, (3, 1)), "logits for x = 0",
                likely=_likely(0 * x, Wx, b, Wy, by))
