"""Hidden checks for seasonal_naive_forecast: hidden series, seasons and horizons."""
import numpy as np
import pytest

import solutions.rnn_architectures_part2 as ref
from autograder.harness.checks import check_close, check_shape
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import diagnoses
from autograder.suites import cases

# (length, season, horizon)
SEASONAL = [(30, 12, 5), (30, 12, 12), (40, 7, 3), (16, 4, 4)]
REPEATING = [(25, 12, 30), (10, 3, 8), (6, 6, 13)]


def _case(n, season, horizon):
    rng = np.random.default_rng(700 + 31 * n + season + horizon)
    t = np.arange(n)
    series = 0.2 * t + np.sin(2 * np.pi * t / season) + 0.1 * rng.standard_normal(n)
    return series, season, horizon


def _check(student, n, season, horizon):
    series, season, horizon = _case(n, season, horizon)
    got = student.seasonal_naive_forecast(series, season, horizon)
    what = f"season {season}, horizon {horizon} after {n} values"
    check_shape(got, (horizon,), what)
    check_close(got, ref.seasonal_naive_forecast(series, season, horizon), what, atol=1e-12,
                likely=diagnoses.seasonal_naive_mistakes(series, season, horizon))


@rule("step h is the value one season earlier")
@pytest.mark.parametrize("case", SEASONAL, ids=cases.ids("n s h"))
def test_one_season_back(student, case):
    """hidden seasonal series, horizons up to one season"""
    _check(student, *case)


@rule("beyond one season, the last season repeats")
@pytest.mark.parametrize("case", REPEATING, ids=cases.ids("n s h"))
def test_repeats(student, case):
    """hidden horizons longer than a season"""
    _check(student, *case)


@rule("season = 1 repeats the last value (the naive forecast)")
@pytest.mark.parametrize("horizon", [1, 6])
def test_naive(student, horizon):
    """the naive forecast of a hidden series"""
    _check(student, 20, 1, horizon)
