"""Public checks for softmax_cross_entropy."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple, fail
from _harness.student import NonFiniteValue
from diagnoses import (cross_entropy_grad_mistakes, cross_entropy_loss_mistakes, log_softmax,
                       returns, unstable_softmax)

CALLS = ()  # graded functions of this notebook that softmax_cross_entropy calls


def _call(student, logits, y):
    """(loss, dlogits); NaN or inf in them is diagnosed (overflow or underflow)."""
    try:
        out = student.softmax_cross_entropy(logits, y)
    except NonFiniteValue as exc:
        fail(str(exc), unstable_softmax(
            lambda z: returns(student.softmax_cross_entropy, z, y), logits))
    loss, dlogits = check_tuple(out, 2, "softmax_cross_entropy")
    if np.ndim(loss) != 0:
        fail(f"loss should be a single number (the mean over the batch), got shape "
             f"{np.shape(loss)}")
    return loss, dlogits


def test_returns_loss_and_gradient(student):
    """returns (loss, dlogits): a number and an (N, C) array"""
    logits = np.random.default_rng(0).standard_normal((3, 4))
    _, dlogits = _call(student, logits, np.array([0, 1, 3]))
    check_shape(dlogits, (3, 4), "dlogits")


def test_uniform_logits(student):
    """equal logits give loss log(C) and dlogits (1/C - onehot)/N"""
    logits, y = np.zeros((2, 4)), np.array([1, 2])
    loss, dlogits = _call(student, logits, y)
    check_close(loss, np.log(4), "loss for equal logits (C=4)",
                likely=cross_entropy_loss_mistakes(logits, y))
    want = np.full((2, 4), 0.25)
    want[[0, 1], y] -= 1
    check_close(dlogits, want / 2, "dlogits for equal logits (N=2)",
                likely=cross_entropy_grad_mistakes(logits, y))


def test_loss_values(student):
    """the loss is the mean over the batch of -log softmax(logits)[i, y_i]"""
    rng = np.random.default_rng(1)
    logits, y = 2 * rng.standard_normal((5, 3)), np.array([0, 2, 1, 1, 0])
    loss, _ = _call(student, logits, y)
    check_close(loss, -log_softmax(logits)[np.arange(5), y].mean(), "loss (N=5, C=3)",
                likely=cross_entropy_loss_mistakes(logits, y))


def test_gradient_values(student):
    """dlogits = (softmax(logits) - onehot(y)) / N"""
    rng = np.random.default_rng(2)
    logits, y = 2 * rng.standard_normal((4, 5)), np.array([4, 0, 2, 2])
    _, dlogits = _call(student, logits, y)
    want = np.exp(log_softmax(logits)) - np.eye(5)[y]
    check_close(dlogits, want / 4, "dlogits (N=4, C=5)",
                likely=cross_entropy_grad_mistakes(logits, y))


def test_large_logits_are_stable(student):
    """logits in the thousands give a finite, correct loss and gradient"""
    # row 0: the true class holds the maximum; row 1: near it; row 2: 1000 below it
    logits = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0], [-500.0, 500.0, 0.0]])
    y = np.array([0, 2, 0])
    loss, dlogits = _call(student, logits, y)
    check_close(loss, -log_softmax(logits)[np.arange(3), y].mean(),
                "loss for logits in the thousands", atol=1e-6,
                likely=cross_entropy_loss_mistakes(logits, y))
    check_close(dlogits, (np.exp(log_softmax(logits)) - np.eye(3)[y]) / 3,
                "dlogits for logits in the thousands",
                likely=cross_entropy_grad_mistakes(logits, y))
