"""Public checks for conv1d_forward."""
import numpy as np

from _harness.checks import check_close, check_raises, check_shape


def test_shape(student):
    """valid convolution: output (N, T-K+1, F)"""
    rng = np.random.default_rng(0)
    y = student.conv1d_forward(rng.standard_normal((2, 7, 3)), rng.standard_normal((3, 3, 4)),
                               np.zeros(4))
    check_shape(y, (2, 5, 4), "y for N=2, T=7, K=3, F=4 (valid padding: T-K+1 steps)")


def test_window_sums(student):
    """a kernel of ones sums each window of K steps, plus the bias"""
    x = np.arange(6, dtype=float).reshape(1, 6, 1)
    y = student.conv1d_forward(x, np.ones((3, 1, 1)), np.array([0.5]))
    check_close(y, np.array([3.0, 6.0, 9.0, 12.0]).reshape(1, 4, 1) + 0.5, "window sums")


def test_cross_correlation_not_flipped(student):
    """w[k] multiplies x[t + k] (cross-correlation, the kernel is not flipped)"""
    x = np.arange(5, dtype=float).reshape(1, 5, 1)
    w = np.array([1.0, 0.0]).reshape(2, 1, 1)
    check_close(student.conv1d_forward(x, w, np.zeros(1)), x[:, :4],
                "y for the kernel [1, 0]",
                likely={"the kernel is flipped (true convolution); Keras Conv1D does not "
                        "flip it": x[:, 1:]})


def test_too_short_raises(student):
    """T = K gives one output, T < K raises ValueError"""
    y = student.conv1d_forward(np.ones((1, 3, 1)), np.ones((3, 1, 1)), np.zeros(1))
    check_close(y, np.full((1, 1, 1), 3.0), "y for T = K = 3 (one window)")
    check_raises("ValueError", student.conv1d_forward, np.zeros((1, 2, 1)),
                 np.zeros((3, 1, 1)), np.zeros(1))
