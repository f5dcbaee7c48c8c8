"""Hidden checks for sample_with_temperature: exact at temperature 0, chi-square otherwise."""
import numpy as np
import pytest

from autograder.harness.checks import fail
from autograder.harness.student import StudentCodeFailure, StudentRaised
from autograder.harness.wire import Rng
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import diagnoses
from autograder.suites.rnn_architectures_part2.stats import check_distribution, counts_of

A = np.array([2.0, 1.0, 0.5, 0.0, -0.5, -1.5])
B = np.array([0.3, -1.2, 1.1, 0.0, 2.0, -0.4, 0.8])
C = np.array([72.0, 71.9, 71.5, 70.0])

# name: (logits, temperature, draws, seed, hint); false-failure rate about 1e-5 each
CASES = {
    "T=1": (A, 1.0, 3000, 11, ""),
    "T=0.5": (A, 0.5, 3000, 12, ""),
    "T=2.5": (B, 2.5, 3000, 13, ""),
}


def _draws(student, logits, temperature, n, seed, hint=""):
    try:
        values = student.call("sample_with_temperature", logits, temperature, Rng(seed),
                              _repeat=n)
    except StudentRaised as exc:  # an overflow shows as an exception (or NaN probabilities)
        fail(f"{exc}", hint or None)
    except StudentCodeFailure as exc:  # not implemented, timed out, crashed: no diagnosis
        fail(f"{exc}")
    for v in values[:50]:
        if not isinstance(v, (int, np.integer)) or isinstance(v, (bool, np.bool_)) \
                or not 0 <= int(v) < len(logits):
            fail(f"returned {v!r}; expected an int token id in [0, {len(logits)})")
    return np.asarray([int(v) for v in values])


@rule("frequencies roughly follow softmax(logits / temperature), at temperature 1 and 0.5")
@pytest.mark.parametrize("case", list(CASES))
def test_draws_follow_softmax_over_temperature(student, case):
    """draws on hidden logits and temperatures"""
    logits, temperature, n, seed, hint = CASES[case]
    draws = _draws(student, logits, temperature, n, seed)
    check_distribution(counts_of(draws, len(logits)), diagnoses.softmax(logits / temperature),
                       f"{n} draws at temperature {temperature:g}",
                       diagnoses.temperature_mistakes(logits, temperature), hint=hint)


@rule("logits around 1000 are sampled like the same logits minus 1000 (no overflow)")
def test_large_logits_do_not_overflow(student):
    """large logits (around 1000) are sampled correctly (no overflow)"""
    logits, n = A + 1000.0, 2000
    draws = _draws(student, logits, 1.0, n, 14, diagnoses.OVERFLOW_HINT)
    check_distribution(counts_of(draws, len(logits)), diagnoses.softmax(A),
                       f"{n} draws for logits around 1000", diagnoses.uniform(len(A)),
                       hint=diagnoses.OVERFLOW_HINT)


@rule("logits around 1000 are sampled like the same logits minus 1000 (no overflow)")
def test_small_temperature_does_not_overflow(student):
    """a small temperature (0.1) with logits around 70 does not overflow"""
    n = 2000
    draws = _draws(student, C, 0.1, n, 15, diagnoses.OVERFLOW_HINT)
    check_distribution(counts_of(draws, len(C)), diagnoses.softmax(C / 0.1),
                       f"{n} draws at temperature 0.1", diagnoses.temperature_mistakes(C, 0.1),
                       hint=diagnoses.OVERFLOW_HINT)


@rule("temperature 0 returns the index of the largest logit")
def test_temperature_zero_is_greedy(student):
    """temperature 0 returns the argmax (hidden logits, negative and large ones too)"""
    rng = np.random.default_rng(16)
    cases = [rng.standard_normal(9), rng.standard_normal(3) - 5.0, 50.0 * rng.standard_normal(7),
             np.array([1e3, 1e3 + 1.0, 999.0]), rng.standard_normal(1)]
    for logits in cases:
        got = student.sample_with_temperature(logits, 0, Rng(17))
        if not isinstance(got, (int, np.integer)) or int(got) != int(np.argmax(logits)):
            fail(f"temperature 0 on logits {np.round(logits, 3).tolist()} returned {got!r}, "
                 f"expected the argmax {int(np.argmax(logits))}")


@rule("temperature 0 returns the index of the largest logit")
def test_temperature_zero_float(student):
    """temperature 0.0 (a float) is greedy too"""
    logits = np.array([0.2, -0.3, 1.7, 1.6])
    got = student.call("sample_with_temperature", logits, 0.0, Rng(18), _repeat=20)
    if any(int(v) != 2 for v in got):
        fail(f"temperature 0.0 returned {sorted(set(int(v) for v in got))}, expected always 2")


@rule("draws come from the rng argument (same seed, same draws)")
def test_uses_the_given_rng(student):
    """draws come from the rng argument, on a hidden vocabulary"""
    logits = np.zeros(10)
    first = student.call("sample_with_temperature", logits, 1.0, Rng(19), _repeat=40)
    second = student.call("sample_with_temperature", logits, 1.0, Rng(19), _repeat=40)
    other = student.call("sample_with_temperature", logits, 1.0, Rng(20), _repeat=40)
    diagnoses.check_uses_rng(*([int(v) for v in draws] for draws in (first, second, other)))
