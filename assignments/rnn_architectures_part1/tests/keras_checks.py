"""What the Keras builders' questions ask of a model, checked from outside.

The public checks and the autograder's hidden ones both call these, on their own sizes
and data, so a rule reads the same in your self-check and in your feedback. The model
a check receives is a copy of yours (rebuilt from its config and weights): a check may
change its weights without touching your notebook.
"""
import functools
import importlib.util
import sys
from pathlib import Path

import numpy as np

from _harness.checks import check_shape, fail, keras_model, model_outputs, remembered

RECURRENT = ("LSTM", "GRU", "SimpleRNN", "RNN")


def model_of(student, name, *args, **kwargs):
    """``name(*args, **kwargs)`` in your notebook, which must return a Keras model."""
    return keras_model(student, name, *args, **kwargs)


def outputs(model, x, what="the model"):
    """The model applied to int ids (a list of arrays for several inputs), in inference
    mode, as float64."""
    return model_outputs(model, x, "int32", "int ids", what)


# ----------------------------------------------------------------------- structure
def all_layers(model):
    """Every layer, those inside nested models and wrappers (Bidirectional) included."""
    import keras
    out = []
    for layer in model.layers:
        out.append(layer)
        if isinstance(layer, keras.Model):
            out.extend(all_layers(layer))
        inner = [getattr(layer, a, None) for a in ("layer", "forward_layer", "backward_layer")]
        out.extend(x for x in inner if x is not None and x is not layer)
    return out


def layer_names(model):
    return [type(layer).__name__ for layer in all_layers(model)]


def layers_named(model, name):
    return [layer for layer in all_layers(model) if type(layer).__name__ == name]


def recurrent_layers(model):
    return [layer for layer in all_layers(model) if type(layer).__name__ in RECURRENT]


def output_activation(model):
    """The activation of the last layer that has one (None if none has)."""
    import keras
    for layer in reversed(all_layers(model)):
        act = getattr(layer, "activation", None)
        if act is not None:
            return getattr(act, "__name__", None) or keras.activations.serialize(act)
    return None


def check_output_activation(model, want, fix):
    act = output_activation(model)
    if act != want:
        fail(f"the output activation is {act}; {fix}")


def check_embedding(model, vocab, embed, call):
    """The first Embedding maps ``vocab`` ids to vectors of ``embed`` numbers."""
    emb = layers_named(model, "Embedding")
    if not emb or emb[0].input_dim != vocab or emb[0].output_dim != embed:
        found = f"Embedding({emb[0].input_dim}, {emb[0].output_dim})" if emb else "no Embedding"
        fail(f"{call} has {found}; expected an Embedding({vocab}, {embed}) from the arguments")


def check_units(model, units, call, count=1):
    """At least ``count`` recurrent layers, every one of ``units`` units."""
    found = [getattr(layer, "units", None) for layer in recurrent_layers(model)]
    if len(found) < count:
        fail(f"{call} has {len(found)} recurrent layer(s), expected {count}")
    if any(u != units for u in found):
        fail(f"{call} has recurrent layers of {found} units; units={units} should set them")


def check_cell(model, cell, want):
    """``cell`` chose exactly one recurrent layer, of type ``want``."""
    names = [type(layer).__name__ for layer in recurrent_layers(model)]
    if names != [want]:
        why = "" if names else (" (without an LSTM, GRU or SimpleRNN the model ignores word "
                                "order and cannot tell 'not good' from 'good')")
        fail(f"cell={cell!r} gives the recurrent layers {names or 'none'} (layers: "
             f"{', '.join(layer_names(model))}){why}; expected one {want} layer: the cell "
             "argument must choose the layer")


def check_convolutional(model):
    """A Conv1D layer and global pooling, and no recurrent layer (the CNN side)."""
    names = layer_names(model)
    if recurrent_layers(model) or "Conv1D" not in names:
        fail(f"layers: {', '.join(names)}; the CNN side of the comparison uses Conv1D "
             "(and no LSTM/GRU/SimpleRNN)")
    if not any(n.startswith("Global") for n in names):
        fail("no global pooling layer: GlobalMaxPooling1D turns the per-window features "
             "into one vector, whatever the length")


def check_conv(model, filters, kernel_size, call):
    """The first Conv1D has ``filters`` filters and a window of ``kernel_size``."""
    conv = layers_named(model, "Conv1D")
    if not conv:
        fail(f"{call} has no Conv1D layer")
    if conv[0].filters != filters or tuple(conv[0].kernel_size) != (kernel_size,):
        fail(f"{call} has Conv1D(filters={conv[0].filters}, kernel_size="
             f"{tuple(conv[0].kernel_size)}); expected Conv1D(filters={filters}, kernel_size="
             f"{kernel_size}) from the arguments: the kernel_size argument must set the "
             "convolution window")

# ---------------------------------------------------------------------------- loss
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
    """Compiled, with the loss ``expected`` on the probabilities the model outputs."""
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        fail("the model is not compiled: call model.compile(optimizer=..., "
             f"loss=\"{expected}\", metrics=[\"accuracy\"]) before returning it")
    name = loss_name(model)
    if name != expected:
        fail(f"the model is compiled with the loss {name!r}; use \"{expected}\" ({why})")
    if from_logits(model):
        fail("the loss is compiled with from_logits=True, but the model already outputs "
             "probabilities (softmax/sigmoid): keep from_logits=False")


# ------------------------------------------------------------------------- padding
def with_large_padding(model, seed):
    """``model`` (changed in place) with a large padding vector, row 0 of every Embedding.

    A padding step moves the output of an unmasked model by as little as 1e-5 at
    initialisation, so an unmasked model could pass a "padding is ignored" check at
    random. With a large padding vector it moves by more than 1e-3 (LSTM, GRU and
    SimpleRNN over 30 seeds each), and a masked model still moves by exactly 0.
    """
    rng = np.random.default_rng(seed)
    for layer in layers_named(model, "Embedding"):
        weights = layer.get_weights()
        weights[0][0] = 2.0 * rng.standard_normal(weights[0].shape[1])
        layer.set_weights(weights)
    return model


def check_padding_ignored(a, b, message):
    """Outputs ``a`` without padding and ``b`` with it must agree; else ``message``."""
    if not np.allclose(a, b, atol=1e-5):
        fail(f"{message} (the output moves by up to {np.abs(a - b).max():.2g})")


# ------------------------------------------------------------------------ training
def fresh_copy(model, seed):
    """The same architecture with new weights drawn from a fixed seed (so the same
    answer always trains the same way)."""
    import keras
    keras.utils.set_random_seed(seed)
    try:
        return keras.models.clone_model(model)
    except Exception as exc:  # noqa: BLE001
        fail(f"your architecture could not be rebuilt to train it: "
             f"{type(exc).__name__}: {str(exc)[:300]}")


def train(model, x, y, loss, epochs, seed, lr=0.01, batch_size=32):
    """A fresh copy of ``model`` trained on (x, y) with Adam(lr) and ``loss``."""
    import keras
    fresh = fresh_copy(model, seed)
    fresh.compile(optimizer=keras.optimizers.Adam(lr), loss=loss)
    try:
        fresh.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True)
    except Exception as exc:  # noqa: BLE001
        fail(f"training your architecture failed: {type(exc).__name__}: {str(exc)[:300]}")
    return fresh


def seqdata():
    """The assignment's ``seqdata.py`` (next to this folder): the datasets' generators."""
    name = "_seqdata_of_the_checks"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "seqdata.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


# ------------------------------------------------------------- trained behaviour
def by_architecture(accuracy):
    """``accuracy(model, ...)``, trained once per architecture and arguments where a
    grading process judges many notebooks (a fresh copy from a fixed seed trains alike
    for equal architectures); here, every time."""
    @functools.wraps(accuracy)
    def run(model, *args, **kwargs):
        recipe = f"keras_checks.{accuracy.__name__}:{args!r}:{sorted(kwargs.items())!r}"
        return remembered(recipe, model, lambda: accuracy(model, *args, **kwargs))
    return run


def check_trained(value, threshold, what, baseline):
    """After training, ``what`` (a share of right answers) must reach ``threshold``."""
    if not value >= threshold:
        fail(f"after training, {what} is {value:.2f} (needed {threshold}; {baseline})")


@by_architecture
def sentiment_accuracy(model, n_train, n_test, epochs, seed, lr=0.01, batch_size=32):
    """(accuracy on the test reviews that need word order, on all test reviews) after
    training a fresh copy of ``model`` on ``n_train`` reviews."""
    sd = seqdata()
    train_set, test_set = sd.make_sentiment(n_train, seed=seed), sd.make_sentiment(n_test,
                                                                                   seed=seed + 1)
    fitted = train(model, train_set["X"], train_set["y"], "binary_crossentropy", epochs, seed,
                   lr, batch_size)
    probs = check_shape(outputs(fitted, test_set["X"]), (n_test, 1), "the trained model's output")
    right = (probs[:, 0] > 0.5) == (test_set["y"] == 1)
    return float(right[test_set["order_needed"]].mean()), float(right.mean())


def check_tag_sequence(out, shape, num_tags):
    """One tag distribution per step: ``out`` has shape ``shape + (num_tags,)``."""
    if out.ndim == 2:
        fail(f"the output has shape {out.shape}: only the last step is tagged; use "
             "return_sequences=True so the LSTM returns a state per step")
    return check_shape(out, (*shape, num_tags), f"output for ids of shape {tuple(shape)}")


@by_architecture
def tagging_accuracy(model, n_train, n_test, epochs, seed, lr=0.01, batch_size=32):
    """(accuracy on the ambiguous words, on all real words) after training a fresh copy
    of ``model`` on ``n_train`` tagged sentences."""
    sd = seqdata()
    train_set, test_set = sd.make_tagging(n_train, seed=seed), sd.make_tagging(n_test,
                                                                               seed=seed + 1)
    fitted = train(model, train_set["X"], train_set["Y"], "sparse_categorical_crossentropy",
                   epochs, seed, lr, batch_size)
    out = check_tag_sequence(outputs(fitted, test_set["X"]), test_set["X"].shape, len(sd.TAGS))
    right = out.argmax(-1) == test_set["Y"]
    return float(right[test_set["ambiguous"]].mean()), float(right[test_set["X"] > 0].mean())


def greedy_decode(model, src, max_len=4):
    """Greedy decoding with a teacher-forcing model: one forward pass per step."""
    sd = seqdata()
    tgt = np.zeros((len(src), max_len), dtype="int32")
    tgt[:, 0] = sd.START
    out = np.zeros((len(src), max_len), dtype="int32")
    for t in range(max_len):
        probs = outputs(model, [src, tgt], "the translator")
        out[:, t] = probs[:, t].argmax(-1)
        if t + 1 < max_len:
            tgt[:, t + 1] = out[:, t]
    return [sd.ids_to_digits(row) for row in out]


@by_architecture
def translation_accuracy(model, n_train, n_test, epochs, seed, lr=0.01, batch_size=32):
    """(teacher-forced next-token accuracy, share of exact greedy translations) on
    ``n_test`` unseen numbers after training a fresh copy of ``model`` on ``n_train``."""
    sd = seqdata()
    train_set = sd.make_numbers(n_train, seed=seed)
    test_set = sd.make_numbers(n_test, seed=seed + 1, exclude=train_set["numbers"])
    fitted = train(model, [train_set["src"], train_set["tgt_in"]], train_set["tgt_out"],
                   "sparse_categorical_crossentropy", epochs, seed, lr, batch_size)
    probs = check_shape(outputs(fitted, [test_set["src"], test_set["tgt_in"]], "the translator"),
                        (*test_set["tgt_in"].shape, len(sd.TGT_VOCAB)), "the trained output")
    real = test_set["tgt_out"] > 0
    token = (probs.argmax(-1) == test_set["tgt_out"])[real].mean()
    decoded = greedy_decode(fitted, test_set["src"])
    return float(token), float(np.mean([d == str(n) for d, n in zip(decoded,
                                                                    test_set["numbers"])]))


@by_architecture
def local_order_accuracy(model, n_train, n_test, epochs, seed, lr=0.01, batch_size=32):
    """Accuracy on the local order task ("A B" or "B A" among distractors) after
    training a fresh copy of ``model`` on ``n_train`` sequences."""
    sd = seqdata()
    train_set = sd.make_order_task(n_train, seed=seed, kind="local")
    test_set = sd.make_order_task(n_test, seed=seed + 1, kind="local")
    fitted = train(model, train_set["X"], train_set["y"], "binary_crossentropy", epochs, seed,
                   lr, batch_size)
    probs = check_shape(outputs(fitted, test_set["X"]), (n_test, 1), "the trained model's output")
    return float(((probs[:, 0] > 0.5) == (test_set["y"] == 1)).mean())

