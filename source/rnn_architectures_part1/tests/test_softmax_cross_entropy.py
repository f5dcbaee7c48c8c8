"""Public checks for softmax_cross_entropy."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple, fail
from diagnoses import cross_entropy_grad_mistakes, cross_entropy_loss_mistakes

CALLS = ()  # graded functions of this notebook that softmax_cross_entropy calls


def test_returns_loss_and_gradient(student):
    """returns (loss, dlogits): a number and an (N, C) array"""
    logits = np.random.default_rng(0).standard_normal((3, 4))
    loss, dlogits = check_tuple(student.softmax_cross_entropy(logits, np.array([0, 1, 3])), 2,
                                "softmax_cross_entropy")
    if np.ndim(loss) != 0:
        fail(f"loss should be a single number (the mean over the batch), got shape "
             f"{np.shape(loss)}")
    check_shape(dlogits, (3, 4), "dlogits")


def test_uniform_logits(student):
    """equal logits give loss log(C) and dlogits (1/C - onehot)/N"""
    logits, y = np.zeros((2, 4)), np.array([1, 2])
    loss, dlogits = student.softmax_cross_entropy(logits, y)
    check_close(loss, np.log(4), "loss for equal logits (C=4)",
                likely=cross_entropy_loss_mistakes(logits, y))
    want = np.full((2, 4), 0.25)
    want[[0, 1], y] -= 1
    check_close(dlogits, want / 2, "dlogits for equal logits (N=2)",
                likely=cross_entropy_grad_mistakes(logits, y))


def test_large_logits_are_stable(student):
    """logits in the thousands give a finite, correct loss"""
    logits, y = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]]), np.array([0, 2])
    loss, dlogits = student.softmax_cross_entropy(logits, y)
    want = np.log1p(np.exp(-1.0)) + 1.0  # second row: -log softmax = 1 + log(1 + e^-1)
    if not np.isfinite(loss):
        fail("the loss is not finite for large logits: subtract the row maximum before "
             "exponentiating (log-sum-exp)")
    check_close(loss, want / 2, "loss for logits in the thousands", atol=1e-6,
                likely=cross_entropy_loss_mistakes(logits, y))
    check_close(np.asarray(dlogits).sum(axis=1), np.zeros(2), "each row of dlogits sums to 0",
                atol=1e-9, likely={why: g.sum(axis=1)
                                   for why, g in cross_entropy_grad_mistakes(logits, y).items()})
