"""Public checks for gru_forward."""
import numpy as np

from _harness.checks import check_close, check_shape

CALLS = ("gru_cell_forward",)  # graded functions of this notebook that gru_forward calls


def _inputs(seed=0, N=2, T=4, D=3, H=5, reset_after=True):
    rng = np.random.default_rng(seed)
    b = 0.5 * rng.standard_normal((2, 3 * H) if reset_after else 3 * H)
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            0.5 * rng.standard_normal((D, 3 * H)), 0.5 * rng.standard_normal((H, 3 * H)), b)


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _step(x, h, W, U, b, reset_after=True, textbook=False, order="zrh", reset_before=False,
          reset_after_in_v1=False, rec_bias=True, input_bias=True, no_reset=False):
    """h_next of one GRU step (Keras layout), with common mistakes switchable."""
    H = h.shape[1]

    def blocks(a):  # the blocks in the order z, r, h, read as `order`
        return np.concatenate([a[..., order.index(k) * H:(order.index(k) + 1) * H]
                               for k in "zrh"], -1)
    W, U = blocks(W), blocks(U)
    if reset_after:
        bx = blocks(b[0]) if input_bias else 0 * b[0]
        bh = blocks(b[1]) if rec_bias else 0 * b[1]
        xp, hp = x @ W + bx, h @ U + bh
        z = _sigmoid(xp[:, :H] + hp[:, :H])
        r = 1.0 if no_reset else _sigmoid(xp[:, H:2 * H] + hp[:, H:2 * H])
        if reset_before:
            cand = np.tanh(xp[:, 2 * H:] + (r * h) @ U[:, 2 * H:] + bh[2 * H:])
        else:
            cand = np.tanh(xp[:, 2 * H:] + r * hp[:, 2 * H:])
    else:
        xp = x @ W + (blocks(b) if input_bias else 0 * b)
        z = _sigmoid(xp[:, :H] + h @ U[:, :H])
        r = 1.0 if no_reset else _sigmoid(xp[:, H:2 * H] + h @ U[:, H:2 * H])
        if reset_after_in_v1:
            cand = np.tanh(xp[:, 2 * H:] + r * (h @ U[:, 2 * H:]))
        else:
            cand = np.tanh(xp[:, 2 * H:] + (r * h) @ U[:, 2 * H:])
    return (1 - z) * h + z * cand if textbook else z * h + (1 - z) * cand


def _mistakes(reset_after):
    mistakes = {
        "textbook GRU update (1 - z) * h_prev + z * h_cand; Keras keeps z for the old state: "
        "h = z * h_prev + (1 - z) * h_cand": dict(textbook=True),
        "wrong gate order: blocks read as r, z, h (Keras uses z, r, h)": dict(order="rzh"),
        "wrong gate order: blocks read as h, z, r (Keras uses z, r, h)": dict(order="hzr"),
        "the reset gate is not applied to the candidate": dict(no_reset=True),
    }
    if reset_after:
        mistakes.update({
            "reset applied before the matrix product although reset_after=True (Keras "
            "multiplies r with h_prev @ U_h + b_rec_h)": dict(reset_before=True),
            "the recurrent bias row b[1] is ignored": dict(rec_bias=False),
            "the input bias row b[0] is ignored": dict(input_bias=False),
        })
    else:
        mistakes.update({
            "reset applied after the matrix product although reset_after=False (use "
            "(r * h_prev) @ U_h)": dict(reset_after_in_v1=True),
            "the bias b is ignored": dict(input_bias=False),
        })
    return mistakes


def _keras_default_step(x, h, W, U, b):
    """One step with reset_after=True whatever the shape of b (b[0] and b[1] as given)."""
    H = h.shape[1]
    xp, hp = x @ W + b[0], h @ U + b[1]
    z = _sigmoid(xp[:, :H] + hp[:, :H])
    r = _sigmoid(xp[:, H:2 * H] + hp[:, H:2 * H])
    return z * h + (1 - z) * np.tanh(xp[:, 2 * H:] + r * hp[:, 2 * H:])


def _sequence(x, h0, step, carry=True):
    """All states (N, T, H) of h = step(x_t, h) from h0 (from h0 at every step if not carry)."""
    h, out = h0, []
    for t in range(x.shape[1]):
        h = step(x[:, t], h if carry else h0)
        out.append(h)
    return np.stack(out, axis=1)


def _likely(x, h0, W, U, b, reset_after):
    """All states as common mistakes compute them, to name the mistake."""
    def step(**kw):
        return lambda xt, h: _step(xt, h, W, U, b, reset_after, **kw)
    likely = {
        "the state is not carried: every step starts from h0":
            _sequence(x, h0, step(), carry=False),
        "h0 is ignored (zeros used)": _sequence(x, 0 * h0, step()),
    }
    for why, kw in _mistakes(reset_after).items():  # the step written inside gru_forward
        likely[why] = _sequence(x, h0, step(**kw))
    if not reset_after:
        likely["reset_after is not passed on to gru_cell_forward (its default True was "
               "used)"] = _sequence(x, h0, lambda xt, h: _keras_default_step(xt, h, W, U, b))
    return likely


def test_shape(student):
    """h is (N, T, H)"""
    check_shape(student.gru_forward(*_inputs()), (2, 4, 5), "h for N=2, T=4, H=5")


def test_steps_chain_your_cell(student):
    """each step applies your gru_cell_forward to the previous state (both conventions)"""
    for reset_after in (True, False):
        x, h0, W, U, b = _inputs(1, reset_after=reset_after)
        h = student.gru_forward(x, h0, W, U, b, reset_after=reset_after)
        want, h_t = [], h0
        for t in range(x.shape[1]):
            h_t = check_shape(student.gru_cell_forward(x[:, t], h_t, W, U, b,
                                                       reset_after=reset_after),
                              (2, 5), f"your gru_cell_forward at step {t}")
            want.append(h_t)
        check_close(h, np.stack(want, axis=1),
                    f"h with reset_after={reset_after} (N=2, T=4, H=5)",
                    likely=_likely(x, h0, W, U, b, reset_after))
