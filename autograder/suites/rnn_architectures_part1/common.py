"""Shared helpers for the hidden rnn_architectures_part1 suites (never shipped).

NumPy questions: hidden inputs; the known-mistake variants are the public ones
(``diagnoses``: ``source/rnn_architectures_part1/tests/diagnoses.py``). Keras builders:
the student's model arrives as its saved config and weights; here we inspect it and,
for the behaviour checks, clone the architecture with a fixed seed (fresh weights, so a
submission always gets the same result), compile it with the task's loss and a fixed
Adam optimizer, and train it for a few seconds on hidden data made by the public
generators with hidden seeds.
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


def all_layers(model):
    k = keras()
    out = []
    for layer in model.layers:
        out.append(layer)
        if isinstance(layer, k.Model):
            out.extend(all_layers(layer))
        inner = [getattr(layer, a, None) for a in ("layer", "forward_layer", "backward_layer")]
        out.extend(x for x in inner if x is not None and x is not layer)
    return out


def layer_names(model):
    return [type(layer).__name__ for layer in all_layers(model)]


RECURRENT = ("LSTM", "GRU", "SimpleRNN", "RNN")


def recurrent_layers(model):
    return [layer for layer in all_layers(model) if type(layer).__name__ in RECURRENT]


def outputs(model, x, what="the model"):
    """Apply the model (inference mode) and return float64 NumPy outputs."""
    try:
        if isinstance(x, (list, tuple)):
            x = [np.asarray(a, dtype="int32") for a in x]
        else:
            x = np.asarray(x, dtype="int32")
        return np.asarray(model(x, training=False), dtype=float)
    except Exception as exc:  # noqa: BLE001 - the student's architecture failed to run
        shapes = [np.shape(a) for a in x] if isinstance(x, list) else np.shape(x)
        fail(f"{what} could not be applied to int ids of shape {shapes}: "
             f"{type(exc).__name__}: {str(exc)[:300]}")


def loss_name(model):
    """The compiled loss, normalised ('binary_crossentropy', ...), or None."""
    loss = getattr(model, "loss", None)
    if isinstance(loss, (list, tuple)) and len(loss) == 1:
        loss = loss[0]
    if isinstance(loss, dict) and len(loss) == 1:
        loss = next(iter(loss.values()))
    if loss is None:
        return None
    if isinstance(loss, str):
        name = loss
    else:
        name = getattr(loss, "name", None) or getattr(loss, "__name__", None) \
            or type(loss).__name__
    name = str(name).lower().replace("_", "")
    aliases = {"binarycrossentropy": "binary_crossentropy", "bce": "binary_crossentropy",
               "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy",
               "categoricalcrossentropy": "categorical_crossentropy",
               "meansquarederror": "mean_squared_error", "mse": "mean_squared_error"}
    return aliases.get(name, name)


def from_logits(model):
    loss = getattr(model, "loss", None)
    if loss is None or isinstance(loss, str):
        return False
    return bool(getattr(loss, "from_logits", False)
                or (hasattr(loss, "get_config") and loss.get_config().get("from_logits")))


def check_loss(model, expected, why):
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        fail("the model is not compiled: call model.compile(optimizer=..., "
             f"loss=\"{expected}\", metrics=[\"accuracy\"]) before returning it")
    name = loss_name(model)
    if name != expected:
        fail(f"the model is compiled with the loss {name!r}; use \"{expected}\" ({why})")
    if from_logits(model):
        fail("the loss is compiled with from_logits=True, but the model already outputs "
             "probabilities (softmax/sigmoid): keep from_logits=False")


def output_activation(model):
    """Name of the activation of the last layer that has one (None if unknown)."""
    k = keras()
    for layer in reversed(all_layers(model)):
        act = getattr(layer, "activation", None)
        if act is not None:
            return getattr(act, "__name__", None) or k.activations.serialize(act)
    return None


def fresh_copy(model, seed):
    """The same architecture with new weights drawn from a fixed seed."""
    k = keras()
    k.utils.set_random_seed(seed)
    try:
        return k.models.clone_model(model)
    except Exception as exc:  # noqa: BLE001
        fail(f"the autograder could not rebuild your architecture to train it: "
             f"{type(exc).__name__}: {str(exc)[:300]}")


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
    """A seeded copy of ``model`` whose padding vector (row 0 of every Embedding) is large.

    At initialisation a padding step moves the output of an unmasked model by as little
    as 1e-5, so a check on the student's own weights would let some unmasked models pass
    at random. With a large padding vector the unmasked ones move by more than 1e-3 (LSTM,
    GRU and SimpleRNN over 30 seeds each), and a masked model still moves by exactly 0.
    """
    if "padding_probe" not in cache:
        probe = seeded_copy(model, seed)
        rng = np.random.default_rng(seed)
        for layer in all_layers(probe):
            if type(layer).__name__ == "Embedding":
                weights = layer.get_weights()
                weights[0][0] = 2.0 * rng.standard_normal(weights[0].shape[1])
                layer.set_weights(weights)
        cache["padding_probe"] = probe
    return cache["padding_probe"]


def train(model, x, y, loss, epochs, seed, lr=0.01, batch_size=32):
    """Train a fresh copy of the student's architecture here, in the judge."""
    k = keras()
    fresh = fresh_copy(model, seed)
    fresh.compile(optimizer=k.optimizers.Adam(lr), loss=loss)
    try:
        fresh.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True)
    except Exception as exc:  # noqa: BLE001
        fail(f"training your architecture failed: {type(exc).__name__}: {str(exc)[:300]}")
    return fresh


def greedy_decode(model, src, max_len=4):
    """Greedy decoding with a teacher-forcing model: one forward pass per step."""
    tgt = np.zeros((len(src), max_len), dtype="int32")
    tgt[:, 0] = sd.START
    out = np.zeros((len(src), max_len), dtype="int32")
    for t in range(max_len):
        probs = outputs(model, [src, tgt], "the translator")
        out[:, t] = probs[:, t].argmax(-1)
        if t + 1 < max_len:
            tgt[:, t + 1] = out[:, t]
    return [sd.ids_to_digits(row) for row in out]
