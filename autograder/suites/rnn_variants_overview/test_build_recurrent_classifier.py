"""Hidden checks for build_recurrent_classifier: architecture, then training in the judge."""
import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.harness.checks import check_raises, fail
from autograder.training_cache import compile_recipe, remember

LAYER = {"simple_rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


def _recurrent(model):
    """(wrapper name or None, the recurrent layer) for every recurrent layer."""
    found = []
    for layer in model.layers:
        if type(layer).__name__ == "Bidirectional":
            found.append(("Bidirectional", layer.forward_layer))
        elif type(layer).__name__ in LAYER.values():
            found.append((None, layer))
    return found


def _one_recurrent(model, what):
    found = _recurrent(model)
    if len(found) != 1:
        fail(f"{what}: expected exactly one recurrent layer, found {len(found)}")
    return found[0]


@pytest.mark.parametrize("cell", list(LAYER))
def test_layer_type_and_units(student, cell):
    """one recurrent layer of the requested type with `units` units"""
    model = student.build_recurrent_classifier(cell, 5, 7, 3)
    wrapper, layer = _one_recurrent(model, f"cell={cell!r}")
    if wrapper is not None:
        fail(f"cell={cell!r} without bidirectional=True should not be wrapped in {wrapper}")
    if type(layer).__name__ != LAYER[cell]:
        fail(f"cell={cell!r} should give a keras.layers.{LAYER[cell]}, got "
             f"{type(layer).__name__}")
    if layer.units != 7:
        fail(f"the recurrent layer has {layer.units} units, expected units=7")
    if layer.return_sequences:
        fail("the recurrent layer returns sequences: a many-to-one classifier needs only the "
             "last output (return_sequences=False)")


@pytest.mark.parametrize("cell", ["lstm", "simple_rnn"])
def test_bidirectional_wrapper(student, cell):
    """bidirectional=True wraps the requested layer in Bidirectional (concat)"""
    model = student.build_recurrent_classifier(cell, 4, 6, 2, bidirectional=True)
    wrapper, layer = _one_recurrent(model, f"cell={cell!r}, bidirectional=True")
    if wrapper != "Bidirectional":
        fail("bidirectional=True should wrap the layer in keras.layers.Bidirectional")
    if type(layer).__name__ != LAYER[cell]:
        fail(f"the Bidirectional wrapper should hold a {LAYER[cell]}, got "
             f"{type(layer).__name__}")
    merge = [lay.merge_mode for lay in model.layers if type(lay).__name__ == "Bidirectional"][0]
    if merge != "concat":
        fail(f"keep the default merge_mode='concat', got {merge!r}")


def test_input_and_output_shapes(student):
    """input (None, None, input_dim) and output (None, num_classes)"""
    model = student.build_recurrent_classifier("gru", 6, 5, 4)
    if tuple(model.input_shape) != (None, None, 6):
        fail(f"the input shape is {model.input_shape}, expected (None, None, 6): any batch "
             "size, any sequence length, input_dim features")
    if tuple(model.output_shape) != (None, 4):
        fail(f"the output shape is {model.output_shape}, expected (None, 4) = "
             "(batch, num_classes)")


def test_softmax_output_layer(student):
    """the last layer is Dense(num_classes) with softmax"""
    model = student.build_recurrent_classifier("lstm", 3, 4, 3)
    last = model.layers[-1]
    if type(last).__name__ != "Dense":
        fail(f"the last layer should be Dense, got {type(last).__name__}")
    name = getattr(last.activation, "__name__", str(last.activation))
    if name != "softmax":
        fail(f"the output activation is {name}; class probabilities need softmax")
    if last.units != 3:
        fail(f"the output layer has {last.units} units, expected num_classes=3")


@pytest.mark.parametrize("cell,bidirectional", [("simple_rnn", False), ("gru", True)],
                         ids=["simple_rnn", "bidirectional-gru"])
def test_parameter_count(student, cell, bidirectional):
    """the model has exactly the recurrent layer and the dense layer"""
    D, H, C = 5, 6, 3
    model = student.build_recurrent_classifier(cell, D, H, C, bidirectional=bidirectional)
    want = ref.count_rnn_params(cell, D, H, bidirectional) + (2 if bidirectional else 1) * H * C + C
    if model.count_params() != want:
        fail(f"the model has {model.count_params()} parameters, expected {want} (one "
             f"{'bidirectional ' if bidirectional else ''}{LAYER[cell]} with default options "
             "and one Dense softmax layer)")


def test_optimizer(student):
    """compiled with Adam, learning rate 0.01"""
    model = student.build_recurrent_classifier("gru", 3, 4, 2)
    opt = getattr(model, "optimizer", None)
    if opt is None:
        fail("the model is not compiled: call model.compile(...) before returning it")
    if type(opt).__name__ != "Adam":
        fail(f"the optimizer is {type(opt).__name__}, expected Adam")
    lr = float(np.asarray(opt.learning_rate))
    if not np.isclose(lr, 0.01, rtol=1e-3):
        fail(f"the learning rate is {lr:g}, expected 0.01")


def test_unknown_cell_is_rejected(student):
    """an unknown cell name raises ValueError; 'gru' works"""
    model = student.build_recurrent_classifier("gru", 3, 4, 2)
    if tuple(model.output_shape) != (None, 2):
        fail(f"cell='gru' gave a model with output shape {model.output_shape}, "
             "expected (None, 2)")
    check_raises("ValueError", student.build_recurrent_classifier, "transformer", 3, 4, 2)


def _train_accuracy(model, seed):
    """Train a fresh copy (seeded initial weights) with the model's own optimizer and loss."""
    import keras
    keras.utils.set_random_seed(seed)
    net = keras.models.clone_model(model)
    optimizer = type(model.optimizer).from_config(model.optimizer.get_config())
    net.compile(optimizer=optimizer, loss=model.loss, metrics=["accuracy"], jit_compile=False)
    rng = np.random.default_rng(seed)
    X, y = ref.make_recall_task(480, 5, rng, num_symbols=3, noise=1.0)
    Xv, yv = ref.make_recall_task(300, 5, rng, num_symbols=3, noise=1.0)
    net.fit(X.astype("float32"), y, epochs=3, batch_size=32, verbose=0)
    probs = np.asarray(net.predict(Xv.astype("float32"), verbose=0))
    return float(np.mean(np.argmax(probs, axis=-1) == yv))


@pytest.mark.parametrize("cell,bidirectional", [("lstm", False), ("gru", True)],
                         ids=["lstm", "bidirectional-gru"])
def test_learns_a_short_recall_task(student, cell, bidirectional):
    """trained here on a short recall task, it reaches 85% validation accuracy"""
    model = student.build_recurrent_classifier(cell, 4, 16, 3, bidirectional=bidirectional)
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        fail("the model is not compiled: call model.compile(...) before returning it")
    try:
        acc = remember(f"{__name__}:recall:0:{compile_recipe(model)}", model,
                       lambda: _train_accuracy(model, seed=0))
    except Exception as exc:  # noqa: BLE001 - a model that cannot train fails this check
        fail(f"training your model failed: {type(exc).__name__}: {str(exc)[:300]}")
    if acc < 0.85:
        fail(f"after 3 epochs on a short recall task (3 classes, T=5) the validation accuracy "
             f"is {acc:.2f}; a correct model reaches 0.85 (check the output activation, the "
             "loss and the optimizer)")
