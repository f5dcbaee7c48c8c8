"""Public checks for temporal_softmax_loss."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple, fail

CALLS = ()  # graded functions of this notebook that temporal_softmax_loss calls


def _inputs(seed=0, N=2, T=4, C=3):
    rng = np.random.default_rng(seed)
    mask = np.ones((N, T), dtype=bool)
    mask[0, 2:] = False
    return rng.standard_normal((N, T, C)), rng.integers(0, C, size=(N, T)), mask


def _parts(scores, y, mask):
    N, T, C = scores.shape
    z = scores - scores.max(-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(-1, keepdims=True))
    picked = np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0]
    return N, T, picked, np.exp(log_p), np.eye(C)[y], mask.astype(float)


def _likely_loss(scores, y, mask):
    """The loss as common mistakes compute it, to name the mistake."""
    N, T, lp, _, _, m = _parts(scores, y, mask)
    return {"the mask is ignored: padded steps are counted": -lp.sum() / N,
            "divided by the number of unmasked steps instead of N":
                -(m * lp).sum() / max(m.sum(), 1),
            "divided by N*T instead of N": -(m * lp).sum() / (N * T),
            "not divided by N": -(m * lp).sum()}


def _likely_grad(scores, y, mask):
    """dscores as common mistakes compute it, to name the mistake."""
    N, T, _, p, onehot, m = _parts(scores, y, mask)
    grad = p - onehot
    return {"the mask is not applied to the gradient": grad / N,
            "the gradient is divided by the number of unmasked steps instead of N":
                grad * m[..., None] / max(m.sum(), 1),
            "the gradient is divided by N*T instead of N": grad * m[..., None] / (N * T),
            "the gradient is not divided by N": grad * m[..., None],
            "forgot to subtract the one-hot of the targets": p * m[..., None] / N}


def _unambiguous(likely):
    """The explanations whose value no other explanation shares."""
    values = list(likely.values())
    return {why: v for why, v in likely.items()
            if sum(np.shape(v) == np.shape(w) and np.allclose(v, w) for w in values) == 1}


def test_returns_loss_and_gradient(student):
    """returns (loss, dscores): a number and an array shaped like scores"""
    scores, y, mask = _inputs()
    loss, dscores = check_tuple(student.temporal_softmax_loss(scores, y, mask), 2,
                                "temporal_softmax_loss")
    if np.ndim(loss) != 0:
        fail(f"loss should be a single number, got shape {np.shape(loss)}")
    check_shape(dscores, scores.shape, "dscores")


def test_sum_over_steps_divided_by_batch(student):
    """equal scores, no padding: loss = T log(C) (summed over steps, divided by N)"""
    args = np.zeros((2, 3, 4)), np.zeros((2, 3), dtype=int), np.ones((2, 3), dtype=bool)
    loss, _ = student.temporal_softmax_loss(*args)
    # without padding, N*T is the number of unmasked steps: that pair stays unnamed here
    check_close(loss, 3 * np.log(4), "loss for N=2, T=3, C=4 with equal scores",
                likely=_unambiguous(_likely_loss(*args)))


def test_padding_is_ignored(student):
    """padded steps change neither the loss nor the gradient, and get zero gradient"""
    scores, y, mask = _inputs(1)
    loss, dscores = student.temporal_softmax_loss(scores, y, mask)
    _, _, picked, _, _, _ = _parts(scores, y, mask)
    check_close(loss, -(picked * mask).sum() / 2, "loss (N=2, 2 padded steps)",
                likely=_likely_loss(scores, y, mask))
    noisy, y2 = scores.copy(), y.copy()
    noisy[~mask] = 50 * np.random.default_rng(2).standard_normal((int((~mask).sum()), 3))
    y2[~mask] = (y2[~mask] + 1) % 3
    loss2, dscores2 = student.temporal_softmax_loss(noisy, y2, mask)
    check_close(loss2, loss, "loss with different values at padded steps")
    check_close(np.asarray(dscores)[~mask], np.zeros((int((~mask).sum()), 3)),
                "dscores at padded steps",
                likely={why: g[~mask] for why, g in _likely_grad(scores, y, mask).items()})
    check_close(np.asarray(dscores2)[mask], np.asarray(dscores)[mask],
                "dscores at real steps when padded values change")


def test_gradient_values(student):
    """dscores = (softmax(scores) - onehot(y)) / N at real steps and 0 at padded ones"""
    scores, y, mask = _inputs(3)
    _, dscores = check_tuple(student.temporal_softmax_loss(scores, y, mask), 2,
                             "temporal_softmax_loss")
    N, _, _, p, onehot, m = _parts(scores, y, mask)
    check_close(dscores, (p - onehot) * m[..., None] / N, "dscores (N=2, 2 padded steps)",
                likely=_likely_grad(scores, y, mask))
