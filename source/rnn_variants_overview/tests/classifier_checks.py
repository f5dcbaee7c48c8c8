"""What build_recurrent_classifier's question asks of the model, checked from outside.

The public checks and the autograder's hidden ones both call these on their own
sizes, so a rule reads the same in the self-check and in the feedback.
"""
import numpy as np

from _harness.checks import check_close, check_shape, fail, keras_model, model_outputs

LAYER = {"simple_rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


def model_of(student, *args, **kwargs):
    return keras_model(student, "build_recurrent_classifier", *args, **kwargs)


def recurrent_layers(model):
    """(wrapper name or None, the recurrent layer) for every recurrent layer."""
    found = []
    for layer in model.layers:
        if type(layer).__name__ == "Bidirectional":
            found.append(("Bidirectional", layer.forward_layer))
        elif type(layer).__name__ in LAYER.values():
            found.append((None, layer))
    return found


def one_recurrent(model, what):
    found = recurrent_layers(model)
    if len(found) != 1:
        fail(f"{what}: expected exactly one recurrent layer, found {len(found)}")
    return found[0]


def check_layer(model, cell, units):
    """One recurrent layer of the type `cell` asks for, `units` units, unwrapped, that
    returns only its last output."""
    wrapper, layer = one_recurrent(model, f"cell={cell!r}")
    if wrapper is not None:
        fail(f"cell={cell!r} without bidirectional=True should not be wrapped in {wrapper}")
    if type(layer).__name__ != LAYER[cell]:
        fail(f"cell={cell!r} should give a keras.layers.{LAYER[cell]}, got "
             f"{type(layer).__name__}")
    if layer.units != units:
        fail(f"the recurrent layer has {layer.units} units, expected units={units}")
    if layer.return_sequences:
        fail("the recurrent layer returns sequences: a many-to-one classifier needs only the "
             "last output (return_sequences=False)")


def check_bidirectional(model, cell):
    """bidirectional=True: the layer of type `cell` inside keras.layers.Bidirectional, with
    the default merge_mode 'concat'."""
    wrapper, layer = one_recurrent(model, f"cell={cell!r}, bidirectional=True")
    if wrapper != "Bidirectional":
        fail("bidirectional=True should wrap the layer in keras.layers.Bidirectional")
    if type(layer).__name__ != LAYER[cell]:
        fail(f"the Bidirectional wrapper should hold a {LAYER[cell]}, got "
             f"{type(layer).__name__}")
    merge = [lay.merge_mode for lay in model.layers if type(lay).__name__ == "Bidirectional"][0]
    if merge != "concat":
        fail(f"keep the default merge_mode='concat', got {merge!r}")


def probabilities(model, N, T, input_dim, num_classes):
    """The model's output for N random sequences of length T, checked to be (N, num_classes)
    class probabilities."""
    x = np.random.default_rng(T).standard_normal((N, T, input_dim))
    out = model_outputs(model, x, "float32", "float sequences")
    probs = check_shape(out, (N, num_classes),
                        f"model output for a batch of {N} sequences of length {T}")
    if probs.min() < 0:
        fail("outputs must be probabilities (softmax), found negative values")
    check_close(probs.sum(axis=1), np.ones(N), "sum of each output row (softmax)", atol=1e-5)
    return probs


def check_any_length(model, input_dim, num_classes):
    for T in (2, 7):
        probabilities(model, 2, T, input_dim, num_classes)


def check_ready_to_train(model, input_dim, num_classes):
    """Softmax probabilities out, compiled with sparse categorical cross-entropy and
    Adam(learning_rate=0.01): what training on integer labels needs."""
    probabilities(model, 3, 4, input_dim, num_classes)
    loss, opt = getattr(model, "loss", None), getattr(model, "optimizer", None)
    if loss is None or opt is None:
        fail("the model is not compiled: call model.compile(...) before returning it")
    name = loss if isinstance(loss, str) else getattr(loss, "name", type(loss).__name__)
    if "sparse_categorical_crossentropy" not in str(name).lower():
        fail(f"the loss is {name}; integer labels need 'sparse_categorical_crossentropy'")
    if type(opt).__name__ != "Adam":
        fail(f"the optimizer is {type(opt).__name__}, expected Adam")
    lr = float(np.asarray(opt.learning_rate))
    if not np.isclose(lr, 0.01, rtol=1e-3):
        fail(f"the learning rate is {lr:g}, expected 0.01")


def expected_params(cell, input_dim, units, num_classes, bidirectional):
    """Parameters of one Keras layer of type `cell` (default options, optionally
    Bidirectional) and one Dense(num_classes) layer, counted by Keras."""
    import keras
    layer = getattr(keras.layers, LAYER[cell])(units)
    if bidirectional:
        layer = keras.layers.Bidirectional(layer)
    layer.build((None, None, input_dim))
    return layer.count_params() + (2 if bidirectional else 1) * units * num_classes + num_classes


def check_parameter_count(model, cell, input_dim, units, num_classes, bidirectional=False):
    want = expected_params(cell, input_dim, units, num_classes, bidirectional)
    if model.count_params() != want:
        fail(f"the model has {model.count_params()} parameters, expected {want} (one "
             f"{'bidirectional ' if bidirectional else ''}{LAYER[cell]} with default options "
             "and one Dense softmax layer)")

