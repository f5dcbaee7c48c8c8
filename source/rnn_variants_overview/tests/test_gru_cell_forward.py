"""Public checks for gru_cell_forward."""
import numpy as np

from _harness.checks import check_close, check_shape

CALLS = ()  # graded functions of this notebook that gru_cell_forward calls


def _inputs(seed=0, N=3, D=4, H=5, reset_after=True):
    rng = np.random.default_rng(seed)
    b = 0.5 * rng.standard_normal((2, 3 * H) if reset_after else 3 * H)
    return (rng.standard_normal((N, D)), rng.standard_normal((N, H)),
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


def _unambiguous(likely):
    """The explanations whose value no other explanation shares (on the special inputs of
    the checks below, several mistakes can give the same h_next: then none is named)."""
    values = list(likely.values())
    return {why: v for why, v in likely.items()
            if sum(np.allclose(v, w, atol=1e-6, rtol=1e-5) for w in values) == 1}


def _likely(x, h, W, U, b, reset_after):
    """h_next as common mistakes compute it, to name the mistake."""
    likely = {why: _step(x, h, W, U, b, reset_after, **kw)
              for why, kw in _mistakes(reset_after).items()}
    for why, kw in _mistakes(reset_after).items():
        if "order" not in kw and "textbook" not in kw:
            likely[why + " (and the textbook update)"] = _step(x, h, W, U, b, reset_after,
                                                               textbook=True, **kw)
    if reset_after:
        likely["reset_after is ignored: the reset_after=False formula was used"] = \
            _step(x, h, W, U, b, True, reset_before=True, rec_bias=False)
    return _unambiguous(likely)


def test_shapes_for_both_conventions(student):
    """h_next is (N, H) with reset_after=True (b (2, 3H)) and False (b (3H,))"""
    check_shape(student.gru_cell_forward(*_inputs()), (3, 5),
                "h_next with reset_after=True (default)")
    check_shape(student.gru_cell_forward(*_inputs(reset_after=False), reset_after=False),
                (3, 5), "h_next with reset_after=False")


def test_update_gate_near_one_keeps_the_state(student):
    """z close to 1 keeps h_prev (Keras: h = z * h_prev + (1 - z) * candidate)"""
    x, h, W, U, b = _inputs(1)
    b = b.copy()
    b[0, :5] = 30.0  # z-block input bias: z = 1
    check_close(student.gru_cell_forward(x, h, W, U, b), h, "h_next when z = 1", atol=1e-6,
                likely=_likely(x, h, W, U, b, True))


def test_reset_after_true_uses_both_bias_rows(student):
    """reset_after=True: candidate = tanh(b_in_h + r * b_rec_h) when W = U = 0"""
    x, h, W, U, _ = _inputs(2)
    H = 5
    b = np.zeros((2, 3 * H))
    b[0, :H] = -30.0                     # z = 0: h_next is the candidate
    b[0, H:2 * H] = np.linspace(-2, 2, H)  # r = sigmoid of this
    b[0, 2 * H:] = 0.3                   # input bias of the candidate
    b[1, 2 * H:] = np.linspace(1, -1, H)  # recurrent bias of the candidate
    r = 1 / (1 + np.exp(-np.linspace(-2, 2, H)))
    want = np.tile(np.tanh(0.3 + r * np.linspace(1, -1, H)), (3, 1))
    check_close(student.gru_cell_forward(x, h, 0 * W, 0 * U, b, reset_after=True), want,
                "h_next for W = U = 0, z = 0", atol=1e-6,
                likely=_likely(x, h, 0 * W, 0 * U, b, True))


def test_reset_after_false_resets_before_the_product(student):
    """reset_after=False: candidate = tanh(x W_h + (r * h_prev) U_h + b_h)"""
    x, h, W, U, _ = _inputs(3, reset_after=False)
    H = 5
    U = U.copy()
    U[:, :2 * H] = 0.0                    # z and r depend on the bias only
    b = np.zeros(3 * H)
    b[:H] = -30.0                         # z = 0
    b[H:2 * H] = np.linspace(-2, 2, H)
    W = W.copy()
    W[:, :2 * H] = 0.0
    r = 1 / (1 + np.exp(-np.linspace(-2, 2, H)))
    want = np.tanh(x @ W[:, 2 * H:] + (r * h) @ U[:, 2 * H:])
    check_close(student.gru_cell_forward(x, h, W, U, b, reset_after=False), want,
                "h_next with reset_after=False, z = 0", atol=1e-6,
                likely=_likely(x, h, W, U, b, False))


def test_matches_the_equations(student):
    """on random inputs, with reset_after=True and with reset_after=False"""
    for reset_after in (True, False):
        args = _inputs(4, reset_after=reset_after)
        check_close(student.gru_cell_forward(*args, reset_after=reset_after),
                    _step(*args, reset_after), f"h_next with reset_after={reset_after}",
                    likely=_likely(*args, reset_after))
