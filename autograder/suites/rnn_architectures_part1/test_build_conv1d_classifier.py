"""Hidden checks for build_conv1d_classifier: the architecture on hidden sizes.

The trained behaviour is judged by the public check alone (it runs in grading too):
training has no input a student could have tuned an answer to, and one recipe means
the self-check's verdict on it is the grade's.
"""
import numpy as np

from autograder.harness.checks import check_shape
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part1.common import cache, check_loss, get_model, \
    keras_checks, outputs, sd

VOCAB = sd.ORDER_VOCAB


def _model(cache, student, *args, **kwargs):
    return get_model(cache, student, "build_conv1d_classifier", *(args or (VOCAB,)), **kwargs)


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


@rule("compiled with binary cross-entropy on probabilities")
def test_compiled_loss(student, cache):
    """compiled with binary cross-entropy, with the hidden vocabulary"""
    check_loss(_model(cache, student), "binary_crossentropy", "a sigmoid output for two classes")
