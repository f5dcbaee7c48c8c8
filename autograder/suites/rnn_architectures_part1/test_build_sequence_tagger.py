"""Hidden checks for build_sequence_tagger: architecture and masking on hidden sizes.

The trained behaviour is judged by the public check alone (it runs in grading too):
training has no input a student could have tuned an answer to, and one recipe means
the self-check's verdict on it is the grade's.
"""
import numpy as np

from autograder.harness.checks import fail
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part1.common import cache, check_loss, get_model, \
    keras_checks, outputs, padding_probe, sd

VOCAB, TAGS = len(sd.TAGGING_VOCAB), len(sd.TAGS)
SEED = 9021  # seeded weights of the padding probe
MASK = "use Embedding(..., mask_zero=True) so the LSTM skips padding steps"


def _model(cache, student, *args, **kwargs):
    return get_model(cache, student, "build_sequence_tagger", *(args or (VOCAB, TAGS)),
                     **kwargs)


def _sequence_output(model, x, num_tags=TAGS):
    return keras_checks.check_tag_sequence(outputs(model, x), np.shape(x), num_tags)


@rule("the output layer is a softmax over the tags")
def test_softmax_output(student, cache):
    """the output layer is a softmax, with the hidden tag set"""
    keras_checks.check_output_activation(_model(cache, student), "softmax",
                                         "use Dense(num_tags, activation='softmax')")


@rule("int ids (N, T) -> (N, T, num_tags) tag probabilities summing to 1, for N = 1 and T = 1 too")
def test_one_output_per_step(student, cache):
    """one tag distribution per input step, for T = 1 and a batch of one"""
    _sequence_output(_model(cache, student), np.array([[3]]))
    _sequence_output(_model(cache, student), np.random.default_rng(2).integers(1, VOCAB, (1, 9)))


@rule("padding (id 0) before the sentence does not change the tags of its words")
def test_padding_at_the_start_is_ignored(student, cache):
    """padding (id 0) before a hidden sentence, on seeded weights"""
    model = padding_probe(cache, _model(cache, student), SEED)
    x = np.random.default_rng(3).integers(1, VOCAB, size=(3, 5))
    padded = np.concatenate([np.zeros((3, 3), dtype=x.dtype), x], axis=1)
    a, b = _sequence_output(model, x), _sequence_output(model, padded)
    keras_checks.check_padding_ignored(a, b[:, 3:], "padding (id 0) before the sentence changes "
                                       f"the tags of the real words: {MASK}")


@rule("vocab_size, num_tags, embed_dim and units set the layer sizes")
def test_sizes_follow_the_arguments(student, cache):
    """vocab_size, num_tags, embed_dim and units on hidden sizes"""
    model = _model(cache, student, 41, 5, embed_dim=6, units=10)
    call = "build_sequence_tagger(41, 5, embed_dim=6, units=10)"
    _sequence_output(model, np.array([[1, 2, 3]]), num_tags=5)
    keras_checks.check_embedding(model, 41, 6, call)
    keras_checks.check_units(model, 10, call)


@rule("a recurrent layer returning sequences reads the sentence")
def test_recurrent_layer(student, cache):
    """a recurrent layer returning sequences, with the hidden vocabulary"""
    rec = keras_checks.recurrent_layers(_model(cache, student))
    if not rec:
        fail("no recurrent layer: a per-word Dense layer cannot use the context of a word, "
             "so the tagger does not use the context")
    if not all(getattr(layer, "return_sequences", False) for layer in rec):
        fail("the recurrent layer needs return_sequences=True (one output per word)")


@rule("compiled with sparse categorical cross-entropy (integer tags)")
def test_compiled_loss(student, cache):
    """compiled with sparse categorical cross-entropy, with the hidden tag set"""
    check_loss(_model(cache, student), "sparse_categorical_crossentropy", "integer tags")
