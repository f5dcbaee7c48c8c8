"""Public checks for seasonal_naive_forecast."""
import numpy as np

from _harness.checks import check_close, check_shape
from diagnoses import seasonal_naive_mistakes

CALLS = ()  # graded functions of this notebook that seasonal_naive_forecast calls


def _check(out, series, season, horizon, want, what):
    check_shape(out, (horizon,), what)
    check_close(out, want, what, atol=1e-12,
                likely=seasonal_naive_mistakes(series, season, horizon))


def test_naive(student):
    """season = 1 repeats the last value (the naive forecast)"""
    series = np.array([3.0, 1.0, 4.0, 1.5])
    _check(student.seasonal_naive_forecast(series, 1, 3), series, 1, 3,
           [1.5, 1.5, 1.5], "the naive forecast of [3, 1, 4, 1.5], 3 steps")


def test_one_season_back(student):
    """step h is the value one season earlier"""
    series = np.array([9.0, 8.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    _check(student.seasonal_naive_forecast(series, 4, 2), series, 4, 2,
           [3.0, 4.0], "season 4, horizon 2, after [.., 3, 4, 5, 6]")


def test_repeats_the_season(student):
    """beyond one season, the last season repeats"""
    series = np.array([0.0, 1.0, 2.0, 10.0, 20.0, 30.0])
    _check(student.seasonal_naive_forecast(series, 3, 7), series, 3, 7,
           [10.0, 20.0, 30.0, 10.0, 20.0, 30.0, 10.0], "season 3, horizon 7")
