"""Public checks for build_conv1d_classifier (the autograder also trains it)."""
import numpy as np

from _harness.checks import check_shape, fail

CALLS = ()  # graded functions of this notebook that build_conv1d_classifier calls

VOCAB = 20


def _model(student, *args, **kwargs):
    model = student.build_conv1d_classifier(VOCAB, *args, **kwargs)
    if not hasattr(model, "layers") or not hasattr(model, "predict"):
        fail(f"build_conv1d_classifier should return a keras Model, got {type(model).__name__}")
    return model


def _apply(model, x):
    try:
        return np.asarray(model(np.asarray(x, dtype="int32")), dtype=float)
    except Exception as exc:  # noqa: BLE001
        fail(f"the model could not be applied to int ids of shape {np.shape(x)}: "
             f"{type(exc).__name__}: {str(exc)[:300]}")


def test_output_for_any_length(student):
    """int ids (N, T) -> probabilities (N, 1), for T = 6 and T = 15 alike"""
    model = _model(student)
    rng = np.random.default_rng(0)
    for T in (6, 15):
        out = check_shape(_apply(model, rng.integers(1, VOCAB, (2, T))), (2, 1),
                          f"output for ids of shape (2, {T})")
        if not np.all((out >= 0) & (out <= 1)):
            fail("outputs should be probabilities: end with Dense(1, activation='sigmoid')")


def test_conv_layer_uses_the_arguments(student):
    """a Conv1D layer with the given filters and kernel_size"""
    model = _model(student, embed_dim=8, filters=6, kernel_size=4)
    convs = [layer for layer in model.layers if type(layer).__name__ == "Conv1D"]
    if not convs:
        fail("no Conv1D layer in the model")
    conv = convs[0]
    if conv.filters != 6 or tuple(conv.kernel_size) != (4,):
        fail(f"Conv1D has filters={conv.filters}, kernel_size={tuple(conv.kernel_size)}; "
             "expected filters=6, kernel_size=(4,) from the arguments")


def test_compiled_with_binary_cross_entropy(student):
    """compiled with the binary cross-entropy loss"""
    model = _model(student)
    loss = getattr(model, "loss", None)
    if getattr(model, "optimizer", None) is None or loss is None:
        fail("the model is not compiled: call model.compile(...) before returning it")
    name = loss if isinstance(loss, str) else getattr(loss, "name", type(loss).__name__)
    if str(name).lower().replace("_", "") != "binarycrossentropy":
        fail(f"the loss is {loss!r}; a sigmoid output is trained with \"binary_crossentropy\"")
