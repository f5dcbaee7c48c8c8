"""Public checks for perplexity."""
import numpy as np

from _harness.checks import check_close, fail
from _harness.student import NonFiniteValue
from diagnoses import long_sequence_mistake, perplexity_mistakes

CALLS = ()  # graded functions of this notebook that perplexity calls


def _random_probs(seed=0, N=2, T=3, V=4):
    rng = np.random.default_rng(seed)
    e = np.exp(rng.standard_normal((N, T, V)))
    return e / e.sum(-1, keepdims=True), rng.integers(0, V, (N, T))


def _float(value, what):
    if isinstance(value, np.ndarray) and value.shape != ():
        fail(f"{what} should be a single float, got an array of shape {value.shape}")
    if not isinstance(value, (float, np.floating)):
        fail(f"{what} should be a float, got {type(value).__name__}")
    return float(value)


def test_uniform_model_has_perplexity_v(student):
    """a uniform model over V tokens has perplexity V"""
    probs = np.full((2, 3, 5), 0.2)
    targets = np.array([[0, 1, 2], [3, 4, 0]])
    check_close(_float(student.perplexity(probs, targets), "perplexity"), 5.0,
                "perplexity of a uniform model over 5 tokens",
                likely=perplexity_mistakes(probs, targets))


def test_perfect_model_has_perplexity_one(student):
    """a model that is always right with probability 1 has perplexity 1"""
    targets = np.array([[0, 2, 1]])
    probs = np.eye(3)[targets]
    check_close(_float(student.perplexity(probs, targets), "perplexity"), 1.0,
                "perplexity of a perfect model", likely=perplexity_mistakes(probs, targets))


def test_matches_the_formula(student):
    """exp of the mean negative log-likelihood, no mask"""
    probs, targets = _random_probs()
    p = np.take_along_axis(probs, targets[..., None], -1)[..., 0]
    check_close(_float(student.perplexity(probs, targets), "perplexity"),
                np.exp(-np.log(p).mean()), "perplexity", likely=perplexity_mistakes(probs, targets))


def test_masked_positions_are_ignored(student):
    """masked positions do not count"""
    probs, targets = _random_probs(1)
    mask = np.array([[True, True, False], [True, False, False]])
    p = np.take_along_axis(probs, targets[..., None], -1)[..., 0]
    check_close(_float(student.perplexity(probs, targets, mask), "perplexity"),
                np.exp(-np.log(p[mask]).mean()), "perplexity with a mask",
                likely=perplexity_mistakes(probs, targets, mask))


def test_long_sequences_do_not_underflow(student):
    """long sequences: no underflow (average log-probabilities, do not multiply probabilities)"""
    rng = np.random.default_rng(2)
    e = np.exp(0.5 * rng.standard_normal((3, 400, 50)))
    probs, targets = e / e.sum(-1, keepdims=True), rng.integers(0, 50, (3, 400))
    p = np.take_along_axis(probs, targets[..., None], -1)[..., 0]
    try:
        got = _float(student.perplexity(probs, targets), "perplexity")
    except NonFiniteValue as exc:
        fail(str(exc), long_sequence_mistake(student.perplexity))
    if got == 0:
        fail("perplexity over 1,200 positions is 0", long_sequence_mistake(student.perplexity))
    check_close(got, np.exp(-np.log(p).mean()), "perplexity over 1,200 positions", rtol=1e-6,
                likely=perplexity_mistakes(probs, targets))
