"""Hidden checks for build_sequence_tagger: architecture, masking, training here.

The behaviour checks train a fresh copy of the student's architecture (fixed seed,
Adam, sparse categorical cross-entropy) on hidden tagged sentences. Ambiguous words
(watch, fly, duck, ...) are a VERB or a NOUN depending on the previous word; a tagger
that looks at each word alone is near 0.5 on them.
"""
import numpy as np

from autograder.harness.checks import check_shape, fail
from autograder.suites.rnn_architectures_part1.common import cache, check_loss, get_model, \
    output_activation, outputs, padding_probe, recurrent_layers, sd, train
from autograder.training_cache import remember

VOCAB, TAGS = len(sd.TAGGING_VOCAB), len(sd.TAGS)
SEED, N_TRAIN, N_TEST, EPOCHS = 9021, 800, 300, 5
AMBIGUOUS_THRESHOLD, ALL_THRESHOLD = 0.9, 0.97


def _model(cache, student, *args, **kwargs):
    return get_model(cache, student, "build_sequence_tagger", *(args or (VOCAB, TAGS)),
                     **kwargs)


def _sequence_output(model, x, num_tags=TAGS):
    out = outputs(model, x)
    if out.ndim == 2:
        fail(f"the output has shape {out.shape}: only the last step is tagged; the LSTM needs "
             "return_sequences=True to give one state per step")
    return check_shape(out, (*np.shape(x), num_tags), f"output for ids of shape {np.shape(x)}")


def _trained_accuracy(student, cache):
    if "trained" not in cache:
        model = _model(cache, student)

        def measure():
            train_set = sd.make_tagging(N_TRAIN, seed=SEED)
            test_set = sd.make_tagging(N_TEST, seed=SEED + 1)
            fitted = train(model, train_set["X"], train_set["Y"],
                           "sparse_categorical_crossentropy", EPOCHS, seed=SEED)
            right = _sequence_output(fitted, test_set["X"]).argmax(-1) == test_set["Y"]
            return right[test_set["ambiguous"]].mean(), right[test_set["X"] > 0].mean()
        cache["trained"] = remember(f"{__name__}:{N_TRAIN}:{N_TEST}:{EPOCHS}:{SEED}", model,
                                    measure)
    return cache["trained"]


def test_softmax_output(student, cache):
    """the output layer is a softmax over the tags"""
    act = output_activation(_model(cache, student))
    if act != "softmax":
        fail(f"the output activation is {act}; use Dense(num_tags, activation='softmax')")


def test_one_output_per_step(student, cache):
    """one tag distribution per input step, for T = 1 and a batch of one"""
    _sequence_output(_model(cache, student), np.array([[3]]))
    _sequence_output(_model(cache, student), np.random.default_rng(2).integers(1, VOCAB, (1, 9)))


def test_padding_at_the_start_is_ignored(student, cache):
    """padding (id 0) before the sentence does not change the tags of its words"""
    model = padding_probe(cache, _model(cache, student), SEED)
    x = np.random.default_rng(3).integers(1, VOCAB, size=(3, 5))
    padded = np.concatenate([np.zeros((3, 3), dtype=x.dtype), x], axis=1)
    a, b = _sequence_output(model, x), _sequence_output(model, padded)
    if not np.allclose(a, b[:, 3:], atol=1e-5):
        fail("padding (id 0) changes the tags of the real words: use "
             "Embedding(..., mask_zero=True) so the LSTM skips padding steps")


def test_sizes_follow_the_arguments(student, cache):
    """vocab_size, num_tags, embed_dim and units set the layer sizes"""
    model = _model(cache, student, 41, 5, embed_dim=6, units=10)
    _sequence_output(model, np.array([[1, 2, 3]]), num_tags=5)
    emb = [layer for layer in model.layers if type(layer).__name__ == "Embedding"]
    if not emb or emb[0].input_dim != 41 or emb[0].output_dim != 6:
        fail("expected an Embedding(41, 6) for build_sequence_tagger(41, 5, embed_dim=6, "
             "units=10)")
    rec = recurrent_layers(model)
    if not rec or rec[0].units != 10:
        fail("the recurrent layer should have units=10 for units=10")


def test_recurrent_layer(student, cache):
    """a recurrent layer returning sequences reads the sentence"""
    rec = recurrent_layers(_model(cache, student))
    if not rec:
        fail("no recurrent layer: a per-word Dense layer cannot use the context of a word")
    if not all(getattr(layer, "return_sequences", False) for layer in rec):
        fail("the recurrent layer needs return_sequences=True (one output per word)")


def test_trained_ambiguous_words(student, cache):
    """trained here on hidden sentences: tags ambiguous words from their context"""
    amb, _ = _trained_accuracy(student, cache)
    if amb < AMBIGUOUS_THRESHOLD:
        fail(f"after training, accuracy on ambiguous words is {amb:.2f} (needed "
             f"{AMBIGUOUS_THRESHOLD}; tagging each word alone gets about 0.5): the model does "
             "not use the context")


def test_trained_overall_accuracy(student, cache):
    """trained here on hidden sentences: accuracy over all real words"""
    _, acc = _trained_accuracy(student, cache)
    if acc < ALL_THRESHOLD:
        fail(f"after training, tagging accuracy is {acc:.2f} (needed {ALL_THRESHOLD})")


def test_compiled_loss(student, cache):
    """compiled with sparse categorical cross-entropy on probabilities"""
    check_loss(_model(cache, student), "sparse_categorical_crossentropy", "integer tags")
