"""Public checks for temporal_softmax_loss."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple, fail


def _inputs(seed=0, N=2, T=4, C=3):
    rng = np.random.default_rng(seed)
    mask = np.ones((N, T), dtype=bool)
    mask[0, 2:] = False
    return rng.standard_normal((N, T, C)), rng.integers(0, C, size=(N, T)), mask


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
    loss, _ = student.temporal_softmax_loss(np.zeros((2, 3, 4)), np.zeros((2, 3), dtype=int),
                                            np.ones((2, 3), dtype=bool))
    check_close(loss, 3 * np.log(4), "loss for N=2, T=3, C=4 with equal scores",
                likely={"divided by N*T (a mean over all steps)": np.log(4),
                        "not divided by N": 6 * np.log(4)})


def test_padding_is_ignored(student):
    """padded steps change neither the loss nor the gradient, and get zero gradient"""
    scores, y, mask = _inputs(1)
    loss, dscores = student.temporal_softmax_loss(scores, y, mask)
    z = scores - scores.max(-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(-1, keepdims=True))
    picked = np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0]
    check_close(loss, -(picked * mask).sum() / 2, "loss (N=2, 2 padded steps)",
                likely={"the mask is ignored: padded steps are counted": -picked.sum() / 2})
    noisy, y2 = scores.copy(), y.copy()
    noisy[~mask] = 50 * np.random.default_rng(2).standard_normal((int((~mask).sum()), 3))
    y2[~mask] = (y2[~mask] + 1) % 3
    loss2, dscores2 = student.temporal_softmax_loss(noisy, y2, mask)
    check_close(loss2, loss, "loss with different values at padded steps")
    check_close(np.asarray(dscores)[~mask], np.zeros((int((~mask).sum()), 3)),
                "dscores at padded steps")
    check_close(np.asarray(dscores2)[mask], np.asarray(dscores)[mask],
                "dscores at real steps when padded values change")
