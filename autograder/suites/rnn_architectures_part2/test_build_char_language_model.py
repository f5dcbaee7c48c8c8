"""Hidden checks for build_char_language_model: architecture, loss, and training here.

The model travels from the student process as its saved config and weights. The
training check clones the architecture with a fixed seed (fresh weights, so the same
submission always gets the same result), compiles it with the student's loss (the
right one where the student's is wrong or missing: the loss has a check of its own) and
a fixed Adam optimizer, trains it for a few seconds on hidden text and requires the
held-out perplexity to be well below the uniform baseline.
"""
import numpy as np
import pytest

from autograder.harness.checks import CheckFailed, fail
from autograder.harness.student import StudentCodeFailure
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import lm_checks
from autograder.training_cache import remember

# hidden "language": words of 2-4 consonant-vowel syllables that repeat one vowel, so
# after the first vowel the others are predictable only with memory of the word
CONSONANTS, VOWELS = "ktmsnl", "aeiou"
CHARS = sorted(set(CONSONANTS + VOWELS + "."))
VOCAB = len(CHARS) + 1          # id 0 is padding and never occurs
CHAR_ID = {c: i + 1 for i, c in enumerate(CHARS)}
EMBED, UNITS = 16, 32
SEQ_LEN = 16
MAX_RATIO = 0.35                # perplexity must be below 0.35 x the uniform baseline
SEED = 1234

_models = {}


def hidden_text(seed, n_words):
    rng = np.random.default_rng(seed)
    words = []
    for _ in range(n_words):
        vowel = VOWELS[rng.integers(len(VOWELS))]
        words.append("".join(CONSONANTS[rng.integers(len(CONSONANTS))] + vowel
                             for _ in range(int(rng.integers(2, 5)))))
    return ".".join(words) + "."


def windows(text, length=SEQ_LEN):
    ids = np.array([CHAR_ID[c] for c in text])
    n = (len(ids) - 1) // length
    return ids[:n * length].reshape(n, length), ids[1:n * length + 1].reshape(n, length)


def _model(student, *args):
    """The student's model for these arguments (built once per judge run)."""
    if args not in _models:
        _models[args] = lm_checks.model_of(student, *args)
    return _models[args]


@rule("maps int ids (N, T) to (N, T, vocab_size)")
@pytest.mark.parametrize("T", [1, 9])
def test_predicts_every_step(student, T):
    """outputs (N, T, vocab_size) for sequences of T ids"""
    x = np.random.default_rng(T).integers(1, VOCAB, (3, T))
    lm_checks.check_sequence_output(lm_checks.outputs(_model(student, VOCAB, EMBED, UNITS), x),
                                    3, T, VOCAB, f"the output for 3 sequences of {T} ids")


@rule("every step's output is a probability distribution (softmax)")
def test_outputs_are_distributions(student):
    """probability distributions on hidden sizes"""
    x = np.random.default_rng(2).integers(1, VOCAB, (2, 6))
    lm_checks.check_distributions(lm_checks.outputs(_model(student, VOCAB, EMBED, UNITS), x))


@rule("an Embedding layer of vocab_size x embed_dim")
def test_embedding_layer(student):
    """the Embedding layer on hidden sizes"""
    lm_checks.check_embedding(_model(student, VOCAB, EMBED, UNITS), VOCAB, EMBED)


@rule("a recurrent layer with `units` units that returns sequences")
def test_recurrent_layer(student):
    """the recurrent layer on hidden sizes"""
    lm_checks.check_recurrent(_model(student, VOCAB, EMBED, UNITS), UNITS)


@rule("default arguments: embed_dim=32, units=128")
def test_default_sizes(student):
    """default arguments with a hidden vocabulary"""
    lm_checks.check_defaults(_model(student, VOCAB))


@rule("predictions at step t do not depend on later characters (causal)")
def test_predictions_only_use_the_past(student):
    """causal on hidden sizes"""
    lm_checks.check_causal(_model(student, VOCAB, EMBED, UNITS), VOCAB, seed=3)


@rule("compiled with the cross-entropy of int targets (sparse categorical)")
def test_compiled_with_sparse_cross_entropy(student):
    """the compiled loss on hidden text"""
    x, y = windows(hidden_text(SEED + 7, 20), 10)
    lm_checks.check_sparse_loss(_model(student, VOCAB, EMBED, UNITS), x, y)


def training_loss(model):
    """The student's loss if it is the cross-entropy of int targets, else that loss: a
    wrong or missing loss costs its own check, not the training check too."""
    x, y = windows(hidden_text(SEED + 7, 20), 10)
    try:
        lm_checks.check_sparse_loss(model, x, y)
    except CheckFailed:
        return "sparse_categorical_crossentropy"
    return model.loss


def train_and_measure(model, loss, seed=SEED, epochs=8):
    """Perplexity on held-out hidden text after training a fresh copy of ``model``."""
    import keras
    x_train, y_train = windows(hidden_text(seed, 400))
    x_valid, y_valid = windows(hidden_text(seed + 1, 150))
    keras.utils.set_random_seed(seed)
    fresh = keras.models.clone_model(model)
    fresh.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss=loss)
    fresh.fit(x_train, y_train, batch_size=32, epochs=epochs, verbose=0, shuffle=True)
    probs = np.asarray(fresh(x_valid), dtype=float)
    p = np.take_along_axis(probs, y_valid[..., None], -1)[..., 0]
    return float(np.exp(-np.mean(np.log(np.clip(p, 1e-12, 1.0)))))


@rule("a recurrent layer with `units` units that returns sequences")
def test_learns_hidden_text(student):
    """trained here on hidden text, its perplexity is far below the uniform baseline"""
    model = _model(student, VOCAB, EMBED, UNITS)
    x = np.random.default_rng(4).integers(1, VOCAB, (2, 5))
    lm_checks.check_sequence_output(lm_checks.outputs(model, x), 2, 5, VOCAB,
                                    "the output for 2 sequences of 5 ids")
    loss = training_loss(model)
    try:
        ppl = remember(f"{__name__}:{SEED}:{loss!r}", model,
                       lambda: train_and_measure(model, loss))
    except StudentCodeFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. a loss that does not fit the targets
        fail(f"training the model on int targets (N, T) failed: {type(exc).__name__}: "
             f"{str(exc)[:300]}")
    limit = MAX_RATIO * VOCAB
    if not ppl < limit:
        fail(f"after training on hidden text the held-out perplexity is {ppl:.2f}; the "
             f"uniform baseline is {VOCAB} and a working model gets below {limit:.2f}")
