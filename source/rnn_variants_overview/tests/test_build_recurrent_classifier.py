"""Public checks for build_recurrent_classifier."""
import numpy as np

from _harness.checks import check_close, check_shape, fail

CALLS = ()  # graded functions of this notebook that build_recurrent_classifier calls

LAYER = {"simple_rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


def _recurrent_layers(model):
    found = []
    for layer in model.layers:
        inner = getattr(layer, "forward_layer", None) or getattr(layer, "layer", None)
        if type(layer).__name__ == "Bidirectional":
            found.append(("Bidirectional", type(inner).__name__))
        elif type(layer).__name__ in LAYER.values():
            found.append((None, type(layer).__name__))
    return found


def test_recurrent_layer_matches_cell(student):
    """the model holds one SimpleRNN / LSTM / GRU layer as asked"""
    for cell, name in LAYER.items():
        model = student.build_recurrent_classifier(cell, 3, 4, 2)
        found = _recurrent_layers(model)
        if [f[1] for f in found] != [name]:
            fail(f"for cell={cell!r} expected one {name} layer, found "
                 f"{[f[1] for f in found] or 'none'}")


def test_bidirectional_wrapper(student):
    """bidirectional=True wraps the layer in keras.layers.Bidirectional"""
    found = _recurrent_layers(student.build_recurrent_classifier("gru", 3, 4, 2,
                                                                 bidirectional=True))
    if found != [("Bidirectional", "GRU")]:
        fail(f"expected Bidirectional(GRU), found {found or 'no recurrent layer'}")


def test_outputs_are_class_probabilities(student):
    """sequences of any length map to (N, num_classes) probabilities"""
    model = student.build_recurrent_classifier("lstm", 3, 4, 5)
    for T in (2, 7):
        x = np.random.default_rng(T).standard_normal((2, T, 3)).astype("float32")
        probs = check_shape(np.asarray(model(x)), (2, 5),
                            f"model output for a batch of 2 sequences of length {T}")
        check_close(probs.sum(axis=1), np.ones(2), "sum of each output row (softmax)",
                    atol=1e-5)
        if probs.min() < 0:
            fail("outputs must be probabilities (softmax), found negative values")


def test_compiled_with_sparse_categorical_crossentropy(student):
    """the model is compiled with sparse categorical cross-entropy"""
    model = student.build_recurrent_classifier("simple_rnn", 3, 4, 2)
    loss = getattr(model, "loss", None)
    name = loss if isinstance(loss, str) else getattr(loss, "name", type(loss).__name__)
    if loss is None:
        fail("the model is not compiled: call model.compile(...) before returning it")
    if "sparse_categorical_crossentropy" not in str(name).lower():
        fail(f"the loss is {name}; integer labels need 'sparse_categorical_crossentropy'")
