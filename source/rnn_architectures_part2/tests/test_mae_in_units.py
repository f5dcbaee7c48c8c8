"""Public checks for mae_in_units."""
import numpy as np

from _harness.checks import check_close
from diagnoses import mae_mistakes

CALLS = ()  # graded functions of this notebook that mae_in_units calls


def test_in_original_units(student):
    """the error is in the series' own units (value = value_std * std + mean)"""
    pred, true = np.array([0.5, -1.0, 2.0]), np.array([0.0, -1.5, 1.0])
    check_close(student.mae_in_units(pred, true, 350.0, 4.0), 8.0 / 3.0,
                "the MAE with mean 350, std 4", atol=1e-12,
                likely=mae_mistakes(pred, true, 350.0, 4.0))


def test_mean_absolute(student):
    """the mean of absolute errors, over every position of a 2-D array"""
    pred = np.array([[1.0, -2.0], [0.0, 3.0]])
    true = np.array([[0.0, 0.0], [0.5, 1.0]])
    check_close(student.mae_in_units(pred, true, -1.0, 0.5), 0.6875,
                "the MAE of 2x2 arrays with mean -1, std 0.5", atol=1e-12,
                likely=mae_mistakes(pred, true, -1.0, 0.5))
