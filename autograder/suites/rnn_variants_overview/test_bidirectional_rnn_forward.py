"""Hidden checks for bidirectional_rnn_forward."""
import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.harness.checks import check_close, check_raises, check_shape
from autograder.suites.public import rule
from autograder.suites.rnn_variants_overview.common import (SHAPE_IDS, SHAPES, bidir_inputs,
                                                            diagnoses)

CONCAT = "concat: out[:, t] = [forward state at t, backward state at t] for every t"
MERGES = "sum, mul and ave combine the forward and backward states elementwise"
MODES = ["concat", "sum", "mul", "ave"]


@rule(CONCAT)
@pytest.mark.parametrize("shape", SHAPES, ids=SHAPE_IDS)
def test_concat_matches_reference(student, shape):
    """concat outputs on hidden inputs"""
    args = bidir_inputs(sum(shape), *shape)
    got = student.bidirectional_rnn_forward(*args, merge_mode="concat")
    check_close(got, ref.bidirectional_rnn_forward(*args, merge_mode="concat"),
                "concat output (N={}, T={}, D={}, H={})".format(*shape),
                likely=diagnoses.bidirectional_mistakes(*args, "concat"))


def _keras(mode, seed):
    """The inputs and keras.layers.Bidirectional(SimpleRNN)'s output on them."""
    import keras
    N, T, D, H = 3, 6, 4, 5
    x, hf, hb, pf, pb = bidir_inputs(seed, N, T, D, H)
    layer = keras.layers.Bidirectional(keras.layers.SimpleRNN(H, return_sequences=True),
                                       merge_mode=mode)
    layer.build((None, None, D))
    layer.set_weights([*pf, *pb])
    want = np.asarray(layer(x.astype("float32"),
                            initial_state=[hf.astype("float32"), hb.astype("float32")]))
    return (x, hf, hb, pf, pb), want


@rule(CONCAT)
def test_keras_parity_concat(student):
    """concat equals keras.layers.Bidirectional(SimpleRNN) with the same weights and states"""
    args, want = _keras("concat", 40)
    check_close(student.bidirectional_rnn_forward(*args, merge_mode="concat"), want,
                "output with merge_mode='concat' (compared with Keras)", atol=2e-5, rtol=1e-4,
                likely=diagnoses.bidirectional_mistakes(*args, "concat"))


@rule(MERGES)
@pytest.mark.parametrize("mode", MODES[1:])
def test_keras_parity_merges(student, mode):
    """sum, mul, ave equal keras.layers.Bidirectional(SimpleRNN) with the same weights"""
    args, want = _keras(mode, 40 + MODES.index(mode))
    check_close(student.bidirectional_rnn_forward(*args, merge_mode=mode), want,
                f"output with merge_mode={mode!r} (compared with Keras)", atol=2e-5, rtol=1e-4,
                likely=diagnoses.bidirectional_mistakes(*args, mode))


@rule("without merge_mode the output is the concat one")
def test_default_merge_mode_is_concat(student):
    """without merge_mode the halves are concatenated"""
    args = bidir_inputs(50, 2, 4, 3, 3)
    check_close(student.bidirectional_rnn_forward(*args),
                student.bidirectional_rnn_forward(*args, merge_mode="concat"),
                "output without merge_mode (compared with your merge_mode='concat')")


@rule("an unknown merge_mode raises ValueError; the known ones work")
def test_unknown_merge_mode_is_rejected(student):
    """merge_mode='avg' (not a Keras mode) raises ValueError; 'ave' works"""
    args = bidir_inputs(51, 2, 3, 2, 2)
    check_shape(student.bidirectional_rnn_forward(*args, merge_mode="ave"), (2, 3, 2),
                "output with merge_mode='ave'")
    check_raises("ValueError", student.bidirectional_rnn_forward, *args, merge_mode="avg")


@rule(MERGES)
def test_ave_on_a_longer_sequence(student):
    """'ave' on a longer hidden sequence"""
    args = bidir_inputs(52, 2, 9, 3, 4)
    check_close(student.bidirectional_rnn_forward(*args, merge_mode="ave"),
                ref.bidirectional_rnn_forward(*args, merge_mode="ave"),
                "output with merge_mode='ave' (N=2, T=9, D=3, H=4)",
                likely=diagnoses.bidirectional_mistakes(*args, "ave"))
