"""Hidden checks for lstm_forward."""
import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.harness.checks import check_close, check_tuple
from autograder.suites.rnn_variants_overview.common import (SHAPE_IDS, SHAPES, lstm_inputs,
                                                            lstm_seq_likely)


def _call(student, args):
    return check_tuple(student.lstm_forward(*args), 2, "lstm_forward")


@pytest.mark.parametrize("shape", SHAPES[:3] + SHAPES[4:], ids=SHAPE_IDS[:3] + SHAPE_IDS[4:])
def test_h_matches_reference(student, shape):
    """hidden states h on hidden inputs (batch of 1, T = 1, H != D, ...)"""
    args = lstm_inputs(sum(shape), *shape)
    h, _ = _call(student, args)
    check_close(h, ref.lstm_forward(*args)[0], "h (N={}, T={}, D={}, H={})".format(*shape),
                likely=lstm_seq_likely(*args, output=0))


@pytest.mark.parametrize("shape", SHAPES[1:4], ids=SHAPE_IDS[1:4])
def test_c_matches_reference(student, shape):
    """cell states c on hidden inputs"""
    args = lstm_inputs(50 + sum(shape), *shape)
    _, c = _call(student, args)
    check_close(c, ref.lstm_forward(*args)[1], "c (N={}, T={}, D={}, H={})".format(*shape),
                likely=lstm_seq_likely(*args, output=1))


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
                likely=lstm_seq_likely(*args, output=0))
    check_close(np.asarray(c)[:, -1] if np.ndim(c) == 3 else c, np.asarray(c_k),
                "final cell state c[:, -1] (compared with Keras)", atol=2e-5, rtol=1e-4,
                likely={k: v[:, -1] for k, v in lstm_seq_likely(*args, output=1).items()})


def test_inputs_are_not_modified(student):
    """correct states, with the inputs left unchanged"""
    args = lstm_inputs(95, 2, 4, 3, 4)
    out, after = student.call("lstm_forward", *args, _return_args=True)
    out = check_tuple(out, 2, "lstm_forward")
    check_close(out[0], ref.lstm_forward(*args)[0], "h", likely=lstm_seq_likely(*args, output=0))
    for name, before, now in zip(("x", "h0", "c0", "W", "U", "b"), args, after):
        check_close(now, before, f"{name} after the call (do not modify inputs)", atol=0, rtol=0)
