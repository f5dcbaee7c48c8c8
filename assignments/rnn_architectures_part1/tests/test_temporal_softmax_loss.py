"""Public checks for temporal_softmax_loss."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple, fail
from diagnoses import temporal_grad_mistakes, temporal_loss_mistakes, temporal_parts

CALLS = ()  # graded functions of this notebook that temporal_softmax_loss calls


def _inputs(seed=0, N=2, T=4, C=3):
    rng = np.random.default_rng(seed)
    mask = np.ones((N, T), dtype=bool)
    mask[0, 2:] = False
    return rng.standard_normal((N, T, C)), rng.integers(0, C, size=(N, T)), mask


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
                likely=_unambiguous(temporal_loss_mistakes(*args)))


def test_padding_is_ignored(student):
    """padded steps change neither the loss nor the gradient, and get zero gradient"""
    scores, y, mask = _inputs(1)
    loss, dscores = student.temporal_softmax_loss(scores, y, mask)
    _, _, picked, _, _, _ = temporal_parts(scores, y, mask)
    check_close(loss, -(picked * mask).sum() / 2, "loss (N=2, 2 padded steps)",
                likely=temporal_loss_mistakes(scores, y, mask))
    noisy, y2 = scores.copy(), y.copy()
    noisy[~mask] = 50 * np.random.default_rng(2).standard_normal((int((~mask).sum()), 3))
    y2[~mask] = (y2[~mask] + 1) % 3
    loss2, dscores2 = student.temporal_softmax_loss(noisy, y2, mask)
    check_close(loss2, loss, "loss with different values at padded steps")
    likely = temporal_grad_mistakes(scores, y, mask)
    check_close(np.asarray(dscores)[~mask], np.zeros((int((~mask).sum()), 3)),
                "dscores at padded steps", likely={why: g[~mask] for why, g in likely.items()})
    check_close(np.asarray(dscores2)[mask], np.asarray(dscores)[mask],
                "dscores at real steps when padded values change")


def test_gradient_values(student):
    """dscores = (softmax(scores) - onehot(y)) / N at real steps and 0 at padded ones"""
    scores, y, mask = _inputs(3)
    _, dscores = check_tuple(student.temporal_softmax_loss(scores, y, mask), 2,
                             "temporal_softmax_loss")
    N, _, _, p, onehot, m = temporal_parts(scores, y, mask)
    check_close(dscores, (p - onehot) * m[..., None] / N, "dscores (N=2, 2 padded steps)",
                likely=temporal_grad_mistakes(scores, y, mask))
