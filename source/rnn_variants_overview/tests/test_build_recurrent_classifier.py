"""Public checks for build_recurrent_classifier (the rules in ``classifier_checks.py``)."""
import numpy as np

from _harness.checks import check_raises, check_shape
from classifier_checks import (LAYER, check_any_length, check_bidirectional, check_layer,
                               check_parameter_count, check_ready_to_train, model_of)

CALLS = ()  # graded functions of this notebook that build_recurrent_classifier calls


def test_recurrent_layer_matches_cell(student):
    """the model holds one SimpleRNN / LSTM / GRU layer as asked"""
    for cell in LAYER:
        check_layer(model_of(student, cell, 3, 4, 2), cell, 4)


def test_bidirectional_wrapper(student):
    """bidirectional=True wraps the layer in keras.layers.Bidirectional"""
    for cell in LAYER:
        check_bidirectional(model_of(student, cell, 3, 4, 2, bidirectional=True), cell)


def test_outputs_are_class_probabilities(student):
    """sequences of any length map to (N, num_classes) probabilities"""
    check_any_length(model_of(student, "lstm", 3, 4, 5), 3, 5)


def test_ready_to_train(student):
    """ready to train on integer labels: softmax, sparse categorical cross-entropy, Adam(0.01)"""
    check_ready_to_train(model_of(student, "simple_rnn", 3, 4, 2), 3, 2)


def test_parameter_count(student):
    """the model has exactly the recurrent layer and the dense layer"""
    for cell, bidirectional in [(c, False) for c in LAYER] + [("gru", True)]:
        model = model_of(student, cell, 3, 4, 2, bidirectional=bidirectional)
        check_parameter_count(model, cell, 3, 4, 2, bidirectional)


def test_unknown_cell_is_rejected(student):
    """an unknown cell name raises ValueError; 'gru' works"""
    model = model_of(student, "gru", 3, 4, 2)
    check_shape(np.asarray(model(np.zeros((1, 2, 3), dtype="float32"))), (1, 2),
                "output of the model for cell='gru'")
    check_raises("ValueError", student.build_recurrent_classifier, "transformer", 3, 4, 2)
