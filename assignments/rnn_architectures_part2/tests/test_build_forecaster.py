"""Public checks for build_forecaster."""
import numpy as np
import pytest

from forecast_checks import (check_default_units, check_mse_loss, check_output,
                             check_recurrent, model_of)

CALLS = ()  # graded functions of this notebook that build_forecaster calls

WINDOW, UNITS = 6, 8


@pytest.fixture(scope="module")
def model(student):
    return model_of(student, WINDOW, UNITS)


def test_output_shape(model):
    """maps windows (N, window, 1) to one value each, (N, 1)"""
    check_output(model, 3, WINDOW, seed=0)


def test_recurrent_layer(model):
    """a recurrent layer with `units` units reads the window"""
    check_recurrent(model, UNITS)


def test_default_units(student):
    """default argument: units=32"""
    check_default_units(model_of(student, WINDOW))


def test_compiled_with_mse(model):
    """compiled with the mean squared error loss"""
    rng = np.random.default_rng(1)
    check_mse_loss(model, rng.standard_normal((5, WINDOW, 1)), rng.standard_normal(5))
