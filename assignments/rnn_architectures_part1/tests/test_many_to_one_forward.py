"""Public checks for many_to_one_forward."""
import numpy as np

from _harness.checks import check_close, check_shape

CALLS = ()  # graded functions of this notebook that many_to_one_forward calls


def _inputs(seed=0, N=2, T=4, D=3, H=5, C=2):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)),
            rng.standard_normal(H), rng.standard_normal((H, C)), rng.standard_normal(C))


def _states(x, h0, Wx, Wh, b, use_tanh=True, carry=True):
    """All hidden states (N, T, H), with common mistakes switchable."""
    h, out = h0, []
    for t in range(x.shape[1]):
        pre = x[:, t] @ Wx + (h if carry else h0) @ Wh + b
        h = np.tanh(pre) if use_tanh else pre
        out.append(h)
    return np.stack(out, axis=1)


def _likely(x, h0, Wx, Wh, b, Wy, by):
    """The logits as common mistakes compute them, to name the mistake."""
    h = _states(x, h0, Wx, Wh, b)
    return {
        "the logits come from the first hidden state instead of the last": h[:, 0] @ Wy + by,
        "the hidden states are averaged instead of taking the last one":
            h.mean(axis=1) @ Wy + by,
        "the output bias by is missing": h[:, -1] @ Wy,
        "tanh is missing in the recurrence":
            _states(x, h0, Wx, Wh, b, use_tanh=False)[:, -1] @ Wy + by,
        "the state is not carried: every step starts again from h0":
            _states(x, h0, Wx, Wh, b, carry=False)[:, -1] @ Wy + by,
        "h0 is ignored: the recurrence starts from zeros":
            _states(x, np.zeros_like(h0), Wx, Wh, b)[:, -1] @ Wy + by,
        "the logits are computed from h0 (the state before the sequence)": h0 @ Wy + by,
    }


def test_shape(student):
    """logits have shape (N, C)"""
    logits = student.many_to_one_forward(*_inputs())
    check_shape(logits, (2, 2), "logits for N=2, C=2")


def test_single_step(student):
    """with T = 1: logits = tanh(x_0 Wx + h0 Wh + b) Wy + by"""
    x, h0, Wx, Wh, b, Wy, by = _inputs(1, T=1)
    want = np.tanh(x[:, 0] @ Wx + h0 @ Wh + b) @ Wy + by
    check_close(student.many_to_one_forward(x, h0, Wx, Wh, b, Wy, by), want, "logits (T=1)",
                likely=_likely(x, h0, Wx, Wh, b, Wy, by))


def test_uses_last_hidden_state(student):
    """logits come from the last hidden state h_{T-1}"""
    x, h0, Wx, Wh, b, Wy, by = _inputs(2, T=3)
    h = h0
    for t in range(3):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
    check_close(student.many_to_one_forward(x, h0, Wx, Wh, b, Wy, by), h @ Wy + by,
                "logits (T=3)", likely=_likely(x, h0, Wx, Wh, b, Wy, by))
