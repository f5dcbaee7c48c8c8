"""Public checks for sample_with_temperature."""
import numpy as np

from _harness.checks import fail
from _harness.student import StudentRaised
from _harness.wire import Rng
from diagnoses import (ARGMAX, OVERFLOW_HINT, check_uses_rng, explain, softmax,
                       temperature_mistakes, uniform)

CALLS = ()  # graded functions of this notebook that sample_with_temperature calls

LOGITS = np.array([0.5, 2.0, -1.0, 1.0])
TOLERANCE = 0.06  # largest gap between observed and expected frequencies


def _frequencies(values, V):
    """How often each token id came out (values that are not ids in [0, V) count for none)."""
    ids = [int(v) for v in values if _is_int(v) and 0 <= v < V]
    return np.bincount(np.asarray(ids, dtype=int), minlength=V)[:V] / max(len(values), 1)


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def test_returns_an_int_in_range(student):
    """returns an int in [0, V)"""
    values = student.call("sample_with_temperature", LOGITS, 1.0, Rng(0), _repeat=50)
    for v in values:
        if not _is_int(v):
            fail(f"returned {v!r} of type {type(v).__name__}; return an int token id")
        if not 0 <= v < len(LOGITS):
            fail(f"returned {v}, outside [0, {len(LOGITS)})")


def test_temperature_zero_is_argmax(student):
    """temperature 0 returns the index of the largest logit"""
    for logits in (LOGITS, np.array([-3.0, -2.5, -4.0]), np.array([0.1, 0.0, 0.3, 0.2, -1.0])):
        got = student.sample_with_temperature(logits, 0, Rng(1))
        if got != int(np.argmax(logits)):
            fail(f"temperature 0 on logits {logits.tolist()} gave {got}, expected the "
                 f"argmax {int(np.argmax(logits))}")


def test_all_tokens_can_appear(student):
    """at temperature 1 every token is drawn sometimes (this is sampling, not argmax)"""
    values = student.call("sample_with_temperature", np.zeros(4), 1.0, Rng(2), _repeat=200)
    seen = sorted(set(int(v) for v in values))
    if seen != [0, 1, 2, 3]:
        fail(f"with equal logits 200 draws only produced tokens {seen}; every token should "
             "appear (are you returning the argmax instead of sampling?)",
             ARGMAX if seen == [0] else None)


def test_frequencies_roughly_follow_softmax(student):
    """frequencies roughly follow softmax(logits / temperature), at temperature 1 and 0.5"""
    n = 2000
    for temperature, seed in ((1.0, 3), (0.5, 7)):
        values = student.call("sample_with_temperature", LOGITS, temperature, Rng(seed),
                              _repeat=n)
        freq = _frequencies(values, 4)
        p = softmax(LOGITS / temperature)
        if np.abs(freq - p).max() > TOLERANCE:
            fail(f"at temperature {temperature:g} the frequencies {np.round(freq, 3).tolist()} "
                 f"are far from softmax(logits / {temperature:g}) = {np.round(p, 3).tolist()}",
                 explain(freq, temperature_mistakes(LOGITS, temperature), TOLERANCE))


def test_low_temperature_sharpens(student):
    """a low temperature picks the largest logit more often than temperature 1"""
    n = 1000
    low = student.call("sample_with_temperature", LOGITS, 0.3, Rng(4), _repeat=n)
    one = student.call("sample_with_temperature", LOGITS, 1.0, Rng(5), _repeat=n)
    top = int(np.argmax(LOGITS))
    f_low = np.mean(np.asarray(low) == top)
    f_one = np.mean(np.asarray(one) == top)
    if not f_low > f_one + 0.1:
        fail(f"the largest logit was drawn {f_low:.0%} of the time at temperature 0.3 and "
             f"{f_one:.0%} at temperature 1; dividing the logits by a small temperature "
             "should make it much more likely",
             explain(_frequencies(low, 4), temperature_mistakes(LOGITS, 0.3), TOLERANCE))


def test_large_logits_do_not_overflow(student):
    """logits around 1000 are sampled like the same logits minus 1000 (no overflow)"""
    n, temperature = 1000, 0.5  # divided by the temperature: around 2000
    try:
        values = student.call("sample_with_temperature", LOGITS + 1000.0, temperature, Rng(6),
                              _repeat=n)
    except StudentRaised as exc:
        fail(f"{exc}", OVERFLOW_HINT)
    for v in values:
        if not _is_int(v) or not 0 <= v < len(LOGITS):
            fail(f"for logits around 1000 it returned {v!r}; expected an int in "
                 f"[0, {len(LOGITS)})")
    freq, p = _frequencies(values, 4), softmax(LOGITS / temperature)
    if np.abs(freq - p).max() > TOLERANCE:
        mistake = explain(freq, temperature_mistakes(LOGITS, temperature), TOLERANCE)
        fail(f"for logits around 1000 at temperature {temperature} the frequencies "
             f"{np.round(freq, 3).tolist()} are far from softmax((logits - 1000) / "
             f"{temperature}) = {np.round(p, 3).tolist()}"
             + ("" if mistake else f". {OVERFLOW_HINT}"), mistake)


def test_uses_the_given_rng(student):
    """draws come from the rng argument (same seed, same draws)"""
    logits = np.zeros(6)
    first = student.call("sample_with_temperature", logits, 1.0, Rng(8), _repeat=30)
    second = student.call("sample_with_temperature", logits, 1.0, Rng(8), _repeat=30)
    other = student.call("sample_with_temperature", logits, 1.0, Rng(9), _repeat=30)
    check_uses_rng([int(v) for v in first], [int(v) for v in second], [int(v) for v in other])
