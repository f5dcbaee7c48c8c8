"""What make_recall_task's question asks of the data, checked from outside.

The public checks and the autograder's hidden ones both call these on their own
arguments, so a rule reads the same in the self-check and in the feedback. The
statistical checks allow 5 standard errors: any correct sampler passes them, whatever
order it draws its numbers in.
"""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple, fail

SYMBOL_LAST = "the symbol is placed at the last step instead of the first step"
NO_MARKER = "the marker channel is missing (all zeros)"
UNSCALED = "the noise is not scaled by `noise`"


def data(student, n, T, rng, **kwargs):
    """(X, y) of the student's make_recall_task(n, T, rng, **kwargs)."""
    X, y = check_tuple(student.make_recall_task(n, T, rng, **kwargs), 2, "make_recall_task")
    return np.asarray(X), np.asarray(y)


def check_shapes(X, y, n, T, K):
    """X (n, T, K + 1) float, y (n,) integer labels in 0..K-1."""
    check_shape(X, (n, T, K + 1), f"X for n={n}, T={T}, num_symbols={K}")
    check_shape(y, (n,), f"y for n={n}")
    if X.dtype.kind != "f":
        fail(f"X should be a float array, got dtype {X.dtype}")
    if y.dtype.kind not in "iu":
        fail(f"y should hold integer labels, got dtype {y.dtype}")
    if np.any(y < 0) or np.any(y >= K):
        fail(f"labels must lie in 0..{K - 1} for num_symbols={K}, got {np.unique(y)[:10]}")


def check_first_step(X, y, K):
    """Step 0 holds the one-hot label and the marker 1; the later markers are 0."""
    n, T = len(y), X.shape[1]
    check_shape(X, (n, T, K + 1), f"X for n={n}, T={T}, num_symbols={K}")
    labels = np.clip(np.asarray(y, dtype=int), 0, K - 1)
    check_close(X[:, 0, :K], np.eye(K)[labels], f"X[:, 0, :num_symbols] (one-hot of y, "
                f"num_symbols={K})", likely={SYMBOL_LAST: np.zeros((n, K))} if T > 1 else None)
    check_close(X[:, 0, K], np.ones(n), "the marker X[:, 0, -1] at the first step",
                likely={NO_MARKER: np.zeros(n)})
    check_close(X[:, 1:, K], np.zeros((n, T - 1)), "the marker X[:, 1:, -1] after step 0")


def check_uniform_labels(y, K):
    """Every symbol's count within 5 standard deviations of n / K."""
    n = len(y)
    counts = np.bincount(np.asarray(y, dtype=int), minlength=K)[:K]
    sd = np.sqrt(n * (1 / K) * (1 - 1 / K))
    if np.any(np.abs(counts - n / K) > 5 * sd):
        fail(f"label counts {counts.tolist()} for {n} samples and {K} symbols are far from "
             f"uniform ({n / K:.0f} each)")


def check_noise(X, K, noise):
    """After step 0, each symbol channel holds Gaussian noise of mean 0 and standard
    deviation `noise`."""
    values = X[:, 1:, :K].reshape(-1, K)
    m = len(values)
    means, stds = values.mean(axis=0), values.std(axis=0)
    if np.any(np.abs(means) > 5 * noise / np.sqrt(m)):
        fail(f"the noise means per channel are {np.round(means, 3).tolist()}, expected 0")
    if np.any(np.abs(stds - noise) > 5 * noise / np.sqrt(2 * m)):
        unscaled = np.all(np.abs(stds - 1.0) <= 5 / np.sqrt(2 * m))
        fail(f"the noise standard deviations per channel are {np.round(stds, 3).tolist()}, "
             f"expected noise={noise:g}", UNSCALED if unscaled else None)
    kurtosis = float(np.mean(((values - means) / stds) ** 4))
    if abs(kurtosis - 3.0) > 5 * np.sqrt(24 / (m * K)):
        fail(f"the noise does not look Gaussian (kurtosis {kurtosis:.2f}, a normal "
             "distribution has 3; use rng.standard_normal or rng.normal)")


def check_label_free_noise(X, y, K, noise):
    """After step 0, no channel is higher on average for one label than for the others."""
    y = np.asarray(y, dtype=int)
    if X[:, 1:, :K].std() < 0.5 * noise:
        fail(f"there is (almost) no noise after step 0 for noise={noise:g}")
    steps = X.shape[1] - 1
    for k in range(K):
        inside, outside = X[y == k, 1:, k], X[y != k, 1:, k]
        if not inside.size or not outside.size:
            continue
        gap = inside.mean() - outside.mean()
        if abs(gap) > 5 * noise * np.sqrt(1 / inside.size + 1 / outside.size):
            fail(f"after step 0, channel {k} is higher by {gap:.2f} on average when the label "
                 f"is {k} ({steps} noisy steps): the later steps must be pure noise")


def check_silent(X, K):
    """noise=0: every step after the first is 0."""
    n, T = X.shape[:2]
    check_close(X[:, 1:, :], np.zeros((n, T - 1, K + 1)), "X[:, 1:] for noise=0")


def check_reproducible(student, n, T, seed, other):
    """The same seed gives the same data, another seed other data."""
    from _harness.wire import Rng
    X1, y1 = data(student, n, T, Rng(seed))
    X2, y2 = data(student, n, T, Rng(seed))
    X3, _ = data(student, n, T, Rng(other))
    if not (np.array_equal(X1, X2) and np.array_equal(y1, y2)):
        fail("two calls with generators of the same seed gave different data: draw every "
             "random number from `rng` (not np.random)")
    if np.array_equal(X1, X3):
        fail("generators with different seeds gave identical data: draw from `rng`")
