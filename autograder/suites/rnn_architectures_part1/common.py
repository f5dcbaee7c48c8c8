"""Shared helpers for the hidden rnn_architectures_part1 suites (never shipped).

NumPy questions: hidden inputs; the known-mistake variants are the public ones
(``diagnoses``: ``source/rnn_architectures_part1/tests/diagnoses.py``). Keras builders:
the student's model arrives as its saved config and weights; what a question asks of
it is checked by the public ``tests/keras_checks.py`` (the same words in the self-check
and in the feedback), here on hidden sizes and seeded weights. Trained behaviour is the
public checks' alone: they run in grading too, training a copy of the architecture
with fresh weights from a fixed seed, once per architecture in a run
(``checks.remembered``), so the self-check's verdict on training is the grade's.
"""
from __future__ import annotations

import copy

import numpy as np
import pytest

from autograder.harness import model_reuse
from autograder.harness.checks import fail
from autograder.harness.quiet import quiet_process
from autograder.suites import public

diagnoses = public.diagnoses("rnn_architectures_part1")
sd = public.load("rnn_architectures_part1", "seqdata.py", "_a3_hidden_seqdata")
# what the Keras questions ask of a model, shared with the public checks
keras_checks = public.load("rnn_architectures_part1", "tests/keras_checks.py",
                           "public_keras_checks_rnn_architectures_part1")
check_loss, output_activation, outputs = (keras_checks.check_loss, keras_checks.output_activation,
                                          keras_checks.outputs)
layer_names, recurrent_layers = keras_checks.layer_names, keras_checks.recurrent_layers

# (N, T, D, H, C): batch of 1, T = 1, H != D, C = 1, a longer sequence
SHAPES = [(1, 1, 3, 5, 2), (3, 4, 2, 6, 3), (2, 7, 4, 4, 5), (4, 3, 5, 2, 1), (2, 12, 3, 7, 4)]


def rnn_params(seed, N, T, D, H, C, wh_scale=0.8):
    rng = np.random.default_rng(3000 + seed)
    x = rng.standard_normal((N, T, D))
    h0 = 0.5 * rng.standard_normal((N, H))
    Wx = rng.standard_normal((D, H)) / np.sqrt(D)
    Wh = wh_scale * rng.standard_normal((H, H)) / np.sqrt(H)
    b = 0.3 * rng.standard_normal(H)
    Wy = rng.standard_normal((H, C))
    by = 0.5 * rng.standard_normal(C)
    return x, h0, Wx, Wh, b, Wy, by


# ----------------------------------------------------------------------------- Keras
def keras():
    quiet_process()
    import keras as k
    return k


@pytest.fixture(scope="module")
def cache():
    """Models and training results for one judge run (never shared between runs)."""
    return {}


def get_model(cache, student, name, *args, **kwargs):
    """The student's model for these arguments, built once per judge run."""
    key = (name, args, tuple(sorted(kwargs.items())))
    if key not in cache:
        try:
            model = student.call(name, *args, **kwargs)
        except AssertionError as exc:
            cache[key] = exc
        else:
            if not hasattr(model, "layers") or not hasattr(model, "predict"):
                cache[key] = AssertionError(f"{name} should return a compiled keras Model, "
                                            f"got {type(model).__name__}")
            else:
                cache[key] = model
    value = cache[key]
    if isinstance(value, AssertionError):
        raise value
    return value


def seeded_copy(model, seed):
    """The same architecture with weights drawn from a fixed seed, for checks that only
    apply it (never train it): rebuilt from its config, so that a process judging many
    notebooks draws each architecture's weights once and lends the model again with
    them (``model_reuse``)."""
    k = keras()
    config = model_reuse.architecture(model)

    def draw():
        k.utils.set_random_seed(seed)
        try:
            return k.saving.deserialize_keras_object(copy.deepcopy(config), safe_mode=True)
        except Exception as exc:  # noqa: BLE001
            fail(f"the autograder could not rebuild your architecture: "
                 f"{type(exc).__name__}: {str(exc)[:300]}")
    return model_reuse.pool().seeded_copy(config, seed, draw)


def padding_probe(cache, model, seed):
    """A seeded copy of ``model`` with a large padding vector (``keras_checks.
    with_large_padding``): an unmasked architecture fails whatever the student's weights."""
    if "padding_probe" not in cache:
        cache["padding_probe"] = keras_checks.with_large_padding(seeded_copy(model, seed), seed)
    return cache["padding_probe"]
