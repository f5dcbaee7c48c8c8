"""Hidden checks for build_conv1d_classifier: architecture and training here.

The behaviour check trains a fresh copy of the student's architecture (fixed seed,
Adam, binary cross-entropy) on the *local* order task ("A B" or "B A" adjacent among
distractors): a kernel of size >= 2 solves it; an order-blind model stays near 0.5.
"""
import numpy as np

from autograder.harness.checks import check_shape
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part1.common import cache, check_loss, get_model, \
    keras_checks, outputs, sd
from autograder.training_cache import remember

VOCAB = sd.ORDER_VOCAB
SEED, N_TRAIN, N_TEST, EPOCHS = 9041, 800, 400, 5
THRESHOLD = 0.9


def _model(cache, student, *args, **kwargs):
    return get_model(cache, student, "build_conv1d_classifier", *(args or (VOCAB,)), **kwargs)


def _accuracy(student, cache):
    if "trained" not in cache:
        model = _model(cache, student)
        cache["trained"] = remember(
            f"{__name__}:{N_TRAIN}:{N_TEST}:{EPOCHS}:{SEED}", model,
            lambda: keras_checks.local_order_accuracy(model, N_TRAIN, N_TEST, EPOCHS, SEED))
    return cache["trained"]


@rule("the output layer is a sigmoid")
def test_sigmoid_output(student, cache):
    """the output layer is a sigmoid, with the hidden vocabulary"""
    keras_checks.check_output_activation(_model(cache, student), "sigmoid",
                                         "use Dense(1, activation='sigmoid')")


@rule("a Conv1D layer and global pooling, no recurrent layer")
def test_convolution_not_recurrence(student, cache):
    """a Conv1D layer and global pooling, with the hidden vocabulary"""
    keras_checks.check_convolutional(_model(cache, student))


@rule("vocab_size, embed_dim, filters and kernel_size set the layer sizes")
def test_sizes_follow_the_arguments(student, cache):
    """vocab_size, embed_dim, filters and kernel_size on hidden sizes"""
    model = _model(cache, student, 33, embed_dim=5, filters=7, kernel_size=2)
    call = "build_conv1d_classifier(33, embed_dim=5, filters=7, kernel_size=2)"
    keras_checks.check_embedding(model, 33, 5, call)
    keras_checks.check_conv(model, 7, 2, call)


@rule("int ids (N, T) -> probabilities (N, 1), for N = 1 and lengths from kernel_size to 40")
def test_any_length(student, cache):
    """works for a batch of one and for lengths from kernel_size to 40"""
    model = _model(cache, student)
    for shape in [(1, 3), (2, 11), (3, 40)]:
        x = np.random.default_rng(sum(shape)).integers(1, VOCAB, shape)
        check_shape(outputs(model, x), (shape[0], 1), f"output for ids of shape {shape}")


@rule('trained on a public order task: tells "A B" from "B A" (a local pattern)')
def test_trained_local_order(student, cache):
    """trained here: tells "A B" from "B A" (a local pattern)"""
    keras_checks.check_trained(_accuracy(student, cache), THRESHOLD,
                               "accuracy on the local order task",
                               "an order-blind model, e.g. kernel_size=1, stays near 0.5")


@rule("compiled with binary cross-entropy on probabilities")
def test_compiled_loss(student, cache):
    """compiled with binary cross-entropy, with the hidden vocabulary"""
    check_loss(_model(cache, student), "binary_crossentropy", "a sigmoid output for two classes")
