"""Hidden checks for make_recall_task: the public rules (``recall_checks``) on other
arguments (statistical: any correct sampler passes)."""
import pytest

from autograder.harness.checks import check_raises
from autograder.harness.wire import Rng
from autograder.suites.public import rule
from autograder.suites.rnn_variants_overview.common import public_checks
from autograder.suites import cases

checks = public_checks("recall_checks")

SIZES = [(1, 1, 2), (7, 3, 5), (30, 12, 2)]
SIZE_IDS = [cases.describe("n T K", c) for c in SIZES]


@rule("X is (n, T, num_symbols + 1) float and y is (n,) int labels in 0..num_symbols-1")
@pytest.mark.parametrize("n,T,K", SIZES, ids=SIZE_IDS)
def test_shapes(student, n, T, K):
    """shapes of the sequences and targets"""
    X, y = checks.data(student, n, T, Rng(n + T + K), num_symbols=K)
    checks.check_shapes(X, y, n, T, K)


@rule("step 0 holds the one-hot label and marker 1; later markers are 0")
@pytest.mark.parametrize("n,T,K", SIZES, ids=SIZE_IDS)
def test_first_step(student, n, T, K):
    """the marked first step"""
    X, y = checks.data(student, n, T, Rng(n + T + K), num_symbols=K)
    checks.check_first_step(X, y, K)


@rule("labels are drawn uniformly over the symbols")
def test_labels_are_uniform(student):
    """labels are drawn uniformly over 4 symbols"""
    _, y = checks.data(student, 4000, 2, Rng(11), num_symbols=4)
    checks.check_uniform_labels(y, 4)


@rule("after step 0: Gaussian noise, mean 0, standard deviation `noise`, in every channel")
def test_noise_statistics(student):
    """noise=1.5 over 3 channels"""
    X, _ = checks.data(student, 2000, 5, Rng(12), num_symbols=3, noise=1.5)
    checks.check_noise(X, 3, 1.5)


@rule("the noise after step 0 carries no information about the label")
def test_noise_is_independent_of_the_label(student):
    """the noise after step 0 carries no information about the label (3000 samples)"""
    X, y = checks.data(student, 3000, 4, Rng(13), num_symbols=2, noise=1.0)
    checks.check_first_step(X, y, 2)
    checks.check_label_free_noise(X, y, 2, 1.0)


@rule("noise=0 leaves every step after the first at zero")
def test_zero_noise_gives_silent_steps(student):
    """noise=0 with 3 symbols and T = 5"""
    X, y = checks.data(student, 20, 5, Rng(14), num_symbols=3, noise=0.0)
    checks.check_first_step(X, y, 3)
    checks.check_silent(X, 3)


@rule("the same rng seed gives the same data, another seed different data")
def test_randomness_comes_from_rng(student):
    """the same rng seed gives the same data, another seed different data (n=50, T=4)"""
    checks.check_reproducible(student, 50, 4, 21, 22)


@rule("n < 1, T < 1 or num_symbols < 2 raise ValueError; n = T = 1 works")
@pytest.mark.parametrize("args", [(0, 4), (5, 0), (5, 4, 1)],
                         ids=["n=0", "T=0", "num_symbols=1"])
def test_bad_arguments_are_rejected(student, args):
    """n < 1, T < 1 or num_symbols < 2 raise ValueError"""
    X, y = checks.data(student, 5, 2, Rng(31))
    checks.check_shapes(X, y, 5, 2, 2)
    n, T = args[:2]
    kwargs = {"num_symbols": args[2]} if len(args) > 2 else {}
    check_raises("ValueError", student.make_recall_task, n, T, Rng(30), **kwargs)
