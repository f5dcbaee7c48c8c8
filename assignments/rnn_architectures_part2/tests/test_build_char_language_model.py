"""Public checks for build_char_language_model."""
import numpy as np

from _harness.checks import check_shape, fail

CALLS = ()  # graded functions of this notebook that build_char_language_model calls


def _model(student, *args):
    model = student.build_char_language_model(*args)
    if not hasattr(model, "predict") or not hasattr(model, "layers"):
        fail(f"build_char_language_model should return a keras Model, got "
             f"{type(model).__name__}")
    return model


def test_output_shape(student):
    """maps int ids (N, T) to (N, T, vocab_size)"""
    model = _model(student, 11, 8, 16)
    x = np.array([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]])
    out = np.asarray(model(x))
    if out.ndim == 2:
        fail(f"the output has shape {out.shape}: the model predicts only the last step; "
             "use return_sequences=True to predict the next character at every step")
    check_shape(out, (2, 5, 11), "model output for 2 sequences of 5 ids, vocab_size=11")


def test_outputs_are_distributions(student):
    """every step's output is a probability distribution (softmax)"""
    model = _model(student, 7, 8, 16)
    out = np.asarray(model(np.array([[1, 2, 3, 4]])), dtype=float)
    if out.min() < 0 or not np.allclose(out.sum(-1), 1.0, atol=1e-4):
        fail("outputs should be non-negative and sum to 1 over the vocabulary: end with "
             "Dense(vocab_size, activation='softmax')")


def test_is_compiled(student):
    """the model is compiled"""
    model = _model(student, 7, 8, 16)
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        fail("the model is not compiled: call model.compile(optimizer=..., loss=...)")
