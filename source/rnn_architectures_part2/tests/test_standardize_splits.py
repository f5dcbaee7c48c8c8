"""Public checks for standardize_splits."""
import numpy as np

from forecast_checks import check_scaler

CALLS = ()  # graded functions of this notebook that standardize_splits calls


def test_fitted_on_train_only(student):
    """mean and std come from the training part only (no look into the future)"""
    train, val, test = np.array([1.0, 2.0, 3.0, 6.0]), np.array([8.0, 9.0]), np.array([12.0, 15.0])
    check_scaler(student.standardize_splits(train, val, test), train, val, test,
                 "a rising series")


def test_all_parts_use_the_train_scale(student):
    """validation and test are scaled with the training mean and std"""
    rng = np.random.default_rng(5)
    train, val, test = rng.normal(2, 3, 30), rng.normal(5, 1, 6), rng.normal(-1, 2, 7)
    check_scaler(student.standardize_splits(train, val, test), train, val, test,
                 "random parts of 30, 6 and 7 values")


def test_inputs_unchanged(student):
    """the inputs are not modified"""
    train, val, test = np.array([0.5, 1.5, 4.0]), np.array([3.0]), np.array([7.0, 2.0])
    out, args = student.call("standardize_splits", train, val, test, _return_args=True)
    check_scaler(out, train, val, test, "three short parts")
    from _harness.checks import check_close
    for got, want, name in zip(args, (train, val, test), ("train", "val", "test")):
        check_close(got, want, f"{name} after the call (it must stay as it was)", atol=0)
