"""Hidden checks for perplexity."""
import numpy as np
import pytest

import solutions.rnn_architectures_part2 as ref
from autograder.harness.checks import check_close, fail
from autograder.harness.student import NonFiniteValue
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import diagnoses
from autograder.suites import cases

# (N, T, V): one position, batch of 1, longer sequences, a large vocabulary
SHAPES = [(1, 1, 3), (1, 6, 4), (3, 5, 7), (2, 8, 20), (4, 3, 2)]


def _inputs(seed, N, T, V, sharp=1.5):
    rng = np.random.default_rng(200 + seed)
    e = np.exp(sharp * rng.standard_normal((N, T, V)))
    probs = e / e.sum(-1, keepdims=True)
    targets = rng.integers(0, V, (N, T))
    mask = rng.random((N, T)) < 0.6
    mask[:, 0] = True
    return probs, targets, mask


def _float(value, what="perplexity"):
    if isinstance(value, np.ndarray) and value.shape != ():
        fail(f"{what} should be a single float, got an array of shape {value.shape}")
    if not isinstance(value, (float, np.floating, int, np.integer)) or isinstance(value, bool):
        fail(f"{what} should be a float, got {type(value).__name__}")
    return float(value)


@rule("exp of the mean negative log-likelihood, no mask")
@pytest.mark.parametrize("shape", SHAPES, ids=cases.ids("N T V"))
def test_matches_reference(student, shape):
    """perplexity on hidden predictions"""
    probs, targets, _ = _inputs(sum(shape), *shape)
    check_close(_float(student.perplexity(probs, targets)), ref.perplexity(probs, targets),
                "perplexity (N={}, T={}, V={})".format(*shape), rtol=1e-6,
                likely=diagnoses.perplexity_mistakes(probs, targets))


@rule("masked positions do not count")
@pytest.mark.parametrize("shape", SHAPES[2:4], ids=cases.ids("N T V"))
def test_masked_matches_reference(student, shape):
    """perplexity with a hidden mask"""
    probs, targets, mask = _inputs(10 + sum(shape), *shape)
    check_close(_float(student.perplexity(probs, targets, mask)),
                ref.perplexity(probs, targets, mask),
                "perplexity with a mask (N={}, T={}, V={})".format(*shape), rtol=1e-6,
                likely=diagnoses.perplexity_mistakes(probs, targets, mask))


@rule("masked positions do not count")
def test_full_mask_equals_no_mask(student):
    """a mask that keeps every position gives the unmasked perplexity"""
    probs, targets, _ = _inputs(30, 3, 4, 5)
    mask = np.ones((3, 4), dtype=bool)
    check_close(_float(student.perplexity(probs, targets, mask)), ref.perplexity(probs, targets),
                "perplexity with an all-True mask", rtol=1e-6)


@rule("masked positions do not count")
def test_padding_does_not_count(student):
    """padded steps (masked) do not change the perplexity of the real ones"""
    probs, targets, _ = _inputs(31, 2, 4, 6)
    rng = np.random.default_rng(32)
    pad = rng.dirichlet(np.ones(6), (2, 3))
    padded = np.concatenate([probs, pad], axis=1)
    padded_targets = np.concatenate([targets, np.zeros((2, 3), int)], axis=1)
    mask = np.concatenate([np.ones((2, 4), bool), np.zeros((2, 3), bool)], axis=1)
    check_close(_float(student.perplexity(padded, padded_targets, mask)),
                ref.perplexity(probs, targets), "perplexity with 3 padded steps masked",
                rtol=1e-6, likely=diagnoses.perplexity_mistakes(padded, padded_targets, mask))


@rule("long sequences: no underflow (average log-probabilities, do not multiply probabilities)")
def test_long_sequences_do_not_underflow(student):
    """perplexity over 1,200 hidden positions"""
    probs, targets, _ = _inputs(33, 3, 400, 50, sharp=0.5)
    try:
        got = _float(student.perplexity(probs, targets))
    except NonFiniteValue as exc:
        fail(str(exc), diagnoses.long_sequence_mistake(student.perplexity))
    if got == 0:
        fail("perplexity over 1,200 positions is 0", diagnoses.long_sequence_mistake(student.perplexity))
    check_close(got, ref.perplexity(probs, targets), "perplexity over 1,200 positions",
                rtol=1e-6, likely=diagnoses.perplexity_mistakes(probs, targets))


@rule("exp of the mean negative log-likelihood, no mask")
def test_returns_a_float(student):
    """a single float, with a mask"""
    probs, targets, mask = _inputs(34, 2, 3, 4)
    _float(student.perplexity(probs, targets, mask))
