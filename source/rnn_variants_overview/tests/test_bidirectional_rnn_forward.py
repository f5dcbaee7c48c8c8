"""Public checks for bidirectional_rnn_forward."""
import numpy as np

from _harness.checks import as_array, check_close, check_raises, check_shape, fail
from diagnoses import bidirectional_mistakes, merge, tanh_rnn

CALLS = ()  # graded functions of this notebook that bidirectional_rnn_forward calls


def _inputs(seed=0, N=2, T=5, D=3, H=4):
    rng = np.random.default_rng(seed)

    def params():
        return (rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)),
                rng.standard_normal(H))
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            rng.standard_normal((N, H)), params(), params())


def _output(student, args, mode, shape, what):
    """The student's output for merge_mode=mode, checked to have this shape."""
    out = as_array(student.bidirectional_rnn_forward(*args, merge_mode=mode), what)
    if out.shape != tuple(shape) and out.dtype.kind in "fiu":
        mistake = next((why for why, wrong in bidirectional_mistakes(*args, mode).items()
                        if wrong.shape == out.shape
                        and np.allclose(out, wrong, atol=1e-6, rtol=1e-5)), None)
        fail(f"{what} has shape {out.shape}, expected {tuple(shape)}", mistake)
    return check_shape(out, shape, what)


def _halves(x, hf, hb, pf, pb):
    """The forward states and the backward states in time order, each (N, T, H)."""
    return tanh_rnn(x, hf, *pf), tanh_rnn(x[:, ::-1], hb, *pb)[:, ::-1]


def test_output_shapes(student):
    """concat gives (N, T, 2H); sum, mul and ave give (N, T, H)"""
    args = _inputs()
    for mode, width in (("concat", 8), ("sum", 4), ("mul", 4), ("ave", 4)):
        _output(student, args, mode, (2, 5, width),
                f"output with merge_mode={mode!r} (N=2, T=5, H=4)")


def test_forward_half_is_a_plain_rnn(student):
    """with concat, the first H features are the forward RNN's states"""
    x, hf, hb, pf, pb = _inputs(1)
    out = _output(student, (x, hf, hb, pf, pb), "concat", (2, 5, 8), "concat output")
    check_close(out[:, :, :4], tanh_rnn(x, hf, *pf), "forward half out[:, :, :H]",
                likely={why: v[:, :, :4] for why, v in bidirectional_mistakes(
                    x, hf, hb, pf, pb).items() if v.shape == out.shape})


def test_backward_direction_starts_at_the_last_step(student):
    """the backward state at the last step is tanh(x[T-1] Wx + h0_bwd Wh + b)"""
    x, hf, hb, pf, pb = _inputs(2)
    out = _output(student, (x, hf, hb, pf, pb), "concat", (2, 5, 8), "concat output")
    Wx, Wh, b = pb
    check_close(out[:, -1, 4:], np.tanh(x[:, -1] @ Wx + hb @ Wh + b),
                "backward half at the last step out[:, -1, H:]",
                likely={why: v[:, -1, 4:] for why, v in bidirectional_mistakes(
                    x, hf, hb, pf, pb).items() if v.shape == out.shape})


def test_concat_is_both_directions_in_time_order(student):
    """concat: out[:, t] = [forward state at t, backward state at t] for every t"""
    args = _inputs(5)
    out = _output(student, args, "concat", (2, 5, 8), "concat output")
    check_close(out, merge(*_halves(*args), "concat"), "concat output (N=2, T=5, H=4)",
                likely=bidirectional_mistakes(*args))


def test_merge_modes_combine_the_two_directions(student):
    """sum, mul and ave combine the forward and backward states elementwise"""
    args = _inputs(3)
    fwd, bwd = _halves(*args)
    for mode in ("sum", "mul", "ave"):
        check_close(student.bidirectional_rnn_forward(*args, merge_mode=mode),
                    merge(fwd, bwd, mode), f"output with merge_mode={mode!r} (N=2, T=5, H=4)",
                    likely=bidirectional_mistakes(*args, mode))


def test_default_merge_mode_is_concat(student):
    """without merge_mode the output is the concat one"""
    args = _inputs(6)
    check_close(student.bidirectional_rnn_forward(*args),
                student.bidirectional_rnn_forward(*args, merge_mode="concat"),
                "output without merge_mode (compared with your merge_mode='concat')")


def test_unknown_merge_mode_is_rejected(student):
    """an unknown merge_mode raises ValueError; the known ones work"""
    check_shape(student.bidirectional_rnn_forward(*_inputs(4), merge_mode="sum"), (2, 5, 4),
                "output with merge_mode='sum'")
    check_raises("ValueError", student.bidirectional_rnn_forward, *_inputs(4),
                 merge_mode="max")
