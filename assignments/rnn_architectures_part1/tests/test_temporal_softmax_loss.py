"""Public checks for temporal_softmax_loss."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple, fail
from _harness.student import NonFiniteValue
from diagnoses import (returns, temporal_grad_mistakes, temporal_loss_mistakes, temporal_parts,
                       unstable_softmax)

CALLS = ()  # graded functions of this notebook that temporal_softmax_loss calls


def _inputs(seed=0, N=2, T=4, C=3):
    rng = np.random.default_rng(seed)
    mask = np.ones((N, T), dtype=bool)
    mask[0, 2:] = False
    return rng.standard_normal((N, T, C)), rng.integers(0, C, size=(N, T)), mask


def _call(student, scores, y, mask):
    """(loss, dscores); NaN or inf in them is diagnosed (overflow or underflow)."""
    try:
        out = student.temporal_softmax_loss(scores, y, mask)
    except NonFiniteValue as exc:
        fail(str(exc), unstable_softmax(
            lambda s: returns(student.temporal_softmax_loss, s, y, mask), scores))
    loss, dscores = check_tuple(out, 2, "temporal_softmax_loss")
    if np.ndim(loss) != 0:
        fail(f"loss should be a single number, got shape {np.shape(loss)}")
    return loss, dscores


def _unambiguous(likely):
    """The explanations whose value no other explanation shares."""
    values = list(likely.values())
    return {why: v for why, v in likely.items()
            if sum(np.shape(v) == np.shape(w) and np.allclose(v, w) for w in values) == 1}


def test_returns_loss_and_gradient(student):
    """returns (loss, dscores): a number and an array shaped like scores"""
    scores, y, mask = _inputs()
    _, dscores = _call(student, scores, y, mask)
    check_shape(dscores, scores.shape, "dscores")


def test_sum_over_steps_divided_by_batch(student):
    """equal scores, no padding: loss = T log(C) (summed over steps, divided by N)"""
    args = np.zeros((2, 3, 4)), np.zeros((2, 3), dtype=int), np.ones((2, 3), dtype=bool)
    loss, _ = _call(student, *args)
    # without padding, N*T is the number of unmasked steps: that pair stays unnamed here
    check_close(loss, 3 * np.log(4), "loss for N=2, T=3, C=4 with equal scores",
                likely=_unambiguous(temporal_loss_mistakes(*args)))


def test_padding_is_ignored(student):
    """padded steps change neither the loss nor the gradient, and get zero gradient"""
    scores, y, mask = _inputs(1)
    loss, dscores = _call(student, scores, y, mask)
    _, _, picked, _, _, _ = temporal_parts(scores, y, mask)
    check_close(loss, -(picked * mask).sum() / 2, "loss (N=2, 2 padded steps)",
                likely=temporal_loss_mistakes(scores, y, mask))
    noisy, y2 = scores.copy(), y.copy()
    noisy[~mask] = 50 * np.random.default_rng(2).standard_normal((int((~mask).sum()), 3))
    y2[~mask] = (y2[~mask] + 1) % 3
    loss2, dscores2 = _call(student, noisy, y2, mask)
    check_close(loss2, loss, "loss with different values at padded steps")
    likely = temporal_grad_mistakes(scores, y, mask)
    check_close(np.asarray(dscores)[~mask], np.zeros((int((~mask).sum()), 3)),
                "dscores at padded steps", likely={why: g[~mask] for why, g in likely.items()})
    check_close(np.asarray(dscores2)[mask], np.asarray(dscores)[mask],
                "dscores at real steps when padded values change")


def test_gradient_values(student):
    """dscores = (softmax(scores) - onehot(y)) / N at real steps and 0 at padded ones"""
    scores, y, mask = _inputs(3)
    _, dscores = _call(student, scores, y, mask)
    N, _, _, p, onehot, m = temporal_parts(scores, y, mask)
    check_close(dscores, (p - onehot) * m[..., None] / N, "dscores (N=2, 2 padded steps)",
                likely=temporal_grad_mistakes(scores, y, mask))


def test_loss_values(student):
    """the loss sums -log softmax(scores)[y] over the real steps, divided by N (not their count)"""
    rng = np.random.default_rng(4)
    scores, y = 2 * rng.standard_normal((3, 5, 4)), rng.integers(0, 4, (3, 5))
    mask = np.arange(5)[None, :] < np.array([5, 2, 3])[:, None]
    loss, _ = _call(student, scores, y, mask)
    N, _, picked, _, _, m = temporal_parts(scores, y, mask)
    check_close(loss, -(m * picked).sum() / N, "loss (N=3, lengths 5, 2, 3)",
                likely=temporal_loss_mistakes(scores, y, mask))


def test_large_scores_are_stable(student):
    """scores in the thousands give a finite, correct loss and gradient"""
    # a target holding its step's maximum, one near it, one 1000 below it; a padded step
    scores = np.array([[[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]],
                       [[-500.0, 500.0, 0.0], [2000.0, -2000.0, 0.0]]])
    y, mask = np.array([[0, 2], [0, 1]]), np.array([[True, True], [True, False]])
    loss, dscores = _call(student, scores, y, mask)
    N, _, picked, p, onehot, m = temporal_parts(scores, y, mask)
    check_close(loss, -(m * picked).sum() / N, "loss for scores in the thousands", atol=1e-6,
                likely=temporal_loss_mistakes(scores, y, mask))
    check_close(dscores, (p - onehot) * m[..., None] / N, "dscores for scores in the thousands",
                likely=temporal_grad_mistakes(scores, y, mask))
