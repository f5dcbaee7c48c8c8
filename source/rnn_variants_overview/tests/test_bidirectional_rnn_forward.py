"""Public checks for bidirectional_rnn_forward."""
import numpy as np

from _harness.checks import as_array, check_close, check_raises, check_shape, fail

CALLS = ()  # graded functions of this notebook that bidirectional_rnn_forward calls


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


def _merge(fwd, bwd, mode):
    return {"concat": lambda: np.concatenate([fwd, bwd], -1), "sum": lambda: fwd + bwd,
            "mul": lambda: fwd * bwd, "ave": lambda: (fwd + bwd) / 2}[mode]()


def _likely(x, hf, hb, pf, pb, mode="concat"):
    """The output as common mistakes would compute it, to name the mistake."""
    fwd = _simple_rnn(x, hf, *pf)
    bwd_reversed = _simple_rnn(x[:, ::-1], hb, *pb)
    bwd = bwd_reversed[:, ::-1]
    likely = {
        "the backward outputs are not re-aligned in time (reverse them again after the "
        "backward pass)": _merge(fwd, bwd_reversed, mode),
        "the backward RNN reads the sequence forwards (run it on x[:, ::-1])":
            _merge(fwd, _simple_rnn(x, hb, *pb), mode),
        "the backward RNN reads x forwards and its outputs are then reversed":
            _merge(fwd, _simple_rnn(x, hb, *pb)[:, ::-1], mode),
        "the forward and backward parameters are swapped":
            _merge(_simple_rnn(x, hf, *pb), _simple_rnn(x[:, ::-1], hb, *pf)[:, ::-1], mode),
        "h0_fwd and h0_bwd are swapped":
            _merge(_simple_rnn(x, hb, *pf), _simple_rnn(x[:, ::-1], hf, *pb)[:, ::-1], mode),
        "the initial states are ignored (zeros used)":
            _merge(_simple_rnn(x, 0 * hf, *pf), _simple_rnn(x[:, ::-1], 0 * hb, *pb)[:, ::-1],
                   mode),
    }
    if mode == "concat":
        likely["concat puts the backward half first (Keras: forward first)"] = \
            np.concatenate([bwd, fwd], -1)
        likely["the two halves are stacked on the time axis instead of the feature axis"] = \
            np.concatenate([fwd, bwd], 1)
    return likely


def _output(student, args, mode, shape, what):
    """The student's output for merge_mode=mode, checked to have this shape."""
    out = as_array(student.bidirectional_rnn_forward(*args, merge_mode=mode), what)
    if out.shape != tuple(shape) and out.dtype.kind in "fiu":
        mistake = next((why for why, wrong in _likely(*args, mode).items()
                        if wrong.shape == out.shape
                        and np.allclose(out, wrong, atol=1e-6, rtol=1e-5)), None)
        fail(f"{what} has shape {out.shape}, expected {tuple(shape)}", mistake)
    return check_shape(out, shape, what)


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
    check_close(out[:, :, :4], _simple_rnn(x, hf, *pf), "forward half out[:, :, :H]",
                likely={why: v[:, :, :4] for why, v in _likely(x, hf, hb, pf, pb).items()
                        if v.shape == out.shape})


def test_backward_direction_starts_at_the_last_step(student):
    """the backward state at the last step is tanh(x[T-1] Wx + h0_bwd Wh + b)"""
    x, hf, hb, pf, pb = _inputs(2)
    out = _output(student, (x, hf, hb, pf, pb), "concat", (2, 5, 8), "concat output")
    Wx, Wh, b = pb
    check_close(out[:, -1, 4:], np.tanh(x[:, -1] @ Wx + hb @ Wh + b),
                "backward half at the last step out[:, -1, H:]", shape_hint="",
                likely={why: v[:, -1, 4:] for why, v in _likely(x, hf, hb, pf, pb).items()
                        if v.shape == out.shape})


def test_merge_modes_agree_with_concat(student):
    """sum, mul and ave combine the same two halves as concat"""
    args = _inputs(3)
    both = _output(student, args, "concat", (2, 5, 8), "concat output")
    fwd, bwd = both[..., :4], both[..., 4:]
    likely = {"sum": {"'sum' returns the mean": (fwd + bwd) / 2},
              "ave": {"'ave' returns the sum (divide by 2)": fwd + bwd}}
    for mode, want in (("sum", fwd + bwd), ("mul", fwd * bwd), ("ave", (fwd + bwd) / 2)):
        check_close(student.bidirectional_rnn_forward(*args, merge_mode=mode), want,
                    f"merge_mode={mode!r} (compared with your concat halves)",
                    likely=likely.get(mode))


def test_unknown_merge_mode_is_rejected(student):
    """an unknown merge_mode raises ValueError; the known ones work"""
    check_shape(student.bidirectional_rnn_forward(*_inputs(4), merge_mode="sum"), (2, 5, 4),
                "output with merge_mode='sum'")
    check_raises("ValueError", student.bidirectional_rnn_forward, *_inputs(4),
                 merge_mode="max")
