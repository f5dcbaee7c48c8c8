"""Public checks for build_conv1d_classifier (grading runs them too, training included;
its hidden checks try the architecture on other sizes)."""
import numpy as np

import keras_checks as ks
from _harness.checks import check_shape, fail

CALLS = ()  # graded functions of this notebook that build_conv1d_classifier calls

VOCAB = 20
# training on a public local order task: a few seconds; an order-blind model (e.g.
# kernel_size=1) stays near 0.5
SEED, N_TRAIN, N_TEST, EPOCHS = 14, 200, 300, 2
THRESHOLD = 0.9


def _model(student, *args, **kwargs):
    return ks.model_of(student, "build_conv1d_classifier", *(args or (VOCAB,)), **kwargs)


def test_output_for_any_length(student):
    """int ids (N, T) -> probabilities (N, 1), for N = 1 and lengths from kernel_size to 40"""
    model = _model(student, kernel_size=3)
    rng = np.random.default_rng(0)
    for shape in [(1, 3), (2, 15), (3, 40)]:
        out = check_shape(ks.outputs(model, rng.integers(1, VOCAB, shape)), (shape[0], 1),
                          f"output for ids of shape {shape}")
        if not np.all((out >= 0) & (out <= 1)):
            fail("outputs should be probabilities: end with Dense(1, activation='sigmoid')")


def test_sigmoid_output(student):
    """the output layer is a sigmoid"""
    ks.check_output_activation(_model(student), "sigmoid", "use Dense(1, activation='sigmoid')")


def test_convolution_not_recurrence(student):
    """a Conv1D layer and global pooling, no recurrent layer"""
    ks.check_convolutional(_model(student))


def test_sizes_follow_the_arguments(student):
    """vocab_size, embed_dim, filters and kernel_size set the layer sizes"""
    model = _model(student, 21, embed_dim=8, filters=6, kernel_size=4)
    call = "build_conv1d_classifier(21, embed_dim=8, filters=6, kernel_size=4)"
    ks.check_embedding(model, 21, 8, call)
    ks.check_conv(model, 6, 4, call)


def test_compiled_with_binary_cross_entropy(student):
    """compiled with binary cross-entropy on probabilities"""
    ks.check_loss(_model(student), "binary_crossentropy", "a sigmoid output for two classes")


def test_trained_local_order(student):
    """trained on a public order task: tells "A B" from "B A" (a local pattern)"""
    model = _model(student, ks.seqdata().ORDER_VOCAB)
    ks.check_trained(ks.local_order_accuracy(model, N_TRAIN, N_TEST, EPOCHS, SEED, lr=0.03,
                                             batch_size=16),
                     THRESHOLD, "accuracy on the local order task",
                     "an order-blind model, e.g. kernel_size=1, stays near 0.5")
