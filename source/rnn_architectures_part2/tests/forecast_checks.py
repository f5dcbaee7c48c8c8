"""What the CO2 questions ask, checked from outside (section 6 of the notebook).

The public checks and the autograder's hidden ones both call these on their own
inputs, so a rule and the mistake it names read the same in the self-check and in
the feedback.
"""
import importlib.util
import sys
from pathlib import Path

import numpy as np

from _harness.checks import check_close, check_shape, check_tuple, fail, keras_model, \
    model_outputs


def _diagnoses():
    """This folder's diagnoses.py, loaded by path: the autograder loads this module by
    path too, where ``import diagnoses`` would not find it (or find another one)."""
    name = "forecast_diagnoses_rnn_architectures_part2"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(
            "diagnoses.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


_d = _diagnoses()
SHUFFLED, is_shuffled, split_sizes = _d.SHUFFLED, _d.is_shuffled, _d.split_sizes
scaler_mistakes, split_mistakes = _d.scaler_mistakes, _d.split_mistakes

PARTS = ("train", "val", "test")


def check_split(parts, series, val_fraction, test_fraction, what):
    """``parts`` must be the series cut in time order at the question's sizes."""
    check_tuple(tuple(parts) if isinstance(parts, list) else parts, 3, "chronological_split")
    series = np.asarray(series)
    a, b, _ = split_sizes(len(series), val_fraction, test_fraction)
    want = (series[:a], series[a:a + b], series[a + b:])
    mistakes = split_mistakes(series, val_fraction, test_fraction)
    for why, wrong in mistakes.items():  # a mistake that keeps the values but moves them
        if (not all(_same(p, w) for p, w in zip(parts, want))
                and all(_same(p, w) for p, w in zip(parts, wrong))):
            fail(f"{what}: the parts hold the series' values in the wrong places", why)
    if is_shuffled(parts, series):
        fail(f"{what}: the three parts hold the series' values, but not in time order",
             SHUFFLED)
    for k, name in enumerate(PARTS):
        check_close(parts[k], want[k], f"{what}, the {name} part", atol=0, rtol=0,
                    likely={why: wrong[k] for why, wrong in mistakes.items()})


def _same(a, b):
    a = np.asarray(a)
    return a.shape == np.shape(b) and np.array_equal(a, b)


def check_scaler(out, train, val, test, what):
    """``out`` must be ``(train_s, val_s, test_s, mean, std)`` fitted on ``train`` alone."""
    check_tuple(out, 5, "standardize_splits")
    train = np.asarray(train, dtype=float)
    mean, std = train.mean(), train.std()
    want = tuple((np.asarray(p, dtype=float) - mean) / std for p in (train, val, test))
    want += (mean, std)
    mistakes = scaler_mistakes(train, val, test)
    for k in (3, 4, 0, 1, 2):
        name = ("mean", "std", "train_s", "val_s", "test_s")[(3, 4, 0, 1, 2).index(k)]
        check_close(out[k], want[k], f"{what}: {name}", atol=1e-9,
                    likely={why: wrong[k] for why, wrong in mistakes.items()})


# ------------------------------------------------------------------ build_forecaster
def model_of(student, *args):
    return keras_model(student, "build_forecaster", *args)


def outputs(model, x):
    return model_outputs(model, x, "float32", "windows")


def recurrent_layers(model):
    import keras
    found = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            found.extend(recurrent_layers(layer))
        elif isinstance(layer, keras.layers.RNN):
            found.append(layer)
    return found


def check_output(model, N, window, seed):
    x = np.random.default_rng(seed).standard_normal((N, window, 1))
    check_shape(outputs(model, x), (N, 1), f"the output for {N} windows of {window} values")


def check_recurrent(model, units):
    rnns = recurrent_layers(model)
    if not rnns:
        fail("no recurrent layer (SimpleRNN, LSTM or GRU) reads the window")
    found = [getattr(layer.cell, "units", None) for layer in rnns]
    if units not in found:
        fail(f"with units={units} the recurrent layer has {found[0]} units; use the argument")


def check_default_units(model):
    found = [getattr(layer.cell, "units", None) for layer in recurrent_layers(model)]
    if 32 not in found:
        fail(f"called with window only, the recurrent layer has {found or 'no'} units; "
             "the default is units=32")


def check_mse_loss(model, x, y):
    """The compiled loss is the mean squared error of the outputs."""
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        fail("the model is not compiled: call model.compile(optimizer='adam', loss='mse')")
    pred = outputs(model, x)
    check_shape(pred, (len(x), 1), "the output")
    want = float(np.mean((pred[:, 0] - y) ** 2))
    try:
        got = model.evaluate(np.asarray(x, dtype="float32"), y[:, None], verbose=0,
                             batch_size=len(x))
    except Exception as exc:  # noqa: BLE001
        fail(f"evaluating the compiled loss failed ({type(exc).__name__}: "
             f"{str(exc)[:200]}): use loss='mse'")
    got = float(got[0] if isinstance(got, (list, tuple)) else got)
    if not abs(got - want) <= 1e-3 * max(1.0, want):
        fail(f"the compiled loss is {got:.4f} where the mean squared error of the outputs "
             f"is {want:.4f}: use loss='mse'")
