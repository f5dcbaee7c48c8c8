"""Public checks for conv1d_forward."""
import numpy as np

from _harness.checks import as_array, check_close, check_raises, fail
from diagnoses import conv1d_mistakes, window_sums

CALLS = ()  # graded functions of this notebook that conv1d_forward calls


def _output(student, x, w, b, what):
    """conv1d_forward(x, w, b), checked to have the shape (N, T-K+1, F)."""
    y = as_array(student.conv1d_forward(x, w, b), what)
    want = (x.shape[0], x.shape[1] - w.shape[0] + 1, w.shape[2])
    if y.shape != want:
        hint = ""
        if y.ndim == 3 and y.shape[1] == x.shape[1]:
            hint = ": that is 'same' padding; use 'valid' (no padding), T-K+1 outputs"
        mistake = next((why for why, wrong in conv1d_mistakes(x, w, b).items()
                        if wrong.shape == y.shape and y.dtype.kind in "fiu"
                        and np.allclose(y, wrong, atol=1e-6, rtol=1e-5)), None)
        fail(f"{what} has shape {y.shape}, expected {want}{hint}", mistake)
    return y


def test_shape(student):
    """valid convolution: output (N, T-K+1, F)"""
    rng = np.random.default_rng(0)
    _output(student, rng.standard_normal((2, 7, 3)), rng.standard_normal((3, 3, 4)), np.zeros(4),
            "y for N=2, T=7, K=3, F=4 (valid padding: T-K+1 steps)")


def test_window_sums(student):
    """a kernel of ones sums each window of K steps, plus the bias"""
    x, w, b = np.arange(6, dtype=float).reshape(1, 6, 1), np.ones((3, 1, 1)), np.array([0.5])
    check_close(_output(student, x, w, b, "window sums"),
                np.array([3.0, 6.0, 9.0, 12.0]).reshape(1, 4, 1) + 0.5, "window sums",
                likely=conv1d_mistakes(x, w, b))


def test_cross_correlation_not_flipped(student):
    """w[k] multiplies x[t + k] (cross-correlation, the kernel is not flipped)"""
    x = np.arange(5, dtype=float).reshape(1, 5, 1)
    w = np.array([1.0, 0.0]).reshape(2, 1, 1)
    check_close(_output(student, x, w, np.zeros(1), "y for the kernel [1, 0]"), x[:, :4],
                "y for the kernel [1, 0]", likely=conv1d_mistakes(x, w, np.zeros(1)))


def test_every_window(student):
    """y[:, t] = b + sum_k x[:, t+k] @ w[k] with several channels and filters"""
    rng = np.random.default_rng(1)
    x, w, b = rng.standard_normal((2, 6, 3)), rng.standard_normal((2, 3, 4)), rng.standard_normal(4)
    want = b + np.stack([sum(x[:, t + k] @ w[k] for k in range(2)) for t in range(5)], axis=1)
    check_close(_output(student, x, w, b, "y for N=2, T=6, D=3, K=2, F=4"), want,
                "y for N=2, T=6, D=3, K=2, F=4", likely=conv1d_mistakes(x, w, b))


def test_too_short_raises(student):
    """T = K gives one output, T < K raises ValueError"""
    x, w, b = np.arange(3.0).reshape(1, 3, 1), np.array([1.0, 2.0, 3.0]).reshape(3, 1, 1), \
        np.array([0.5])
    check_close(_output(student, x, w, b, "y for T = K = 3 (one window)"), np.full((1, 1, 1), 8.5),
                "y for T = K = 3 (one window)", likely=conv1d_mistakes(x, w, b))
    check_raises("ValueError", student.conv1d_forward, np.zeros((1, 2, 1)),
                 np.zeros((3, 1, 1)), np.zeros(1))


def test_channel_mismatch_raises(student):
    """x with D channels and w expecting another number raises ValueError"""
    rng = np.random.default_rng(2)
    x, w, b = rng.standard_normal((1, 5, 2)), rng.standard_normal((2, 2, 3)), np.zeros(3)
    check_close(_output(student, x, w, b, "y for D = 2 channels"), window_sums(x, w, b),
                "y for D = 2 channels", likely=conv1d_mistakes(x, w, b))
    check_raises("ValueError", student.conv1d_forward, np.zeros((1, 5, 3)), np.zeros((2, 2, 1)),
                 np.zeros(1))
