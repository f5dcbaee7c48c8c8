"""Public checks for make_recall_task."""
import numpy as np

from _harness.checks import check_close, check_raises, check_shape, check_tuple, fail
from _harness.wire import Rng

CALLS = ()  # graded functions of this notebook that make_recall_task calls


def test_shapes_and_types(student):
    """X is (n, T, num_symbols + 1) float and y is (n,) int"""
    X, y = check_tuple(student.make_recall_task(50, 6, Rng(0), num_symbols=3), 2,
                       "make_recall_task")
    check_shape(X, (50, 6, 4), "X for n=50, T=6, num_symbols=3")
    check_shape(y, (50,), "y for n=50")
    if X.dtype.kind != "f":
        fail(f"X should be a float array, got dtype {X.dtype}")
    if y.dtype.kind not in "iu":
        fail(f"y should hold integer labels, got dtype {y.dtype}")


def test_first_step_is_the_marked_symbol(student):
    """step 0 holds the one-hot label and marker 1; later markers are 0"""
    X, y = student.make_recall_task(40, 5, Rng(1), num_symbols=3)
    check_close(X[:, 0, :3], np.eye(3)[y], "X[:, 0, :num_symbols] (one-hot of y)",
                likely={"the symbol is placed at the last step instead of the first step":
                        np.zeros((40, 3))})
    check_close(X[:, 0, 3], np.ones(40), "marker X[:, 0, -1]",
                likely={"the marker channel is missing (all zeros)": np.zeros(40)})
    check_close(X[:, 1:, 3], np.zeros((40, 4)), "marker X[:, 1:, -1] after step 0")


def test_noise_scale(student):
    """steps 1..T-1 carry noise of standard deviation `noise`"""
    X, _ = student.make_recall_task(400, 6, Rng(2), num_symbols=2, noise=2.0)
    std = float(X[:, 1:, :2].std())
    if not 1.8 < std < 2.2:
        fail(f"the noise after step 0 has standard deviation {std:.3f}, expected 2.0",
             "the noise is not scaled by `noise`" if abs(std - 1.0) < 0.05 else None)


def test_bad_length_is_rejected(student):
    """T < 1 raises ValueError; T = 1 works"""
    X, y = check_tuple(student.make_recall_task(4, 1, Rng(3)), 2, "make_recall_task")
    check_shape(X, (4, 1, 3), "X for n=4, T=1, num_symbols=2")
    check_raises("ValueError", student.make_recall_task, 10, 0, Rng(3))
