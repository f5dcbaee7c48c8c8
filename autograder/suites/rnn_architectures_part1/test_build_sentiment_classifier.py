"""Hidden checks for build_sentiment_classifier: architecture, masking, training here.

The behaviour checks train a fresh copy of the student's architecture (fixed seed,
Adam, binary cross-entropy) on hidden reviews and test it on others. About half of the
test reviews need word order (one negated clause); a bag of words is at chance on them.
Reference over 5 seeds: 1.00 / 1.00 (order-needed / all); a bag-of-words model:
0.44-0.53 / 0.79-0.83.
"""
import numpy as np

from autograder.harness.checks import check_raises, check_shape, fail
from autograder.suites.rnn_architectures_part1.common import cache, check_loss, get_model, \
    output_activation, outputs, padding_probe, recurrent_layers, sd, train
from autograder.training_cache import remember

VOCAB = len(sd.SENTIMENT_VOCAB)
SEED, N_TRAIN, N_TEST, EPOCHS = 9011, 1000, 400, 6
ORDER_THRESHOLD, ALL_THRESHOLD = 0.85, 0.92


def _model(cache, student, *args, **kwargs):
    return get_model(cache, student, "build_sentiment_classifier", *args, **kwargs)


def _trained_accuracy(student, cache):
    if "trained" not in cache:
        model = _model(cache, student, VOCAB)

        def measure():
            train_set = sd.make_sentiment(N_TRAIN, seed=SEED)
            test_set = sd.make_sentiment(N_TEST, seed=SEED + 1)
            fitted = train(model, train_set["X"], train_set["y"], "binary_crossentropy",
                           EPOCHS, seed=SEED)
            probs = outputs(fitted, test_set["X"])
            if probs.shape != (N_TEST, 1):
                fail(f"the trained model outputs shape {probs.shape}, expected ({N_TEST}, 1)")
            right = (probs[:, 0] > 0.5) == (test_set["y"] == 1)
            return right[test_set["order_needed"]].mean(), right.mean()
        cache["trained"] = remember(f"{__name__}:{N_TRAIN}:{N_TEST}:{EPOCHS}:{SEED}", model,
                                    measure)
    return cache["trained"]


def test_sigmoid_output(student, cache):
    """the output layer is a sigmoid"""
    act = output_activation(_model(cache, student, VOCAB))
    if act != "sigmoid":
        fail(f"the output activation is {act}; a binary classifier ends with "
             "Dense(1, activation='sigmoid')")


def test_padding_at_the_start_is_ignored(student, cache):
    """padding (id 0) before the review does not change the prediction either"""
    model = padding_probe(cache, _model(cache, student, VOCAB), SEED)
    # a short review: what the padding did to the state has few steps to fade
    x = np.random.default_rng(1).integers(1, VOCAB, size=(3, 2))
    padded = np.concatenate([np.zeros((3, 4), dtype=x.dtype), x], axis=1)
    a, b = outputs(model, x), outputs(model, padded)
    if not np.allclose(a, b, atol=1e-5):
        fail("padding (id 0) changes the prediction: use Embedding(..., mask_zero=True) so "
             "the recurrent layer skips padding steps")


def test_batch_of_one_word(student, cache):
    """a batch of one review of one word gives shape (1, 1)"""
    check_shape(outputs(_model(cache, student, VOCAB), np.array([[5]])), (1, 1),
                "output for ids of shape (1, 1)")


def test_cell_argument(student, cache):
    """cell="gru" and cell="simple_rnn" select GRU and SimpleRNN"""
    for cell, want in [("gru", "GRU"), ("simple_rnn", "SimpleRNN")]:
        names = [type(layer).__name__ for layer in recurrent_layers(_model(cache, student, VOCAB,
                                                                           cell=cell))]
        if names != [want]:
            fail(f"cell={cell!r} gives the recurrent layers {names or 'none'}; expected one "
                 f"{want} layer: the cell argument must choose the layer")


def test_unknown_cell_raises(student, cache):
    """a known cell builds a model, an unknown cell raises ValueError"""
    _model(cache, student, VOCAB)
    check_raises("ValueError", student.build_sentiment_classifier, VOCAB, cell="transformer")


def test_sizes_follow_the_arguments(student, cache):
    """vocab_size, embed_dim and units set the layer sizes"""
    model = _model(cache, student, 57, embed_dim=8, units=12)
    emb = [layer for layer in model.layers if type(layer).__name__ == "Embedding"]
    if not emb or emb[0].input_dim != 57 or emb[0].output_dim != 8:
        fail("expected an Embedding(vocab_size=57, embed_dim=8) for "
             "build_sentiment_classifier(57, embed_dim=8, units=12)")
    rec = recurrent_layers(model)
    if not rec or rec[0].units != 12:
        fail("the recurrent layer should have units=12 for units=12")


def test_reads_the_sequence_in_order(student, cache):
    """a recurrent layer reads the review (not an order-blind pooling of the words)"""
    model = _model(cache, student, VOCAB)
    if not recurrent_layers(model):
        names = ", ".join(type(layer).__name__ for layer in model.layers)
        fail(f"no recurrent layer (layers: {names}): without an LSTM/GRU/SimpleRNN the model "
             "ignores word order and cannot tell 'not good' from 'good ... not bad'")


def test_trained_learns_word_order(student, cache):
    """trained here on hidden reviews: accurate on the reviews that need word order"""
    order_acc, _ = _trained_accuracy(student, cache)
    if order_acc < ORDER_THRESHOLD:
        fail(f"after training, accuracy on reviews whose label depends on word order is "
             f"{order_acc:.2f} (needed {ORDER_THRESHOLD}; a bag of words gets about 0.5): the "
             "model ignores word order or cannot learn negation")


def test_trained_overall_accuracy(student, cache):
    """trained here on hidden reviews: overall test accuracy"""
    _, all_acc = _trained_accuracy(student, cache)
    if all_acc < ALL_THRESHOLD:
        fail(f"after training, test accuracy is {all_acc:.2f} (needed {ALL_THRESHOLD}; a bag "
             "of words gets about 0.8): the model ignores word order or does not learn")
