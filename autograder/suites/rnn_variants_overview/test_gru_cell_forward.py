"""Hidden checks for gru_cell_forward."""
import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.harness.checks import check_close
from autograder.suites.public import rule
from autograder.suites.rnn_variants_overview.common import (SHAPE_IDS, SHAPES, diagnoses,
                                                            gru_inputs)

EQUATIONS = "on random inputs, with reset_after=True and with reset_after=False"


def _step(seed, N, D, H, reset_after, scale=1.0):
    x, h, W, U, b = gru_inputs(seed, N, 1, D, H, reset_after)
    return x[:, 0] * scale, h, W, U, b


@rule(EQUATIONS)
@pytest.mark.parametrize("shape", SHAPES[:4], ids=SHAPE_IDS[:4])
def test_reset_after_true_matches_reference(student, shape):
    """reset_after=True (Keras default) on hidden inputs"""
    N, _, D, H = shape
    args = _step(sum(shape), N, D, H, True)
    check_close(student.gru_cell_forward(*args, reset_after=True),
                ref.gru_cell_forward(*args, reset_after=True),
                f"h_next with reset_after=True (N={N}, D={D}, H={H})",
                likely=diagnoses.gru_cell_mistakes(*args, True))


@rule(EQUATIONS)
@pytest.mark.parametrize("shape", SHAPES[:3], ids=SHAPE_IDS[:3])
def test_reset_after_false_matches_reference(student, shape):
    """reset_after=False on hidden inputs"""
    N, _, D, H = shape
    args = _step(20 + sum(shape), N, D, H, False)
    check_close(student.gru_cell_forward(*args, reset_after=False),
                ref.gru_cell_forward(*args, reset_after=False),
                f"h_next with reset_after=False (N={N}, D={D}, H={H})",
                likely=diagnoses.gru_cell_mistakes(*args, False))


@rule(EQUATIONS)
@pytest.mark.parametrize("reset_after", [True, False], ids=["reset_after", "reset_before"])
def test_keras_parity(student, reset_after):
    """one step equals keras.layers.GRU with the same weights"""
    import keras
    N, D, H = 3, 4, 6
    x, h, W, U, b = _step(60 + reset_after, N, D, H, reset_after)
    layer = keras.layers.GRU(H, reset_after=reset_after)
    layer.build((None, None, D))
    layer.set_weights([W, U, b])
    want = np.asarray(layer(x[:, None].astype("float32"), initial_state=[h.astype("float32")]))
    check_close(student.gru_cell_forward(x, h, W, U, b, reset_after=reset_after), want,
                f"h_next with reset_after={reset_after} (compared with Keras)", atol=2e-5,
                rtol=1e-4, likely=diagnoses.gru_cell_mistakes(x, h, W, U, b, reset_after))


@rule("without the keyword, reset_after=True is used")
def test_default_is_reset_after(student):
    """without the keyword, reset_after=True is used"""
    args = _step(70, 2, 3, 4, True)
    check_close(student.gru_cell_forward(*args),
                student.gru_cell_forward(*args, reset_after=True),
                "h_next without reset_after (compared with your reset_after=True)")


@rule("very large pre-activations give a finite, correct state")
def test_saturated_gates_stay_finite(student):
    """very large pre-activations give a finite, correct state"""
    args = _step(80, 3, 4, 5, True, scale=200.0)
    check_close(student.gru_cell_forward(*args, reset_after=True), ref.gru_cell_forward(*args),
                "h_next for inputs of size ~200", atol=1e-6)


@rule(EQUATIONS)
def test_two_features(student):
    """h_next for N=2, D=3, H=4"""
    args = _step(90, 2, 3, 4, True)
    check_close(student.gru_cell_forward(*args, reset_after=True), ref.gru_cell_forward(*args),
                "h_next (N=2, D=3, H=4)", likely=diagnoses.gru_cell_mistakes(*args, True))
