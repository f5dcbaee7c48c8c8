"""Hidden checks for bidirectional_rnn_forward."""
import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.harness.checks import check_close, check_raises
from autograder.suites.rnn_variants_overview.common import (SHAPE_IDS, SHAPES, bidir_inputs,
                                                            bidir_likely)

MODES = ["concat", "sum", "mul", "ave"]


@pytest.mark.parametrize("shape", SHAPES, ids=SHAPE_IDS)
def test_concat_matches_reference(student, shape):
    """concat outputs on hidden inputs (batch of 1, T = 1, H != D, ...)"""
    args = bidir_inputs(sum(shape), *shape)
    got = student.bidirectional_rnn_forward(*args, merge_mode="concat")
    check_close(got, ref.bidirectional_rnn_forward(*args, merge_mode="concat"),
                "concat output (N={}, T={}, D={}, H={})".format(*shape),
                likely=bidir_likely(*args, "concat"))


@pytest.mark.parametrize("mode", MODES)
def test_keras_parity(student, mode):
    """equals keras.layers.Bidirectional(SimpleRNN) with the same weights and states"""
    import keras
    N, T, D, H = 3, 6, 4, 5
    x, hf, hb, pf, pb = bidir_inputs(40 + MODES.index(mode), N, T, D, H)
    layer = keras.layers.Bidirectional(keras.layers.SimpleRNN(H, return_sequences=True),
                                       merge_mode=mode)
    layer.build((None, None, D))
    layer.set_weights([*pf, *pb])
    want = np.asarray(layer(x.astype("float32"),
                            initial_state=[hf.astype("float32"), hb.astype("float32")]))
    got = student.bidirectional_rnn_forward(x, hf, hb, pf, pb, merge_mode=mode)
    check_close(got, want, f"output with merge_mode={mode!r} (compared with Keras)",
                atol=2e-5, rtol=1e-4, likely=bidir_likely(x, hf, hb, pf, pb, mode))


def test_default_merge_mode_is_concat(student):
    """without merge_mode the halves are concatenated"""
    args = bidir_inputs(50, 2, 4, 3, 3)
    check_close(student.bidirectional_rnn_forward(*args),
                ref.bidirectional_rnn_forward(*args, merge_mode="concat"),
                "output with the default merge_mode")


def test_unknown_merge_mode_is_rejected(student):
    """merge_mode='avg' (not a Keras mode) raises ValueError; 'ave' works"""
    args = bidir_inputs(51, 2, 3, 2, 2)
    check_close(student.bidirectional_rnn_forward(*args, merge_mode="ave"),
                ref.bidirectional_rnn_forward(*args, merge_mode="ave"), "output for 'ave'",
                likely=bidir_likely(*args, "ave"))
    check_raises("ValueError", student.bidirectional_rnn_forward, *bidir_inputs(51, 2, 3, 2, 2),
                 merge_mode="avg")


def test_inputs_are_not_modified(student):
    """a correct output, with x, the initial states and the parameters left unchanged"""
    args = bidir_inputs(52, 2, 5, 3, 4)
    out, after = student.call("bidirectional_rnn_forward", *args, _return_args=True)
    check_close(out, ref.bidirectional_rnn_forward(*args), "concat output",
                likely=bidir_likely(*args, "concat"))
    names = ("x", "h0_fwd", "h0_bwd")
    for name, before, now in zip(names, args[:3], after[:3]):
        check_close(now, before, f"{name} after the call (do not modify inputs)", atol=0, rtol=0)
    for which, before, now in (("params_fwd", args[3], after[3]), ("params_bwd", args[4], after[4])):
        for k, (b0, b1) in enumerate(zip(before, now)):
            check_close(b1, b0, f"{which}[{k}] after the call (do not modify inputs)",
                        atol=0, rtol=0)
