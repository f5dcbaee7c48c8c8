"""Hidden checks for build_char_language_model: architecture, loss, and training here.

The model travels from the student process as its saved config and weights. The
training check clones the architecture with a fixed seed (fresh weights, so the same
submission always gets the same result), compiles it with the student's loss and a
fixed Adam optimizer, trains it for a few seconds on hidden text and requires the
held-out perplexity to be well below the uniform baseline.
"""
import numpy as np
import pytest

from autograder.harness.checks import check_shape, fail
from autograder.harness.student import StudentCodeFailure
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
        model = student.build_char_language_model(*args)
        if not hasattr(model, "layers") or not hasattr(model, "predict"):
            fail(f"build_char_language_model should return a keras Model, got "
                 f"{type(model).__name__}")
        _models[args] = model
    return _models[args]


def _outputs(model, x):
    try:
        return np.asarray(model(np.asarray(x, dtype="int32")), dtype=float)
    except Exception as exc:  # noqa: BLE001 - the student's architecture failed to run
        fail(f"the model could not be applied to int ids of shape {np.shape(x)}: "
             f"{type(exc).__name__}: {str(exc)[:300]}")


def _all_layers(model):
    import keras
    out = []
    for layer in model.layers:
        out.append(layer)
        if isinstance(layer, keras.Model):
            out.extend(_all_layers(layer))
    return out


def _check_sequence_output(out, N, T, what):
    if out.ndim == 2:
        fail(f"{what} has shape {out.shape}: the model predicts only the last step; "
             "use return_sequences=True so it predicts the next character at every step")
    check_shape(out, (N, T, VOCAB), what)


@pytest.mark.parametrize("T", [1, 9])
def test_predicts_every_step(student, T):
    """outputs (N, T, vocab_size) for sequences of any length"""
    x = np.random.default_rng(T).integers(1, VOCAB, (3, T))
    _check_sequence_output(_outputs(_model(student, VOCAB, EMBED, UNITS), x), 3, T,
                           f"the output for 3 sequences of {T} ids")


def test_outputs_are_distributions(student):
    """every step outputs a probability distribution (softmax)"""
    x = np.random.default_rng(2).integers(1, VOCAB, (2, 6))
    out = _outputs(_model(student, VOCAB, EMBED, UNITS), x)
    if out.min() < -1e-6 or not np.allclose(out.sum(-1), 1.0, atol=1e-4):
        fail("the outputs are not probability distributions (they should be non-negative "
             "and sum to 1): end with Dense(vocab_size, activation='softmax')")


def test_embedding_layer(student):
    """an Embedding layer of vocab_size x embed_dim"""
    import keras
    model = _model(student, VOCAB, EMBED, UNITS)
    found = [layer for layer in _all_layers(model) if isinstance(layer, keras.layers.Embedding)]
    if not found:
        fail("no Embedding layer: map the int ids to vectors with "
             "keras.layers.Embedding(vocab_size, embed_dim)")
    sizes = [(layer.input_dim, layer.output_dim) for layer in found]
    if (VOCAB, EMBED) not in sizes:
        fail(f"with vocab_size={VOCAB} and embed_dim={EMBED} the Embedding has "
             f"(input_dim, output_dim) = {sizes[0]}; use the arguments, not fixed numbers")


def test_recurrent_layer(student):
    """a recurrent layer with `units` units that returns sequences"""
    import keras
    model = _model(student, VOCAB, EMBED, UNITS)
    layers = _all_layers(model)
    if any(isinstance(layer, keras.layers.Bidirectional) for layer in layers):
        fail("a Bidirectional layer reads the future characters it should predict; a "
             "language model must only look backwards: use a plain LSTM, GRU or SimpleRNN")
    rnns = [layer for layer in layers if isinstance(layer, keras.layers.RNN)]
    if not rnns:
        fail("no recurrent layer (LSTM, GRU or SimpleRNN) found")
    units = [getattr(layer.cell, "units", None) for layer in rnns]
    if UNITS not in units:
        fail(f"with units={UNITS} the recurrent layer has {units[0]} units; use the argument")
    if not rnns[-1].return_sequences:
        fail("the recurrent layer returns only its last output: set return_sequences=True")


def test_default_sizes(student):
    """default arguments: embed_dim=32, units=128"""
    import keras
    layers = _all_layers(_model(student, VOCAB))
    emb = [layer.output_dim for layer in layers if isinstance(layer, keras.layers.Embedding)]
    rnn = [getattr(layer.cell, "units", None) for layer in layers
           if isinstance(layer, keras.layers.RNN)]
    if 32 not in emb or 128 not in rnn:
        fail(f"called with vocab_size only, the model has embedding sizes {emb} and "
             f"recurrent units {rnn}; the defaults are embed_dim=32 and units=128")


def test_predictions_only_use_the_past(student):
    """predictions at step t do not depend on later characters (causal)"""
    model = _model(student, VOCAB, EMBED, UNITS)
    rng = np.random.default_rng(3)
    x = rng.integers(1, VOCAB, (2, 8))
    y = x.copy()
    y[:, 5:] = rng.integers(1, VOCAB, (2, 3))
    a, b = _outputs(model, x), _outputs(model, y)
    _check_sequence_output(a, 2, 8, "the output for 2 sequences of 8 ids")
    if not np.allclose(a[:, :5], b[:, :5], atol=1e-5):
        fail("changing the characters after step 5 changed the predictions for steps 0-4: "
             "the model looks into the future (a Bidirectional layer?); a language model "
             "must predict each character from the previous ones only")


def test_compiled_with_sparse_cross_entropy(student):
    """compiled with the cross-entropy of int targets (sparse categorical)"""
    model = _model(student, VOCAB, EMBED, UNITS)
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        fail("the model is not compiled: call model.compile(optimizer='adam', "
             "loss='sparse_categorical_crossentropy')")
    x, y = windows(hidden_text(SEED + 7, 20), 10)
    probs = _outputs(model, x)
    _check_sequence_output(probs, *x.shape, "the output")
    want = float(np.mean(-np.log(np.clip(np.take_along_axis(probs, y[..., None], -1), 1e-7,
                                         1.0))))
    try:
        got = model.evaluate(x, y, verbose=0, batch_size=len(x))
    except Exception as exc:  # noqa: BLE001
        fail(f"evaluating the compiled loss on int targets (N, T) failed "
             f"({type(exc).__name__}: {str(exc)[:200]}): use "
             "loss='sparse_categorical_crossentropy' (targets are ids, not one-hot)")
    got = float(got[0] if isinstance(got, (list, tuple)) else got)
    if not abs(got - want) <= 1e-3 * max(1.0, want):
        fail(f"the compiled loss is {got:.4f} where the cross-entropy of the targets is "
             f"{want:.4f}: use loss='sparse_categorical_crossentropy' on softmax outputs")


def train_and_measure(model, seed=SEED, epochs=8):
    """Perplexity on held-out hidden text after training a fresh copy of ``model``."""
    import keras
    x_train, y_train = windows(hidden_text(seed, 400))
    x_valid, y_valid = windows(hidden_text(seed + 1, 150))
    keras.utils.set_random_seed(seed)
    fresh = keras.models.clone_model(model)
    fresh.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss=model.loss)
    fresh.fit(x_train, y_train, batch_size=32, epochs=epochs, verbose=0, shuffle=True)
    probs = np.asarray(fresh(x_valid), dtype=float)
    p = np.take_along_axis(probs, y_valid[..., None], -1)[..., 0]
    return float(np.exp(-np.mean(np.log(np.clip(p, 1e-12, 1.0)))))


def test_learns_hidden_text(student):
    """trained here on hidden text, its perplexity is far below the uniform baseline"""
    model = _model(student, VOCAB, EMBED, UNITS)
    x = np.random.default_rng(4).integers(1, VOCAB, (2, 5))
    _check_sequence_output(_outputs(model, x), 2, 5, "the output for 2 sequences of 5 ids")
    if getattr(model, "loss", None) is None:
        fail("the model is not compiled, so it cannot be trained")
    try:
        ppl = remember(f"{__name__}:{SEED}:{repr(getattr(model, 'loss', None))}", model,
                       lambda: train_and_measure(model))
    except StudentCodeFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. a loss that does not fit the targets
        fail(f"training the model on int targets (N, T) failed: {type(exc).__name__}: "
             f"{str(exc)[:300]}")
    limit = MAX_RATIO * VOCAB
    if not ppl < limit:
        fail(f"after training on hidden text the held-out perplexity is {ppl:.2f}; the "
             f"uniform baseline is {VOCAB} and a working model gets below {limit:.2f}")
