"""Hidden checks for lstm_cell_forward."""
import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.harness.checks import check_close, check_tuple
from autograder.suites.public import rule
from autograder.suites.rnn_variants_overview.common import (SHAPE_IDS, SHAPES, diagnoses,
                                                            lstm_inputs)

EQUATIONS = "on random inputs: c = f * c_prev + i * g and h = o * tanh(c)"


def _step(seed, N, D, H, scale=1.0):
    x, h, c, W, U, b = lstm_inputs(seed, N, 1, D, H)
    return x[:, 0] * scale, h, c, W, U, b


def _call(student, args):
    return check_tuple(student.lstm_cell_forward(*args), 2, "lstm_cell_forward")


@rule(EQUATIONS)
@pytest.mark.parametrize("shape", SHAPES[:4], ids=SHAPE_IDS[:4])
def test_h_next_matches_reference(student, shape):
    """h_next on hidden inputs"""
    N, _, D, H = shape
    args = _step(sum(shape), N, D, H)
    h_next, _ = _call(student, args)
    check_close(h_next, ref.lstm_cell_forward(*args)[0], f"h_next (N={N}, D={D}, H={H})",
                likely=diagnoses.lstm_cell_mistakes(args, 0))


@rule(EQUATIONS)
@pytest.mark.parametrize("shape", SHAPES[1:3], ids=SHAPE_IDS[1:3])
def test_c_next_matches_reference(student, shape):
    """c_next on hidden inputs"""
    N, _, D, H = shape
    args = _step(100 + sum(shape), N, D, H)
    _, c_next = _call(student, args)
    check_close(c_next, ref.lstm_cell_forward(*args)[1], f"c_next (N={N}, D={D}, H={H})",
                likely=diagnoses.lstm_cell_mistakes(args, 1))


@rule(EQUATIONS)
def test_keras_parity(student):
    """one step equals keras.layers.LSTM with the same weights (h and c)"""
    import keras
    N, D, H = 3, 4, 6
    x, h, c, W, U, b = args = _step(200, N, D, H)
    layer = keras.layers.LSTM(H, return_state=True)
    layer.build((None, None, D))
    layer.set_weights([W, U, b])
    _, h_k, c_k = layer(x[:, None].astype("float32"),
                        initial_state=[h.astype("float32"), c.astype("float32")])
    h_next, c_next = _call(student, args)
    check_close(h_next, np.asarray(h_k), "h_next (compared with Keras)", atol=2e-5, rtol=1e-4,
                likely=diagnoses.lstm_cell_mistakes(args, 0))
    check_close(c_next, np.asarray(c_k), "c_next (compared with Keras)", atol=2e-5, rtol=1e-4,
                likely=diagnoses.lstm_cell_mistakes(args, 1))


@rule("very large pre-activations give finite, correct states")
def test_saturated_gates_stay_finite(student):
    """very large pre-activations give finite, correct states"""
    args = _step(300, 3, 4, 5, scale=200.0)
    h_next, c_next = _call(student, args)
    want_h, want_c = ref.lstm_cell_forward(*args)
    check_close(h_next, want_h, "h_next for inputs of size ~200", atol=1e-6)
    check_close(c_next, want_c, "c_next for inputs of size ~200", atol=1e-6)


@rule(EQUATIONS)
def test_h_next_for_two_features(student):
    """h_next and c_next for D = 2, H = 4"""
    args = _step(400, 2, 2, 4)
    h_next, c_next = _call(student, args)
    want_h, want_c = ref.lstm_cell_forward(*args)
    check_close(h_next, want_h, "h_next (N=2, D=2, H=4)",
                likely=diagnoses.lstm_cell_mistakes(args, 0))
    check_close(c_next, want_c, "c_next (N=2, D=2, H=4)",
                likely=diagnoses.lstm_cell_mistakes(args, 1))
