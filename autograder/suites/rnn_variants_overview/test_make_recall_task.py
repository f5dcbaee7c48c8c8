"""Hidden checks for make_recall_task (statistical: any correct sampler passes)."""
import numpy as np
import pytest

from autograder.harness.checks import check_close, check_raises, check_shape, check_tuple, fail
from autograder.harness.wire import Rng


def _call(student, *args, **kwargs):
    return check_tuple(student.make_recall_task(*args, **kwargs), 2, "make_recall_task")


def _first_step_ok(X, y, K):
    """The first step must be right before any other property earns credit."""
    y = np.asarray(y)
    check_shape(X, (len(y),) + tuple(np.shape(X))[1:2] + (K + 1,), "X")
    check_close(X[:, 0, :K], np.eye(K)[y.astype(int)], "X[:, 0, :num_symbols] (one-hot of y)")
    check_close(X[:, 0, K], np.ones(len(y)), "the marker X[:, 0, -1] at the first step",
                likely={"the marker channel is missing (all zeros)": np.zeros(len(y))})


@pytest.mark.parametrize("n,T,K", [(1, 1, 2), (7, 3, 5), (30, 12, 2)],
                         ids=["n1-T1-K2", "n7-T3-K5", "n30-T12-K2"])
def test_shapes_and_first_step(student, n, T, K):
    """shapes (batch of 1, T = 1, more symbols) and the marked first step"""
    X, y = _call(student, n, T, Rng(n + T + K), num_symbols=K)
    check_shape(X, (n, T, K + 1), f"X for n={n}, T={T}, num_symbols={K}")
    check_shape(y, (n,), f"y for n={n}")
    if np.any(y < 0) or np.any(y >= K) or not np.all(np.equal(np.mod(y, 1), 0)):
        fail(f"labels must be integers in 0..{K - 1}, got {np.unique(y)[:10]}")
    check_close(X[:, 0, :K], np.eye(K)[y.astype(int)],
                f"X[:, 0, :num_symbols] (one-hot of y, num_symbols={K})",
                likely={"the symbol is placed at the last step instead of the first step":
                        np.zeros((n, K))} if T > 1 else None)
    check_close(X[:, 0, K], np.ones(n), "the marker X[:, 0, -1] at the first step",
                likely={"the marker channel is missing (all zeros)": np.zeros(n)})
    check_close(X[:, 1:, K], np.zeros((n, T - 1)), "the marker X[:, 1:, -1] after step 0")


def test_labels_are_uniform(student):
    """labels are drawn uniformly over the symbols"""
    n, K = 4000, 4
    _, y = _call(student, n, 2, Rng(11), num_symbols=K)
    counts = np.bincount(np.asarray(y, dtype=int), minlength=K)[:K]
    expected = n / K
    sd = np.sqrt(n * (1 / K) * (1 - 1 / K))
    if np.any(np.abs(counts - expected) > 5 * sd):
        fail(f"label counts {counts.tolist()} for {n} samples and {K} symbols are far from "
             f"uniform ({expected:.0f} each)")


def test_noise_statistics(student):
    """after step 0: Gaussian noise, mean 0, standard deviation `noise`, in every channel"""
    X, _ = _call(student, 2000, 5, Rng(12), num_symbols=3, noise=1.5)
    noise = X[:, 1:, :3].reshape(-1, 3)
    means, stds = noise.mean(axis=0), noise.std(axis=0)
    if np.any(np.abs(means) > 0.05):
        fail(f"the noise means per channel are {np.round(means, 3).tolist()}, expected 0")
    if np.any(np.abs(stds - 1.5) > 0.05):
        msg = f"the noise standard deviations per channel are {np.round(stds, 3).tolist()}, " \
              "expected noise=1.5"
        unscaled = np.all(np.abs(stds - 1.0) < 0.05)
        fail(msg, "the noise is not scaled by `noise`" if unscaled else None)
    z = (noise - means) / stds
    kurtosis = float(np.mean(z ** 4))
    if not 2.7 < kurtosis < 3.3:
        fail(f"the noise does not look Gaussian (kurtosis {kurtosis:.2f}, a normal "
             "distribution has 3; use rng.standard_normal or rng.normal)")


def test_noise_is_independent_of_the_label(student):
    """the noise after step 0 carries no information about the label"""
    X, y = _call(student, 3000, 4, Rng(13), num_symbols=2, noise=1.0)
    _first_step_ok(X, y, 2)
    y = np.asarray(y, dtype=int)
    if X[:, 1:, :2].std() < 0.5:
        fail("there is (almost) no noise after step 0 for noise=1.0")
    for k in range(2):
        gap = X[y == k, 1:, k].mean() - X[y != k, 1:, k].mean()
        if abs(gap) > 0.1:
            fail(f"after step 0, channel {k} is higher by {gap:.2f} on average when the "
                 "label is {k}: the later steps must be pure noise")


def test_zero_noise_gives_silent_steps(student):
    """noise=0 leaves every step after the first at zero"""
    X, y = _call(student, 20, 5, Rng(14), num_symbols=3, noise=0.0)
    _first_step_ok(X, y, 3)
    check_close(X[:, 1:, :], np.zeros((20, 4, 4)), "X[:, 1:] for noise=0")


def test_randomness_comes_from_rng(student):
    """the same rng seed gives the same data, another seed different data"""
    X1, y1 = _call(student, 50, 4, Rng(21))
    X2, y2 = _call(student, 50, 4, Rng(21))
    X3, y3 = _call(student, 50, 4, Rng(22))
    if not (np.array_equal(X1, X2) and np.array_equal(y1, y2)):
        fail("two calls with generators of the same seed gave different data: draw every "
             "random number from `rng` (not np.random)")
    if np.array_equal(X1, X3):
        fail("generators with different seeds gave identical data: draw from `rng`")


@pytest.mark.parametrize("args", [(0, 4), (5, 4, 1)], ids=["n=0", "num_symbols=1"])
def test_bad_arguments_are_rejected(student, args):
    """n < 1 or num_symbols < 2 raise ValueError"""
    n, T = args[:2]
    kwargs = {"num_symbols": args[2]} if len(args) > 2 else {}
    X, y = _call(student, 5, T, Rng(31))
    _first_step_ok(X, y, 2)
    check_raises("ValueError", student.make_recall_task, n, T, Rng(30), **kwargs)
