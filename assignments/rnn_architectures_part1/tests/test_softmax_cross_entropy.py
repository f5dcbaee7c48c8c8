"""Public checks for softmax_cross_entropy."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple, fail

CALLS = ()  # graded functions of this notebook that softmax_cross_entropy calls


def _log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _likely_loss(logits, y):
    """The loss as common mistakes compute it, to name the mistake."""
    lp = _log_softmax(logits)[np.arange(len(y)), y]
    return {"the loss is summed over the batch instead of averaged": -lp.sum(),
            "the loss has the wrong sign": lp.mean(),
            "the loss is the mean over all N*C log-probabilities": -_log_softmax(logits).mean()}


def _likely_grad(logits, y):
    """dlogits as common mistakes compute it, to name the mistake."""
    N = len(y)
    p = np.exp(_log_softmax(logits))
    onehot = np.eye(logits.shape[1])[y]
    return {
        "the gradient is not divided by the batch size N": p - onehot,
        "forgot to subtract the one-hot of the true class: dlogits = softmax / N": p / N,
        "the gradient has the wrong sign: (onehot - p) / N": (onehot - p) / N,
        "the gradient is the softmax minus one everywhere": (p - 1) / N,
    }


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
    check_close(loss, np.log(4), "loss for equal logits (C=4)", likely=_likely_loss(logits, y))
    want = np.full((2, 4), 0.25)
    want[[0, 1], y] -= 1
    check_close(dlogits, want / 2, "dlogits for equal logits (N=2)",
                likely=_likely_grad(logits, y))


def test_large_logits_are_stable(student):
    """logits in the thousands give a finite, correct loss"""
    logits, y = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]]), np.array([0, 2])
    loss, dlogits = student.softmax_cross_entropy(logits, y)
    want = np.log1p(np.exp(-1.0)) + 1.0  # second row: -log softmax = 1 + log(1 + e^-1)
    if not np.isfinite(loss):
        fail("the loss is not finite for large logits: subtract the row maximum before "
             "exponentiating (log-sum-exp)")
    check_close(loss, want / 2, "loss for logits in the thousands", atol=1e-6,
                likely=_likely_loss(logits, y))
    check_close(np.asarray(dlogits).sum(axis=1), np.zeros(2), "each row of dlogits sums to 0",
                atol=1e-9, likely={why: g.sum(axis=1)
                                   for why, g in _likely_grad(logits, y).items()})
