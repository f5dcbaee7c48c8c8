"""Hidden checks for build_recurrent_classifier: the public rules on other sizes
(``classifier_checks``), then training in the judge."""
import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.harness.checks import check_raises, check_shape, fail
from autograder.suites.public import rule
from autograder.suites.rnn_variants_overview.common import public_checks
from autograder.training_cache import compile_recipe, remember

checks = public_checks("classifier_checks")

READY = "ready to train on integer labels: softmax, sparse categorical cross-entropy, Adam(0.01)"


@rule("the model holds one SimpleRNN / LSTM / GRU layer as asked")
@pytest.mark.parametrize("cell", list(checks.LAYER))
def test_layer_type_and_units(student, cell):
    """one recurrent layer of the requested type with `units` units"""
    checks.check_layer(checks.model_of(student, cell, 5, 7, 3), cell, 7)


@rule("bidirectional=True wraps the layer in keras.layers.Bidirectional")
@pytest.mark.parametrize("cell", ["lstm", "simple_rnn"])
def test_bidirectional_wrapper(student, cell):
    """bidirectional=True wraps the requested layer in Bidirectional (concat)"""
    checks.check_bidirectional(checks.model_of(student, cell, 4, 6, 2, bidirectional=True),
                               cell)


@rule("sequences of any length map to (N, num_classes) probabilities")
def test_input_and_output_shapes(student):
    """sequences of lengths 1 and 9 with input_dim=6 give (N, 4) probabilities"""
    model = checks.model_of(student, "gru", 6, 5, 4)
    for T in (1, 9):
        checks.probabilities(model, 3, T, 6, 4)


@rule(READY)
def test_optimizer_and_loss(student):
    """compiled with Adam (learning rate 0.01) and sparse categorical cross-entropy"""
    checks.check_ready_to_train(checks.model_of(student, "gru", 3, 4, 2), 3, 2)


@rule("the model has exactly the recurrent layer and the dense layer")
@pytest.mark.parametrize("cell,bidirectional", [("simple_rnn", False), ("gru", True)],
                         ids=["simple_rnn", "bidirectional-gru"])
def test_parameter_count(student, cell, bidirectional):
    """the parameter count with other sizes"""
    D, H, C = 5, 6, 3
    model = checks.model_of(student, cell, D, H, C, bidirectional=bidirectional)
    checks.check_parameter_count(model, cell, D, H, C, bidirectional)


@rule("an unknown cell name raises ValueError; 'gru' works")
def test_unknown_cell_is_rejected(student):
    """an unknown cell name ('rnn') raises ValueError; 'gru' works"""
    model = checks.model_of(student, "gru", 3, 4, 2)
    check_shape(np.asarray(model(np.zeros((2, 3, 3), dtype="float32"))), (2, 2),
                "output of the model for cell='gru'")
    check_raises("ValueError", student.build_recurrent_classifier, "rnn", 3, 4, 2)


def _recall(n, rng):
    return ref.make_recall_task(n, 5, rng, num_symbols=3, noise=1.0)


def _train_accuracy(model, seed):
    """Train a fresh copy (seeded initial weights) with the model's own optimizer and loss."""
    import keras
    keras.utils.set_random_seed(seed)
    net = keras.models.clone_model(model)
    optimizer = type(model.optimizer).from_config(model.optimizer.get_config())
    net.compile(optimizer=optimizer, loss=model.loss, metrics=["accuracy"], jit_compile=False)
    rng = np.random.default_rng(seed)
    X, y = _recall(480, rng)
    Xv, yv = _recall(300, rng)
    net.fit(X.astype("float32"), y, epochs=3, batch_size=32, verbose=0)
    probs = np.asarray(net.predict(Xv.astype("float32"), verbose=0))
    return float(np.mean(np.argmax(probs, axis=-1) == yv))


@rule(READY)
@pytest.mark.parametrize("cell,bidirectional", [("lstm", False), ("gru", True)],
                         ids=["lstm", "bidirectional-gru"])
def test_learns_a_short_recall_task(student, cell, bidirectional):
    """trained here on a short recall task, it reaches 85% validation accuracy"""
    model = checks.model_of(student, cell, 4, 16, 3, bidirectional=bidirectional)
    checks.check_ready_to_train(model, 4, 3)
    try:
        acc = remember(f"{__name__}:recall:0:{compile_recipe(model)}", model,
                       lambda: _train_accuracy(model, seed=0))
    except Exception as exc:  # noqa: BLE001 - a model that cannot train fails this check
        fail(f"training your model failed: {type(exc).__name__}: {str(exc)[:300]}")
    if acc < 0.85:
        fail(f"after 3 epochs on a short recall task (3 classes, T=5) the validation accuracy "
             f"is {acc:.2f}; a correct model reaches 0.85 (check the output activation, the "
             "loss and the optimizer)")
