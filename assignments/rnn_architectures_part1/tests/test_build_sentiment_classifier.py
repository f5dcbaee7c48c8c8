"""Public checks for build_sentiment_classifier (the autograder also trains it)."""
import numpy as np

from _harness.checks import check_shape, fail

CALLS = ()  # graded functions of this notebook that build_sentiment_classifier calls

VOCAB = 20


def _model(student, **kwargs):
    model = student.build_sentiment_classifier(VOCAB, **kwargs)
    if not hasattr(model, "layers") or not hasattr(model, "predict"):
        fail(f"build_sentiment_classifier should return a keras Model, got {type(model).__name__}")
    return model


def _apply(model, x):
    try:
        return np.asarray(model(np.asarray(x, dtype="int32")), dtype=float)
    except Exception as exc:  # noqa: BLE001
        fail(f"the model could not be applied to int ids of shape {np.shape(x)}: "
             f"{type(exc).__name__}: {str(exc)[:300]}")


def _loss_name(model):
    loss = getattr(model, "loss", None)
    name = loss if isinstance(loss, str) else getattr(loss, "name", None) or \
        getattr(loss, "__name__", None) or type(loss).__name__
    return str(name).lower().replace("_", "")


def test_output_is_a_probability(student):
    """int ids (N, T) -> one probability per sequence, shape (N, 1)"""
    x = np.random.default_rng(0).integers(1, VOCAB, size=(3, 7))
    out = check_shape(_apply(_model(student), x), (3, 1), "model output for ids of shape (3, 7)")
    if not np.all((out >= 0) & (out <= 1)):
        fail("outputs should be probabilities in [0, 1]: end with Dense(1, activation='sigmoid')")


def test_padding_at_the_end_is_ignored(student):
    """appending padding (id 0) does not change the prediction (mask_zero=True)"""
    model = _model(student)
    x = np.random.default_rng(1).integers(1, VOCAB, size=(2, 5))
    padded = np.concatenate([x, np.zeros((2, 4), dtype=x.dtype)], axis=1)
    a, b = _apply(model, x), _apply(model, padded)
    if not np.allclose(a, b, atol=1e-5):
        fail("adding padding (id 0) at the end changes the prediction: use "
             "layers.Embedding(vocab_size, embed_dim, mask_zero=True) so the recurrent "
             "layer skips padding steps")


def test_recurrent_layer(student):
    """cell="lstm" (the default) reads the sequence with an LSTM layer"""
    names = [type(layer).__name__ for layer in _model(student).layers]
    if "LSTM" not in names:
        fail(f"no LSTM layer in the model (layers: {', '.join(names)}); for cell='lstm' "
             "use layers.LSTM(units)")


def test_compiled_with_binary_cross_entropy(student):
    """compiled with the binary cross-entropy loss"""
    model = _model(student)
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        fail("the model is not compiled: call model.compile(...) before returning it")
    if _loss_name(model) != "binarycrossentropy":
        fail(f"the loss is {model.loss!r}; a sigmoid output for two classes is trained with "
             "\"binary_crossentropy\"")
