"""Hidden checks for build_sentiment_classifier: architecture and masking on hidden sizes.

The trained behaviour is judged by the public check alone (it runs in grading too):
training has no input a student could have tuned an answer to, and one recipe means
the self-check's verdict on it is the grade's.
"""
import numpy as np

from autograder.harness.checks import check_raises, check_shape, fail
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part1.common import cache, get_model, keras_checks, \
    outputs, padding_probe, sd

VOCAB = len(sd.SENTIMENT_VOCAB)
SEED = 9011  # seeded weights of the padding probe
CELL = "cell selects the recurrent layer: one LSTM (the default), GRU or SimpleRNN"
MASK = ("use layers.Embedding(vocab_size, embed_dim, mask_zero=True) so the recurrent layer "
        "skips padding steps")


def _model(cache, student, *args, **kwargs):
    return get_model(cache, student, "build_sentiment_classifier", *args, **kwargs)


@rule("the output layer is a sigmoid")
def test_sigmoid_output(student, cache):
    """the output layer is a sigmoid, with the hidden vocabulary"""
    keras_checks.check_output_activation(_model(cache, student, VOCAB), "sigmoid",
                                         "a binary classifier ends with "
                                         "Dense(1, activation='sigmoid')")


@rule("padding (id 0) before the review does not change the prediction either")
def test_padding_at_the_start_is_ignored(student, cache):
    """padding (id 0) before a hidden review, on seeded weights"""
    model = padding_probe(cache, _model(cache, student, VOCAB), SEED)
    # a short review: what the padding did to the state has few steps to fade
    x = np.random.default_rng(1).integers(1, VOCAB, size=(3, 2))
    padded = np.concatenate([np.zeros((3, 4), dtype=x.dtype), x], axis=1)
    keras_checks.check_padding_ignored(
        outputs(model, x), outputs(model, padded),
        f"padding (id 0) before the review changes the prediction: {MASK}")


@rule("int ids (N, T) -> one probability per sequence, shape (N, 1), for N = 1 and T = 1 too")
def test_batch_of_one_word(student, cache):
    """a batch of one review of one word gives shape (1, 1)"""
    check_shape(outputs(_model(cache, student, VOCAB), np.array([[5]])), (1, 1),
                "output for ids of shape (1, 1)")


@rule(CELL)
def test_cell_argument(student, cache):
    """cell="gru" and cell="simple_rnn" select GRU and SimpleRNN"""
    for cell, want in [("gru", "GRU"), ("simple_rnn", "SimpleRNN")]:
        keras_checks.check_cell(_model(cache, student, VOCAB, cell=cell), cell, want)


@rule("a known cell builds a model, an unknown cell raises ValueError")
def test_unknown_cell_raises(student, cache):
    """an unknown cell raises ValueError, on the hidden vocabulary"""
    _model(cache, student, VOCAB)
    check_raises("ValueError", student.build_sentiment_classifier, VOCAB, cell="transformer")


@rule("vocab_size, embed_dim and units set the layer sizes")
def test_sizes_follow_the_arguments(student, cache):
    """vocab_size, embed_dim and units on hidden sizes"""
    model = _model(cache, student, 57, embed_dim=8, units=12)
    call = "build_sentiment_classifier(57, embed_dim=8, units=12)"
    keras_checks.check_embedding(model, 57, 8, call)
    keras_checks.check_units(model, 12, call)


@rule(CELL)
def test_reads_the_sequence_in_order(student, cache):
    """a recurrent layer reads the review (not an order-blind pooling of the words)"""
    model = _model(cache, student, VOCAB)
    if not keras_checks.recurrent_layers(model):
        fail(f"no recurrent layer (layers: {', '.join(keras_checks.layer_names(model))}): "
             "without an LSTM/GRU/SimpleRNN the model ignores word order and cannot tell "
             "'not good' from 'good ... not bad'")
