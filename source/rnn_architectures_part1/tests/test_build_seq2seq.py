"""Public checks for build_seq2seq (the autograder also trains it)."""
import numpy as np

from _harness.checks import check_close, check_shape, fail

CALLS = ()  # graded functions of this notebook that build_seq2seq calls

SRC, TGT = 15, 9


def _model(student, **kwargs):
    model = student.build_seq2seq(SRC, TGT, **kwargs)
    if not hasattr(model, "layers") or not hasattr(model, "predict"):
        fail(f"build_seq2seq should return a keras Model, got {type(model).__name__}")
    if len(getattr(model, "inputs", None) or []) != 2:
        fail("the model should have two inputs, [src, tgt_in]: "
             "keras.Model([src, tgt_in], outputs)")
    return model


def _apply(model, src, tgt):
    try:
        return np.asarray(model([np.asarray(src, dtype="int32"), np.asarray(tgt, dtype="int32")]),
                          dtype=float)
    except Exception as exc:  # noqa: BLE001
        fail(f"the model could not be applied to [src {np.shape(src)}, tgt_in {np.shape(tgt)}]: "
             f"{type(exc).__name__}: {str(exc)[:300]}")


def test_output_shape(student):
    """[src (N, S), tgt_in (N, T)] -> (N, T, tgt_vocab) probabilities, S != T"""
    rng = np.random.default_rng(0)
    out = _apply(_model(student), rng.integers(1, SRC, (3, 5)), rng.integers(1, TGT, (3, 2)))
    check_shape(out, (3, 2, TGT), "output for src (3, 5) and tgt_in (3, 2)")
    check_close(out.sum(-1), np.ones((3, 2)), "the sum over the target vocabulary", atol=1e-4)


def test_output_depends_on_the_source(student):
    """the decoder starts from the encoder's final state: the source changes the output"""
    model = _model(student)
    rng = np.random.default_rng(1)
    tgt = rng.integers(1, TGT, (4, 3))
    a = _apply(model, rng.integers(1, SRC, (4, 5)), tgt)
    b = _apply(model, rng.integers(1, SRC, (4, 5)), tgt)
    if np.allclose(a, b, atol=1e-6):
        fail("the output does not depend on the source: pass the encoder's final states to "
             "the decoder, LSTM(units, return_sequences=True)(..., initial_state=[h, c])")


def test_compiled_with_sparse_categorical_cross_entropy(student):
    """compiled with sparse categorical cross-entropy (integer target ids)"""
    model = _model(student)
    loss = getattr(model, "loss", None)
    if getattr(model, "optimizer", None) is None or loss is None:
        fail("the model is not compiled: call model.compile(...) before returning it")
    name = loss if isinstance(loss, str) else getattr(loss, "name", type(loss).__name__)
    if str(name).lower().replace("_", "") != "sparsecategoricalcrossentropy":
        fail(f"the loss is {loss!r}; integer targets need \"sparse_categorical_crossentropy\"")
