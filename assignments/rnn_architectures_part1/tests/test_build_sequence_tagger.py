"""Public checks for build_sequence_tagger (grading runs them too, training included;
its hidden checks try the architecture on other sizes)."""
import numpy as np
import pytest

import keras_checks as ks
from _harness.checks import check_close, fail
from diagnoses import NOT_A_SOFTMAX

CALLS = ()  # graded functions of this notebook that build_sequence_tagger calls

VOCAB, TAGS = 20, 6
MASK = "use Embedding(..., mask_zero=True) so the LSTM skips padding steps"
# training on public sentences: a few seconds; tagging each word alone is near 0.5 on the
# ambiguous words
SEED, N_TRAIN, N_TEST, EPOCHS = 12, 250, 200, 3
AMBIGUOUS_THRESHOLD, ALL_THRESHOLD = 0.85, 0.97


def _model(student, *args, **kwargs):
    return ks.model_of(student, "build_sequence_tagger", *(args or (VOCAB, TAGS)), **kwargs)


@pytest.fixture(scope="module")
def trained(student):
    """(accuracy on the ambiguous words, on all real words), trained once."""
    sd = ks.seqdata()
    return ks.tagging_accuracy(_model(student, len(sd.TAGGING_VOCAB), len(sd.TAGS)), N_TRAIN,
                               N_TEST, EPOCHS, SEED, lr=0.03, batch_size=16)


def test_one_distribution_per_step(student):
    """int ids (N, T) -> (N, T, num_tags) tag probabilities summing to 1, for N = 1 and T = 1 too"""
    model = _model(student)
    for shape in [(3, 7), (1, 1)]:
        x = np.random.default_rng(sum(shape)).integers(1, VOCAB, size=shape)
        out = ks.check_tag_sequence(ks.outputs(model, x), shape, TAGS)
        check_close(out.sum(-1), np.ones(shape), "the sum over tags at every step", atol=1e-4,
                    likely={NOT_A_SOFTMAX: out.sum(-1)})


def test_softmax_output(student):
    """the output layer is a softmax over the tags"""
    ks.check_output_activation(_model(student), "softmax",
                               "use Dense(num_tags, activation='softmax')")


def test_padding_at_the_end_is_ignored(student):
    """appending padding (id 0) does not change the tags of the real words"""
    model = ks.with_large_padding(_model(student), 1)
    x = np.random.default_rng(1).integers(1, VOCAB, size=(2, 5))
    padded = np.concatenate([x, np.zeros((2, 3), dtype=x.dtype)], axis=1)
    a = ks.check_tag_sequence(ks.outputs(model, x), x.shape, TAGS)
    b = ks.check_tag_sequence(ks.outputs(model, padded), padded.shape, TAGS)
    ks.check_padding_ignored(a, b[:, :5], "padding (id 0) after the sentence changes the tags "
                             f"of the real words: {MASK}")


def test_padding_at_the_start_is_ignored(student):
    """padding (id 0) before the sentence does not change the tags of its words"""
    model = ks.with_large_padding(_model(student), 2)
    x = np.random.default_rng(2).integers(1, VOCAB, size=(3, 4))
    padded = np.concatenate([np.zeros((3, 3), dtype=x.dtype), x], axis=1)
    a = ks.check_tag_sequence(ks.outputs(model, x), x.shape, TAGS)
    b = ks.check_tag_sequence(ks.outputs(model, padded), padded.shape, TAGS)
    ks.check_padding_ignored(a, b[:, 3:], "padding (id 0) before the sentence changes the tags "
                             f"of the real words: {MASK}")


def test_recurrent_layer(student):
    """a recurrent layer returning sequences reads the sentence"""
    rec = ks.recurrent_layers(_model(student))
    if not rec:
        fail("no recurrent layer: a per-word Dense layer cannot use the context of a word, "
             "so the tagger does not use the context")
    if not all(getattr(layer, "return_sequences", False) for layer in rec):
        fail("the recurrent layer needs return_sequences=True (one output per word)")


def test_sizes_follow_the_arguments(student):
    """vocab_size, num_tags, embed_dim and units set the layer sizes"""
    model = _model(student, 17, 4, embed_dim=5, units=7)
    call = "build_sequence_tagger(17, 4, embed_dim=5, units=7)"
    ks.check_tag_sequence(ks.outputs(model, np.array([[1, 2, 3]])), (1, 3), 4)
    ks.check_embedding(model, 17, 5, call)
    ks.check_units(model, 7, call)


def test_compiled_with_sparse_categorical_cross_entropy(student):
    """compiled with sparse categorical cross-entropy (integer tags)"""
    ks.check_loss(_model(student), "sparse_categorical_crossentropy", "integer tags")


def test_trained_ambiguous_words(trained):
    """trained on public sentences: tags ambiguous words from their context"""
    ks.check_trained(trained[0], AMBIGUOUS_THRESHOLD, "accuracy on ambiguous words",
                     "tagging each word alone gets about 0.5: the model does not use the context")


def test_trained_overall_accuracy(trained):
    """trained on public sentences: accuracy over all real words"""
    ks.check_trained(trained[1], ALL_THRESHOLD, "tagging accuracy over all real words",
                     "tagging each word alone gets about 0.9")
