"""Public checks for bidirectional_rnn_forward."""
import numpy as np

from _harness.checks import check_close, check_raises, check_shape


def _inputs(seed=0, N=2, T=5, D=3, H=4):
    rng = np.random.default_rng(seed)

    def params():
        return (rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)),
                rng.standard_normal(H))
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            rng.standard_normal((N, H)), params(), params())


def _simple_rnn(x, h, Wx, Wh, b):
    out = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        out.append(h)
    return np.stack(out, axis=1)


def test_output_shapes(student):
    """concat gives (N, T, 2H); sum, mul and ave give (N, T, H)"""
    args = _inputs()
    for mode, width in (("concat", 8), ("sum", 4), ("mul", 4), ("ave", 4)):
        check_shape(student.bidirectional_rnn_forward(*args, merge_mode=mode), (2, 5, width),
                    f"output with merge_mode={mode!r} (N=2, T=5, H=4)")


def test_forward_half_is_a_plain_rnn(student):
    """with concat, the first H features are the forward RNN's states"""
    x, hf, hb, pf, pb = _inputs(1)
    out = student.bidirectional_rnn_forward(x, hf, hb, pf, pb, merge_mode="concat")
    check_shape(out, (2, 5, 8), "concat output")
    check_close(out[:, :, :4], _simple_rnn(x, hf, *pf), "forward half out[:, :, :H]")


def test_backward_direction_starts_at_the_last_step(student):
    """the backward state at the last step is tanh(x[T-1] Wx + h0_bwd Wh + b)"""
    x, hf, hb, pf, pb = _inputs(2)
    out = student.bidirectional_rnn_forward(x, hf, hb, pf, pb, merge_mode="concat")
    check_shape(out, (2, 5, 8), "concat output")
    Wx, Wh, b = pb
    check_close(out[:, -1, 4:], np.tanh(x[:, -1] @ Wx + hb @ Wh + b),
                "backward half at the last step out[:, -1, H:]", shape_hint="")


def test_merge_modes_agree_with_concat(student):
    """sum, mul and ave combine the same two halves as concat"""
    args = _inputs(3)
    both = check_shape(student.bidirectional_rnn_forward(*args, merge_mode="concat"),
                       (2, 5, 8), "concat output")
    fwd, bwd = both[..., :4], both[..., 4:]
    for mode, want in (("sum", fwd + bwd), ("mul", fwd * bwd), ("ave", (fwd + bwd) / 2)):
        check_close(student.bidirectional_rnn_forward(*args, merge_mode=mode), want,
                    f"merge_mode={mode!r} (compared with your concat halves)")


def test_unknown_merge_mode_is_rejected(student):
    """an unknown merge_mode raises ValueError; the known ones work"""
    check_shape(student.bidirectional_rnn_forward(*_inputs(4), merge_mode="sum"), (2, 5, 4),
                "output with merge_mode='sum'")
    check_raises("ValueError", student.bidirectional_rnn_forward, *_inputs(4),
                 merge_mode="max")
