"""Public checks for sample_with_temperature."""
import numpy as np

from _harness.checks import fail
from _harness.wire import Rng

LOGITS = np.array([0.5, 2.0, -1.0, 1.0])


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
             "appear (are you returning the argmax instead of sampling?)")


def test_frequencies_roughly_follow_softmax(student):
    """at temperature 1, frequencies roughly follow softmax(logits)"""
    n = 2000
    values = student.call("sample_with_temperature", LOGITS, 1.0, Rng(3), _repeat=n)
    freq = np.bincount(np.asarray(values, dtype=int), minlength=4)[:4] / n
    p = np.exp(LOGITS - LOGITS.max())
    p /= p.sum()
    if np.abs(freq - p).max() > 0.06:
        fail(f"frequencies {np.round(freq, 3).tolist()} are far from softmax(logits) = "
             f"{np.round(p, 3).tolist()}")


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
             "should make it much more likely")
