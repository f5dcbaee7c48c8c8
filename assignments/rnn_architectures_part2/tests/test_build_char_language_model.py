"""Public checks for build_char_language_model."""
import numpy as np
import pytest

from lm_checks import (check_causal, check_defaults, check_distributions, check_embedding,
                       check_recurrent, check_sequence_output, check_sparse_loss, model_of,
                       outputs)

CALLS = ()  # graded functions of this notebook that build_char_language_model calls

VOCAB, EMBED, UNITS = 11, 8, 16


@pytest.fixture(scope="module")
def model(student):
    return model_of(student, VOCAB, EMBED, UNITS)


def test_output_shape(model):
    """maps int ids (N, T) to (N, T, vocab_size)"""
    x = np.array([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]])
    check_sequence_output(outputs(model, x), 2, 5, VOCAB,
                          "model output for 2 sequences of 5 ids, vocab_size=11")


def test_outputs_are_distributions(model):
    """every step's output is a probability distribution (softmax)"""
    check_distributions(outputs(model, np.array([[1, 2, 3, 4]])))


def test_embedding_layer(model):
    """an Embedding layer of vocab_size x embed_dim"""
    check_embedding(model, VOCAB, EMBED)


def test_recurrent_layer(model):
    """a recurrent layer with `units` units that returns sequences"""
    check_recurrent(model, UNITS)


def test_default_sizes(student):
    """default arguments: embed_dim=32, units=128"""
    check_defaults(model_of(student, VOCAB))


def test_predictions_only_use_the_past(model):
    """predictions at step t do not depend on later characters (causal)"""
    check_causal(model, VOCAB, seed=0)


def test_compiled_with_sparse_cross_entropy(model):
    """compiled with the cross-entropy of int targets (sparse categorical)"""
    rng = np.random.default_rng(1)
    x = rng.integers(1, VOCAB, (4, 6))
    check_sparse_loss(model, x, rng.integers(1, VOCAB, (4, 6)))
