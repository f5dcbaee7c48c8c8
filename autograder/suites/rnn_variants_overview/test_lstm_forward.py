"""Hidden checks for lstm_forward, judged apart from lstm_cell_forward (it calls it)."""
import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.harness.checks import check_close, check_tuple
from autograder.suites.public import rule
from autograder.suites.rnn_variants_overview.common import (SHAPE_IDS, SHAPES, diagnoses,
                                                            lstm_inputs, lstm_with_own_cell)

CHAIN = "each step applies your lstm_cell_forward to the previous h and c"


def _call(student, args):
    return check_tuple(student.lstm_forward(*args), 2, "lstm_forward")


@rule(CHAIN)
@pytest.mark.parametrize("shape", SHAPES[:3] + SHAPES[4:], ids=SHAPE_IDS[:3] + SHAPE_IDS[4:])
def test_h_matches_reference(student, shape):
    """hidden states h on hidden inputs"""
    args = lstm_inputs(sum(shape), *shape)
    h, _ = _call(student, args)
    check_close(h, ref.lstm_forward(*args)[0], "h (N={}, T={}, D={}, H={})".format(*shape),
                likely=diagnoses.lstm_forward_mistakes(args, 0),
                carried=lstm_with_own_cell(student, args, 0))


@rule(CHAIN)
@pytest.mark.parametrize("shape", SHAPES[1:4], ids=SHAPE_IDS[1:4])
def test_c_matches_reference(student, shape):
    """cell states c on hidden inputs"""
    args = lstm_inputs(50 + sum(shape), *shape)
    _, c = _call(student, args)
    check_close(c, ref.lstm_forward(*args)[1], "c (N={}, T={}, D={}, H={})".format(*shape),
                likely=diagnoses.lstm_forward_mistakes(args, 1),
                carried=lstm_with_own_cell(student, args, 1))


@rule(CHAIN)
@pytest.mark.parametrize("zero_state", [False, True], ids=["given-states", "zero-states"])
def test_keras_parity(student, zero_state):
    """h over time and the final c equal keras.layers.LSTM with the same weights"""
    import keras
    N, T, D, H = 3, 8, 4, 5
    x, h0, c0, W, U, b = lstm_inputs(90 + zero_state, N, T, D, H)
    if zero_state:
        h0, c0 = 0 * h0, 0 * c0
    layer = keras.layers.LSTM(H, return_sequences=True, return_state=True)
    layer.build((None, None, D))
    layer.set_weights([W, U, b])
    h_k, _, c_k = layer(x.astype("float32"),
                        initial_state=[h0.astype("float32"), c0.astype("float32")])
    args = (x, h0, c0, W, U, b)
    h, c = _call(student, args)
    check_close(h, np.asarray(h_k), "h (compared with Keras)", atol=2e-5, rtol=1e-4,
                likely=diagnoses.lstm_forward_mistakes(args, 0),
                carried=lstm_with_own_cell(student, args, 0))
    own_c = lstm_with_own_cell(student, args, 1)
    check_close(np.asarray(c)[:, -1] if np.ndim(c) == 3 else c, np.asarray(c_k),
                "final cell state c[:, -1] (compared with Keras)", atol=2e-5, rtol=1e-4,
                likely={k: v[:, -1] for k, v in diagnoses.lstm_forward_mistakes(args, 1).items()},
                carried=lambda: own_c()[:, -1])


@rule(CHAIN)
def test_two_features(student):
    """h and c for N=2, T=4, D=3, H=4"""
    args = lstm_inputs(95, 2, 4, 3, 4)
    h, c = _call(student, args)
    want_h, want_c = ref.lstm_forward(*args)
    check_close(h, want_h, "h (N=2, T=4, D=3, H=4)",
                likely=diagnoses.lstm_forward_mistakes(args, 0),
                carried=lstm_with_own_cell(student, args, 0))
    check_close(c, want_c, "c (N=2, T=4, D=3, H=4)",
                likely=diagnoses.lstm_forward_mistakes(args, 1),
                carried=lstm_with_own_cell(student, args, 1))
