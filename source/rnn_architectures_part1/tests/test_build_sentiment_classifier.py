"""Public checks for build_sentiment_classifier (grading runs them too, training included;
its hidden checks try the architecture on other sizes)."""
import numpy as np
import pytest

import keras_checks as ks
from _harness.checks import check_raises, check_shape, fail

CALLS = ()  # graded functions of this notebook that build_sentiment_classifier calls

VOCAB = 20
MASK = ("use layers.Embedding(vocab_size, embed_dim, mask_zero=True) so the recurrent layer "
        "skips padding steps")
# training on public reviews: a few seconds; a bag of words is at chance on the reviews
# that need word order and near 0.8 on all of them
SEED, N_TRAIN, N_TEST, EPOCHS = 11, 400, 300, 4
ORDER_THRESHOLD, ALL_THRESHOLD = 0.8, 0.9


def _model(student, *args, **kwargs):
    return ks.model_of(student, "build_sentiment_classifier", *(args or (VOCAB,)), **kwargs)


@pytest.fixture(scope="module")
def trained(student):
    """(accuracy on the reviews that need word order, on all reviews), trained once."""
    sd = ks.seqdata()
    return ks.sentiment_accuracy(_model(student, len(sd.SENTIMENT_VOCAB)), N_TRAIN, N_TEST,
                                 EPOCHS, SEED, lr=0.03, batch_size=16)


def test_output_is_a_probability(student):
    """int ids (N, T) -> one probability per sequence, shape (N, 1), for N = 1 and T = 1 too"""
    model = _model(student)
    for shape in [(3, 7), (1, 1)]:
        x = np.random.default_rng(sum(shape)).integers(1, VOCAB, size=shape)
        out = check_shape(ks.outputs(model, x), (shape[0], 1), f"model output for ids of shape "
                                                               f"{shape}")
        if not np.all((out >= 0) & (out <= 1)):
            fail("outputs should be probabilities in [0, 1]: end with "
                 "Dense(1, activation='sigmoid')")


def test_sigmoid_output(student):
    """the output layer is a sigmoid"""
    ks.check_output_activation(_model(student), "sigmoid", "a binary classifier ends with "
                               "Dense(1, activation='sigmoid')")


def test_padding_at_the_end_is_ignored(student):
    """appending padding (id 0) does not change the prediction (mask_zero=True)"""
    model = ks.with_large_padding(_model(student), 1)
    x = np.random.default_rng(1).integers(1, VOCAB, size=(2, 5))
    padded = np.concatenate([x, np.zeros((2, 4), dtype=x.dtype)], axis=1)
    ks.check_padding_ignored(ks.outputs(model, x), ks.outputs(model, padded),
                             f"adding padding (id 0) at the end changes the prediction: {MASK}")


def test_padding_at_the_start_is_ignored(student):
    """padding (id 0) before the review does not change the prediction either"""
    model = ks.with_large_padding(_model(student), 2)
    # a short review: what the padding did to the state has few steps to fade
    x = np.random.default_rng(2).integers(1, VOCAB, size=(3, 2))
    padded = np.concatenate([np.zeros((3, 4), dtype=x.dtype), x], axis=1)
    ks.check_padding_ignored(ks.outputs(model, x), ks.outputs(model, padded),
                             f"padding (id 0) before the review changes the prediction: {MASK}")


def test_cell_argument(student):
    """cell selects the recurrent layer: one LSTM (the default), GRU or SimpleRNN"""
    ks.check_cell(_model(student), "lstm (the default)", "LSTM")
    for cell, want in [("gru", "GRU"), ("simple_rnn", "SimpleRNN")]:
        ks.check_cell(_model(student, cell=cell), cell, want)


def test_unknown_cell_raises(student):
    """a known cell builds a model, an unknown cell raises ValueError"""
    _model(student, cell="gru")
    check_raises("ValueError", student.build_sentiment_classifier, VOCAB, cell="transformer")


def test_sizes_follow_the_arguments(student):
    """vocab_size, embed_dim and units set the layer sizes"""
    model = _model(student, 23, embed_dim=6, units=9)
    call = "build_sentiment_classifier(23, embed_dim=6, units=9)"
    ks.check_embedding(model, 23, 6, call)
    ks.check_units(model, 9, call)


def test_compiled_with_binary_cross_entropy(student):
    """compiled with binary cross-entropy on probabilities"""
    ks.check_loss(_model(student), "binary_crossentropy", "a sigmoid output for two classes")


def test_trained_learns_word_order(trained):
    """trained on public reviews: accurate on the reviews that need word order"""
    ks.check_trained(trained[0], ORDER_THRESHOLD, "accuracy on reviews whose label depends on "
                     "word order", "a bag of words gets about 0.5: the model ignores word order "
                     "or cannot learn negation")


def test_trained_overall_accuracy(trained):
    """trained on public reviews: overall test accuracy"""
    ks.check_trained(trained[1], ALL_THRESHOLD, "test accuracy", "a bag of words gets about "
                     "0.8: the model ignores word order or does not learn")
