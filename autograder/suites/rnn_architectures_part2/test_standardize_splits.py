"""Hidden checks for standardize_splits: hidden parts, a trend (where leaking shows)."""
import numpy as np
import pytest

from autograder.harness.checks import check_close
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import forecast_checks


@rule("mean and std come from the training part only (no look into the future)")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_trend_fitted_on_train(student, seed):
    """a trending hidden series: the scaler sees the training part only"""
    rng = np.random.default_rng(600 + seed)
    series = 0.3 * np.arange(60) + rng.standard_normal(60)
    train, val, test = series[:40], series[40:50], series[50:]
    forecast_checks.check_scaler(student.standardize_splits(train, val, test), train, val,
                                 test, "a hidden trending series")


@rule("validation and test are scaled with the training mean and std")
def test_parts_of_other_sizes(student):
    """hidden parts of very different sizes and scales"""
    rng = np.random.default_rng(610)
    train, val, test = rng.normal(-3, 0.5, 11), rng.normal(4, 2, 2), rng.normal(0, 9, 1)
    forecast_checks.check_scaler(student.standardize_splits(train, val, test), train, val,
                                 test, "hidden parts of 11, 2 and 1 values")


@rule("the inputs are not modified")
def test_inputs_unchanged(student):
    """hidden inputs stay as they were"""
    rng = np.random.default_rng(620)
    parts = (rng.standard_normal(8), rng.standard_normal(3), rng.standard_normal(4))
    out, args = student.call("standardize_splits", *parts, _return_args=True)
    forecast_checks.check_scaler(out, *parts, "hidden parts")
    for got, want, name in zip(args, parts, ("train", "val", "test")):
        check_close(got, want, f"{name} after the call (it must stay as it was)", atol=0)
