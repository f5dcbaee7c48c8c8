"""Hidden checks for gru_forward, judged apart from gru_cell_forward (it calls it)."""
import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.harness.checks import check_close
from autograder.suites.public import rule
from autograder.suites.rnn_variants_overview.common import (SHAPE_IDS, SHAPES, diagnoses,
                                                            gru_inputs, gru_with_own_cell)

CHAIN = "each step applies your gru_cell_forward to the previous state (both conventions)"


@rule(CHAIN)
@pytest.mark.parametrize("shape", SHAPES[:3] + SHAPES[4:], ids=SHAPE_IDS[:3] + SHAPE_IDS[4:])
def test_reset_after_true_matches_reference(student, shape):
    """reset_after=True on hidden inputs"""
    args = gru_inputs(sum(shape), *shape, reset_after=True)
    check_close(student.gru_forward(*args, reset_after=True),
                ref.gru_forward(*args, reset_after=True),
                "h with reset_after=True (N={}, T={}, D={}, H={})".format(*shape),
                likely=diagnoses.gru_forward_mistakes(*args, True),
                carried=gru_with_own_cell(student, args, True))


@rule(CHAIN)
@pytest.mark.parametrize("shape", SHAPES[1:3], ids=SHAPE_IDS[1:3])
def test_reset_after_false_matches_reference(student, shape):
    """reset_after=False on hidden inputs"""
    args = gru_inputs(30 + sum(shape), *shape, reset_after=False)
    check_close(student.gru_forward(*args, reset_after=False),
                ref.gru_forward(*args, reset_after=False),
                "h with reset_after=False (N={}, T={}, D={}, H={})".format(*shape),
                likely=diagnoses.gru_forward_mistakes(*args, False),
                carried=gru_with_own_cell(student, args, False))


@rule(CHAIN)
@pytest.mark.parametrize("reset_after", [True, False], ids=["reset_after", "reset_before"])
def test_keras_parity(student, reset_after):
    """h over time equals keras.layers.GRU with the same weights and initial state"""
    import keras
    N, T, D, H = 3, 8, 4, 5
    args = x, h0, W, U, b = gru_inputs(60 + reset_after, N, T, D, H, reset_after)
    layer = keras.layers.GRU(H, return_sequences=True, reset_after=reset_after)
    layer.build((None, None, D))
    layer.set_weights([W, U, b])
    want = np.asarray(layer(x.astype("float32"), initial_state=[h0.astype("float32")]))
    check_close(student.gru_forward(*args, reset_after=reset_after), want,
                f"h with reset_after={reset_after} (compared with Keras)", atol=2e-5,
                rtol=1e-4, likely=diagnoses.gru_forward_mistakes(*args, reset_after),
                carried=gru_with_own_cell(student, args, reset_after))


@rule(CHAIN)
def test_two_features(student):
    """h for N=2, T=4, D=3, H=4 with reset_after=True"""
    args = gru_inputs(70, 2, 4, 3, 4)
    check_close(student.gru_forward(*args, reset_after=True), ref.gru_forward(*args), "h",
                likely=diagnoses.gru_forward_mistakes(*args, True),
                carried=gru_with_own_cell(student, args, True))
