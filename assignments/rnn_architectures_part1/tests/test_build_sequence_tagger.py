"""Public checks for build_sequence_tagger (the autograder also trains it)."""
import numpy as np

from _harness.checks import check_close, check_shape, fail
from diagnoses import NOT_A_SOFTMAX

CALLS = ()  # graded functions of this notebook that build_sequence_tagger calls

VOCAB, TAGS = 20, 6


def _model(student, **kwargs):
    model = student.build_sequence_tagger(VOCAB, TAGS, **kwargs)
    if not hasattr(model, "layers") or not hasattr(model, "predict"):
        fail(f"build_sequence_tagger should return a keras Model, got {type(model).__name__}")
    return model


def _apply(model, x):
    try:
        return np.asarray(model(np.asarray(x, dtype="int32")), dtype=float)
    except Exception as exc:  # noqa: BLE001
        fail(f"the model could not be applied to int ids of shape {np.shape(x)}: "
             f"{type(exc).__name__}: {str(exc)[:300]}")


def test_one_distribution_per_step(student):
    """int ids (N, T) -> tag probabilities (N, T, num_tags) summing to 1 at every step"""
    x = np.random.default_rng(0).integers(1, VOCAB, size=(3, 7))
    out = _apply(_model(student), x)
    if out.ndim == 2:
        fail(f"the output has shape {out.shape}: only the last step is tagged; use "
             "return_sequences=True so the LSTM returns a state per step")
    check_shape(out, (3, 7, TAGS), "model output for ids of shape (3, 7)")
    check_close(out.sum(-1), np.ones((3, 7)), "the sum over tags at every step", atol=1e-4,
                likely={NOT_A_SOFTMAX: out.sum(-1)})


def test_padding_at_the_end_is_ignored(student):
    """appending padding (id 0) does not change the tags of the real words"""
    model = _model(student)
    x = np.random.default_rng(1).integers(1, VOCAB, size=(2, 5))
    padded = np.concatenate([x, np.zeros((2, 3), dtype=x.dtype)], axis=1)
    a, b = _apply(model, x), _apply(model, padded)
    check_shape(b, (2, 8, TAGS), "output for padded input")
    if not np.allclose(a, b[:, :5], atol=1e-5):
        fail("padding changes the outputs at real words: use mask_zero=True in the Embedding")


def test_compiled_with_sparse_categorical_cross_entropy(student):
    """compiled with sparse categorical cross-entropy (integer tags)"""
    model = _model(student)
    loss = getattr(model, "loss", None)
    if getattr(model, "optimizer", None) is None or loss is None:
        fail("the model is not compiled: call model.compile(...) before returning it")
    name = loss if isinstance(loss, str) else getattr(loss, "name", type(loss).__name__)
    if str(name).lower().replace("_", "") != "sparsecategoricalcrossentropy":
        fail(f"the loss is {loss!r}; integer tags (N, T) need "
             "\"sparse_categorical_crossentropy\"")
