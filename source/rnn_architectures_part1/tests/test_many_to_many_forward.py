"""Public checks for many_to_many_forward."""
import numpy as np

from _harness.checks import check_close, check_shape

CALLS = ()  # graded functions of this notebook that many_to_many_forward calls


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
    """The scores at every step as common mistakes compute them, to name the mistake."""
    h = _states(x, h0, Wx, Wh, b)
    prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)
    return {
        "off by one: scores[:, t] are computed from the previous state h_{t-1}":
            prev @ Wy + by,
        "every step's scores use the final hidden state":
            np.repeat((h[:, -1] @ Wy + by)[:, None], x.shape[1], axis=1),
        "the output bias by is missing": h @ Wy,
        "tanh is missing in the recurrence":
            _states(x, h0, Wx, Wh, b, use_tanh=False) @ Wy + by,
        "the state is not carried: every step starts again from h0":
            _states(x, h0, Wx, Wh, b, carry=False) @ Wy + by,
        "h0 is ignored: the recurrence starts from zeros":
            _states(x, np.zeros_like(h0), Wx, Wh, b) @ Wy + by,
    }


def _at(likely, t):
    return {why: v[:, t] for why, v in likely.items()}


def test_shape(student):
    """scores have shape (N, T, C)"""
    scores = student.many_to_many_forward(*_inputs())
    check_shape(scores, (2, 4, 2), "scores for N=2, T=4, C=2")


def test_first_step(student):
    """scores[:, 0] = tanh(x_0 Wx + h0 Wh + b) Wy + by"""
    x, h0, Wx, Wh, b, Wy, by = _inputs(1)
    scores = check_shape(student.many_to_many_forward(x, h0, Wx, Wh, b, Wy, by), (2, 4, 2),
                         "scores")
    check_close(scores[:, 0], np.tanh(x[:, 0] @ Wx + h0 @ Wh + b) @ Wy + by, "scores[:, 0]",
                likely=_at(_likely(x, h0, Wx, Wh, b, Wy, by), 0))


def test_every_step(student):
    """scores[:, t] = h_t Wy + by at every step"""
    x, h0, Wx, Wh, b, Wy, by = _inputs(2, T=3)
    scores = check_shape(student.many_to_many_forward(x, h0, Wx, Wh, b, Wy, by), (2, 3, 2),
                         "scores")
    likely = _likely(x, h0, Wx, Wh, b, Wy, by)
    h = h0
    for t in range(3):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        check_close(scores[:, t], h @ Wy + by, f"scores[:, {t}]", likely=_at(likely, t))
