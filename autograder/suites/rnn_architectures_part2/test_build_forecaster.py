"""Hidden checks for build_forecaster: architecture, loss, and training here on CO2.

The model travels from the student process as its saved config and weights. The
training check clones the architecture with a fixed seed (fresh weights, so the same
submission always gets the same result), compiles it with the student's loss and a
fixed Adam optimizer, trains it for a few epochs on the monthly CO2 changes that ship
with the assignment, and requires its one-month-ahead error on the held-out tail, in
ppm, to beat the naive and the seasonal-naive forecasts, as the question says.
"""
import numpy as np
import pytest

from autograder.course import source_folder
from autograder.harness.checks import fail
from autograder.harness.student import StudentCodeFailure
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import forecast_checks
from autograder.training_cache import remember

WINDOW, UNITS = 24, 16          # the training check's sizes
SEASON, EPOCHS, SEED = 12, 3, 4321
CO2 = source_folder("rnn_architectures_part2") / "data" / "co2_monthly.csv"

_models = {}


def _model(student, *args):
    """The student's model for these arguments (built once per judge run)."""
    if args not in _models:
        _models[args] = forecast_checks.model_of(student, *args)
    return _models[args]


@rule("maps windows (N, window, 1) to one value each, (N, 1)")
@pytest.mark.parametrize("window", [1, 11])
def test_output_shape(student, window):
    """outputs (N, 1) for hidden window lengths"""
    forecast_checks.check_output(_model(student, window, 5), 4, window, seed=window)


@rule("a recurrent layer with `units` units reads the window")
def test_recurrent_layer(student):
    """the recurrent layer on hidden sizes"""
    forecast_checks.check_recurrent(_model(student, 9, 5), 5)


@rule("default argument: units=32")
def test_default_units(student):
    """default units with a hidden window"""
    forecast_checks.check_default_units(_model(student, 9))


@rule("compiled with the mean squared error loss")
def test_compiled_with_mse(student):
    """the compiled loss on hidden windows"""
    rng = np.random.default_rng(11)
    forecast_checks.check_mse_loss(_model(student, 9, 5), 3 * rng.standard_normal((7, 9, 1)),
                                   rng.standard_normal(7))


def co2_task(window=WINDOW):
    """Windows of standardised monthly changes (scaler fitted on the first 70%), the
    held-out last 15% of targets, and the baselines' errors there in ppm."""
    levels = np.loadtxt(CO2, delimiter=",", skiprows=1, usecols=1)
    changes = np.diff(levels)
    n = len(changes)
    n_train, n_test = n - 2 * int(n * 0.15), int(n * 0.15)
    mean, std = changes[:n_train].mean(), changes[:n_train].std()
    z = (changes - mean) / std
    target_at = np.arange(window, n)
    X = np.stack([z[i - window:i] for i in target_at])[:, :, None]
    train, test = target_at < n_train, target_at >= n - n_test
    i = target_at[test]                       # the level co2[i + 1] is forecast
    baselines = {"naive": float(np.mean(np.abs(levels[i] - levels[i + 1]))),
                 "seasonal naive": float(np.mean(np.abs(levels[i + 1 - SEASON] - levels[i + 1])))}
    return X[train], z[target_at[train]], X[test], z[target_at[test]], std, baselines


def train_and_measure(model):
    """The held-out error in ppm of a fresh copy of ``model`` trained on CO2 changes."""
    import keras
    x_train, y_train, x_test, y_test, std, _ = co2_task()
    keras.utils.set_random_seed(SEED)
    fresh = keras.models.clone_model(model)
    fresh.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss=model.loss)
    fresh.fit(x_train.astype("float32"), y_train, batch_size=32, epochs=EPOCHS, verbose=0,
              shuffle=True)
    pred = np.asarray(fresh(x_test.astype("float32")), dtype=float).reshape(-1)
    return float(np.mean(np.abs(pred - y_test)) * std)


@rule("a recurrent layer with `units` units reads the window")
def test_beats_the_baselines(student):
    """trained here on CO2 changes, it beats the naive and seasonal-naive forecasts"""
    model = _model(student, WINDOW, UNITS)
    forecast_checks.check_output(model, 2, WINDOW, seed=3)
    forecast_checks.check_recurrent(model, UNITS)
    if getattr(model, "loss", None) is None:
        fail("the model is not compiled, so it cannot be trained")
    try:
        error = remember(f"{__name__}:{SEED}:{EPOCHS}:{repr(getattr(model, 'loss', None))}",
                         model, lambda: train_and_measure(model))
    except StudentCodeFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. a loss that does not fit the targets
        fail(f"training the model on windows (N, {WINDOW}, 1) failed: "
             f"{type(exc).__name__}: {str(exc)[:300]}")
    baselines = co2_task()[-1]
    if not np.isfinite(error) or not error < min(baselines.values()):
        fail(f"trained here for {EPOCHS} epochs on the CO2 changes, the one-month-ahead "
             f"error on the held-out tail is {error:.3f} ppm; the naive forecast gets "
             f"{baselines['naive']:.3f} ppm and the seasonal-naive one "
             f"{baselines['seasonal naive']:.3f} ppm, and the model must beat both")
