"""Goodness-of-fit testing for the hidden sampling checks (no SciPy needed).

A sampler is judged by Pearson's chi-square statistic of its draws against the
exact distribution. Categories whose expected count is below ``MIN_EXPECTED`` are
pooled, so the chi-square approximation holds. The critical value is the
``1 - ALPHA`` quantile from the Wilson-Hilferty approximation, which errs on the
large (lenient) side for few degrees of freedom. A correct sampler fails one test
with probability about ALPHA = 1e-5 (measured: see the assignment's report).
"""
from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

ALPHA = 1e-5
MIN_EXPECTED = 30.0


def chi2_quantile(df: int, alpha: float = ALPHA) -> float:
    """Upper ``alpha`` quantile of chi-square(df), Wilson-Hilferty approximation."""
    z = NormalDist().inv_cdf(1.0 - alpha)
    a = 2.0 / (9.0 * df)
    return df * (1.0 - a + z * math.sqrt(a)) ** 3


def groups(probs, n) -> list[list[int]]:
    """Categories as bins; those with expected count below MIN_EXPECTED share one bin."""
    probs = np.asarray(probs, dtype=float)
    small, acc = [], 0.0
    for i in np.argsort(probs, kind="stable"):
        if n * probs[i] >= MIN_EXPECTED and (not small or n * acc >= MIN_EXPECTED):
            break
        small.append(int(i))
        acc += probs[i]
    bins = [[i] for i in range(len(probs)) if i not in set(small)]
    return bins + ([sorted(small)] if small else [])


def pooled(counts, probs):
    """Counts and probabilities summed over the bins of :func:`groups`."""
    counts = np.asarray(counts, dtype=float)
    probs = np.asarray(probs, dtype=float)
    bins = groups(probs, counts.sum())
    return (np.array([counts[b].sum() for b in bins]),
            np.array([probs[b].sum() for b in bins]))


def chi2_statistic(counts, probs):
    """``(statistic, degrees_of_freedom)`` of the pooled counts against ``probs``."""
    c, p = pooled(counts, probs)
    n = c.sum()
    expected = n * p
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(expected > 0, (c - expected) ** 2 / np.where(expected > 0, expected, 1),
                         np.where(c > 0, np.inf, 0.0))
    return float(terms.sum()), max(1, len(c) - 1)


def fits(counts, probs) -> tuple[bool, float, float]:
    """``(passes, statistic, critical_value)``; a draw of an impossible category fails."""
    counts, probs = np.asarray(counts, dtype=float), np.asarray(probs, dtype=float)
    if np.any((probs <= 0) & (counts > 0)):
        return False, float("inf"), chi2_quantile(max(1, len(probs) - 1))
    stat, df = chi2_statistic(counts, probs)
    crit = chi2_quantile(df)
    return stat <= crit, stat, crit


def counts_of(draws, k: int) -> np.ndarray:
    draws = np.asarray(draws).reshape(-1).astype(np.int64)
    return np.bincount(draws, minlength=k)[:k]


def describe(counts, probs, labels=None) -> str:
    """A short observed-vs-expected table for the failure message."""
    n = float(np.sum(counts))
    labels = labels or [str(i) for i in range(len(probs))]
    parts = [f"{lab}: {int(c)} vs {n * p:.0f}" for lab, c, p in zip(labels, counts, probs)]
    return "observed vs expected counts: " + ", ".join(parts)


def fits_estimate(counts, estimate, m: float) -> bool:
    """Do ``counts`` fit a distribution that is itself estimated from ``m`` draws? The
    estimate is smoothed (a category it never drew is rare, not impossible) and the
    statistic divided by ``1 + n / m``, the variance the estimate's own noise adds."""
    counts, estimate = np.asarray(counts, dtype=float), np.asarray(estimate, dtype=float)
    smoothed = (estimate * m + 0.5) / (m + 0.5 * len(estimate))
    stat, df = chi2_statistic(counts, smoothed)
    return stat / (1.0 + counts.sum() / m) <= chi2_quantile(df)


def check_distribution(counts, probs, what: str, alternatives: dict | None = None,
                       labels=None, hint: str = "", carried=None) -> None:
    """Fail unless ``counts`` fit ``probs``; name the first alternative they fit instead.

    ``carried()``: ``(estimate, m)``, the distribution a correct answer gives with the
    student's own wrong sampler, estimated from ``m`` of its draws, or None; counts that
    fit it pass (the sampler's mistake costs its own question)."""
    from autograder.harness.checks import fail
    ok, stat, crit = fits(counts, probs)
    if ok:
        return
    own = carried() if carried is not None else None
    if own is not None and fits_estimate(counts, *own):
        return
    message = (f"{what} do not follow the expected distribution (chi-square {stat:.1f}, "
               f"a correct sampler stays below {crit:.1f} with probability 0.99999); "
               + describe(counts, probs, labels))
    mistake = next((explanation for explanation, alt in (alternatives or {}).items()
                    if fits(counts, alt)[0]), None)
    if mistake is None and hint:
        message += f". {hint}"
    fail(message, mistake)
