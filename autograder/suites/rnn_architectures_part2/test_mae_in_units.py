"""Hidden checks for mae_in_units: hidden arrays and scalers."""
import numpy as np
import pytest

import solutions.rnn_architectures_part2 as ref
from autograder.harness.checks import check_close
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import diagnoses
from autograder.suites import cases

# (seed, shape, mean, std)
CASES = [(1, (50,), 340.0, 12.5), (2, (4, 6), -2.0, 0.3), (3, (1,), 0.0, 7.0)]


@rule("the error is in the series' own units (value = value_std * std + mean)")
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"shape {c[1]}, std = {c[3]}")
def test_in_units(student, case):
    """hidden predictions, truths and scalers"""
    seed, shape, mean, std = case
    rng = np.random.default_rng(800 + seed)
    pred, true = rng.standard_normal(shape), rng.standard_normal(shape)
    check_close(student.mae_in_units(pred, true, mean, std),
                ref.mae_in_units(pred, true, mean, std), f"the MAE (mean {mean}, std {std})",
                atol=1e-9, likely=diagnoses.mae_mistakes(pred, true, mean, std))


@rule("the mean of absolute errors, over every position of a 2-D array")
def test_signs_cancel_not(student):
    """errors of both signs do not cancel"""
    pred, true = np.array([[1.0, -1.0], [2.0, -2.0]]), np.zeros((2, 2))
    check_close(student.mae_in_units(pred, true, 5.0, 2.0), 3.0,
                "the MAE of errors +-1, +-2 (std 2)", atol=1e-12,
                likely=diagnoses.mae_mistakes(pred, true, 5.0, 2.0))
