"""Hidden inputs and known-mistake variants shared by the rnn_variants_overview suites."""
import numpy as np

import solutions.rnn_variants_overview as ref

# (N, T, D, H): batch of 1, T = 1, H != D, H == D, a longer sequence
SHAPES = [(1, 1, 3, 5), (3, 4, 2, 6), (2, 7, 4, 4), (4, 3, 5, 2), (2, 10, 3, 7)]
SHAPE_IDS = ["N{}-T{}-D{}-H{}".format(*s) for s in SHAPES]

sigmoid = ref.sigmoid


def rng_for(seed):
    return np.random.default_rng(7000 + seed)


def rnn_params(rng, D, H):
    return (rng.standard_normal((D, H)) / np.sqrt(D),
            0.8 * rng.standard_normal((H, H)) / np.sqrt(H), 0.3 * rng.standard_normal(H))


def bidir_inputs(seed, N, T, D, H):
    rng = rng_for(seed)
    return (rng.standard_normal((N, T, D)), 0.5 * rng.standard_normal((N, H)),
            0.5 * rng.standard_normal((N, H)), rnn_params(rng, D, H), rnn_params(rng, D, H))


def lstm_inputs(seed, N, T, D, H):
    """x (N, T, D), h0, c0, W, U, b with gates away from saturation."""
    rng = rng_for(seed)
    return (rng.standard_normal((N, T, D)), 0.5 * rng.standard_normal((N, H)),
            rng.standard_normal((N, H)), rng.standard_normal((D, 4 * H)) / np.sqrt(D),
            rng.standard_normal((H, 4 * H)) / np.sqrt(H), 0.5 * rng.standard_normal(4 * H))


def gru_inputs(seed, N, T, D, H, reset_after=True):
    rng = rng_for(seed)
    b = 0.5 * rng.standard_normal((2, 3 * H) if reset_after else 3 * H)
    return (rng.standard_normal((N, T, D)), 0.8 * rng.standard_normal((N, H)),
            rng.standard_normal((D, 3 * H)) / np.sqrt(D),
            rng.standard_normal((H, 3 * H)) / np.sqrt(H), b)


def unroll(x, state, step):
    """Apply ``step(x_t, state) -> (output, state)`` over time; outputs stacked on axis 1."""
    outs = []
    for t in range(x.shape[1]):
        out, state = step(x[:, t], state)
        outs.append(out)
    return np.stack(outs, axis=1)


# ---------------------------------------------------------------- bidirectional
def simple_rnn(x, h, Wx, Wh, b):
    return unroll(x, h, lambda xt, s: (np.tanh(xt @ Wx + s @ Wh + b),) * 2)


def merge(fwd, bwd, mode):
    return {"concat": lambda: np.concatenate([fwd, bwd], -1), "sum": lambda: fwd + bwd,
            "mul": lambda: fwd * bwd, "ave": lambda: (fwd + bwd) / 2}[mode]()


def bidir_likely(x, hf, hb, pf, pb, mode):
    fwd = simple_rnn(x, hf, *pf)
    bwd_reversed = simple_rnn(x[:, ::-1], hb, *pb)
    bwd = bwd_reversed[:, ::-1]
    likely = {
        "the backward outputs are not re-aligned in time (reverse them again after the "
        "backward pass)": merge(fwd, bwd_reversed, mode),
        "the backward RNN reads the sequence forwards (run it on x[:, ::-1])":
            merge(fwd, simple_rnn(x, hb, *pb), mode),
        "the backward RNN reads x forwards and its outputs are then reversed":
            merge(fwd, simple_rnn(x, hb, *pb)[:, ::-1], mode),
        "the forward and backward parameters are swapped":
            merge(simple_rnn(x, hf, *pb), simple_rnn(x[:, ::-1], hb, *pf)[:, ::-1], mode),
        "h0_fwd and h0_bwd are swapped":
            merge(simple_rnn(x, hb, *pf), simple_rnn(x[:, ::-1], hf, *pb)[:, ::-1], mode),
        "the initial states are ignored (zeros used)":
            merge(simple_rnn(x, 0 * hf, *pf), simple_rnn(x[:, ::-1], 0 * hb, *pb)[:, ::-1],
                  mode),
    }
    if mode == "concat":
        likely["concat puts the backward half first (Keras: forward first)"] = \
            np.concatenate([bwd, fwd], -1)
        likely["the two halves are stacked on the time axis instead of the feature axis"] = \
            np.concatenate([fwd, bwd], 1)
    if mode == "ave":
        likely["'ave' returns the sum (divide by 2)"] = fwd + bwd
    if mode == "sum":
        likely["'sum' returns the mean"] = (fwd + bwd) / 2
    return likely


# ---------------------------------------------------------------- LSTM
def lstm_cell_variant(x, h, c, W, U, b, order="ifco", cell_tanh=True, cand="tanh",
                      swap_if=False, use_u=True, bias=True):
    H = h.shape[1]
    a = x @ W + (h @ U if use_u else 0) + (b if bias else 0)
    blocks = {k: a[:, j * H:(j + 1) * H] for j, k in enumerate(order)}
    i, f, o = sigmoid(blocks["i"]), sigmoid(blocks["f"]), sigmoid(blocks["o"])
    g = np.tanh(blocks["c"]) if cand == "tanh" else sigmoid(blocks["c"])
    if swap_if:
        i, f = f, i
    c_next = f * c + i * g
    h_next = o * (np.tanh(c_next) if cell_tanh else c_next)
    return h_next, c_next


LSTM_MISTAKES = {
    "wrong gate order: blocks read as i, f, o, c (Keras uses i, f, c, o)": dict(order="ifoc"),
    "input and forget gates swapped: wrong gate order f, i, c, o (Keras uses i, f, c, o)":
        dict(order="fico"),
    "wrong gate order: blocks read as i, c, f, o (Keras uses i, f, c, o)": dict(order="icfo"),
    "wrong gate order: blocks read as c, i, f, o (Keras uses i, f, c, o)": dict(order="cifo"),
    "missing tanh on the cell state: h = o * tanh(c), not o * c": dict(cell_tanh=False),
    "the candidate uses sigmoid; it needs tanh": dict(cand="sigmoid"),
    "the recurrent term h_prev @ U is missing": dict(use_u=False),
    "the bias b is missing": dict(bias=False),
}


def lstm_cell_likely(x, h, c, W, U, b, output):
    return {msg: lstm_cell_variant(x, h, c, W, U, b, **kw)[output]
            for msg, kw in LSTM_MISTAKES.items()}


def lstm_seq_variant(x, h0, c0, W, U, b, carry_h=True, carry_c=True, zero_h0=False,
                     zero_c0=False, **cell_kw):
    h0 = 0 * h0 if zero_h0 else h0
    c0 = 0 * c0 if zero_c0 else c0
    hs, cs = [], []
    h, c = h0, c0
    for t in range(x.shape[1]):
        h, c = lstm_cell_variant(x[:, t], h if carry_h else h0, c if carry_c else c0,
                                 W, U, b, **cell_kw)
        hs.append(h)
        cs.append(c)
    return np.stack(hs, 1), np.stack(cs, 1)


LSTM_SEQ_MISTAKES = {
    "the cell state is not carried: every step starts from c0": dict(carry_c=False),
    "the hidden state is not carried: every step starts from h0": dict(carry_h=False),
    "the states are not carried between steps": dict(carry_h=False, carry_c=False),
    "h0 is ignored (zeros used)": dict(zero_h0=True),
    "c0 is ignored (zeros used)": dict(zero_c0=True),
    **LSTM_MISTAKES,
}


def lstm_seq_likely(x, h0, c0, W, U, b, output):
    likely = {msg: lstm_seq_variant(x, h0, c0, W, U, b, **kw)[output]
              for msg, kw in LSTM_SEQ_MISTAKES.items()}
    h, c = ref.lstm_forward(x, h0, c0, W, U, b)
    if output == 1:
        likely["c holds the hidden states h instead of the cell states"] = h
    else:
        likely["h holds the cell states c instead of the hidden states"] = c
    return likely


# ---------------------------------------------------------------- GRU
def gru_cell_variant(x, h, W, U, b, reset_after=True, textbook=False, order="zrh",
                     reset_before=False, reset_after_in_v1=False, rec_bias=True,
                     input_bias=True, no_reset=False, merged_bias=False):
    H = h.shape[1]
    W = np.concatenate([W[:, order.index(k) * H:(order.index(k) + 1) * H] for k in "zrh"], 1)
    U = np.concatenate([U[:, order.index(k) * H:(order.index(k) + 1) * H] for k in "zrh"], 1)
    if reset_after:
        bx = b[0] if input_bias else 0 * b[0]
        bh = b[1] if rec_bias else 0 * b[1]
        bx = np.concatenate([bx[order.index(k) * H:(order.index(k) + 1) * H] for k in "zrh"])
        bh = np.concatenate([bh[order.index(k) * H:(order.index(k) + 1) * H] for k in "zrh"])
        if merged_bias:
            bx, bh = bx + bh, 0 * bh
        xp, hp = x @ W + bx, h @ U + bh
        z = sigmoid(xp[:, :H] + hp[:, :H])
        r = 1.0 if no_reset else sigmoid(xp[:, H:2 * H] + hp[:, H:2 * H])
        if reset_before:
            cand = np.tanh(xp[:, 2 * H:] + (r * h) @ U[:, 2 * H:] + bh[2 * H:])
        else:
            cand = np.tanh(xp[:, 2 * H:] + r * hp[:, 2 * H:])
    else:
        bb = np.concatenate([b[order.index(k) * H:(order.index(k) + 1) * H] for k in "zrh"])
        bb = bb if input_bias else 0 * bb
        xp = x @ W + bb
        z = sigmoid(xp[:, :H] + h @ U[:, :H])
        r = 1.0 if no_reset else sigmoid(xp[:, H:2 * H] + h @ U[:, H:2 * H])
        if reset_after_in_v1:
            cand = np.tanh(xp[:, 2 * H:] + r * (h @ U[:, 2 * H:]))
        else:
            cand = np.tanh(xp[:, 2 * H:] + (r * h) @ U[:, 2 * H:])
    return (1 - z) * h + z * cand if textbook else z * h + (1 - z) * cand


def gru_mistakes(reset_after):
    common = {
        "textbook GRU update (1 - z) * h_prev + z * h_cand; Keras keeps z for the old state: "
        "h = z * h_prev + (1 - z) * h_cand": dict(textbook=True),
        "wrong gate order: blocks read as r, z, h (Keras uses z, r, h)": dict(order="rzh"),
        "wrong gate order: blocks read as h, z, r (Keras uses z, r, h)": dict(order="hzr"),
        "the reset gate is not applied to the candidate": dict(no_reset=True),
    }
    if reset_after:
        common.update({
            "reset applied before the matrix product although reset_after=True (Keras "
            "multiplies r with h_prev @ U_h + b_rec_h)": dict(reset_before=True),
            "the recurrent bias row b[1] is ignored": dict(rec_bias=False),
            "the input bias row b[0] is ignored": dict(input_bias=False),
        })
    else:
        common.update({
            "reset applied after the matrix product although reset_after=False (use "
            "(r * h_prev) @ U_h)": dict(reset_after_in_v1=True),
            "the bias b is ignored": dict(input_bias=False),
        })
    return common


def gru_cell_likely(x, h, W, U, b, reset_after):
    likely = {msg: gru_cell_variant(x, h, W, U, b, reset_after, **kw)
              for msg, kw in gru_mistakes(reset_after).items()}
    for msg, kw in gru_mistakes(reset_after).items():
        if "order" in kw:
            continue
        likely[msg + " (and the textbook update)"] = gru_cell_variant(
            x, h, W, U, b, reset_after, **dict(kw, textbook=True))
    if reset_after:
        likely["reset_after is ignored: the reset_after=False formula was used"] = \
            gru_cell_variant(x, h, W, U, b, True, reset_before=True, rec_bias=False)
    return likely


def gru_seq_variant(x, h0, W, U, b, reset_after=True, carry=True, zero_h0=False, **kw):
    h0 = 0 * h0 if zero_h0 else h0
    return unroll(x, h0, lambda xt, s: (gru_cell_variant(xt, s if carry else h0, W, U, b,
                                                         reset_after, **kw),) * 2)


def gru_seq_likely(x, h0, W, U, b, reset_after):
    likely = {
        "the state is not carried: every step starts from h0":
            gru_seq_variant(x, h0, W, U, b, reset_after, carry=False),
        "h0 is ignored (zeros used)": gru_seq_variant(x, h0, W, U, b, reset_after,
                                                      zero_h0=True),
    }
    for msg, kw in gru_mistakes(reset_after).items():
        likely[msg] = gru_seq_variant(x, h0, W, U, b, reset_after, **kw)
    if not reset_after:
        likely["reset_after is not passed on to gru_cell_forward (its default True was "
               "used)"] = unroll(x, h0, lambda xt, s: (ref.gru_cell_forward(xt, s, W, U, b,
                                                                             True),) * 2)
    return likely


# ---------------------------------------------------------------- LSTM backward
LSTM_BACKWARD_MISTAKES = {
    "the gradient from h_next into the cell state is missing: "
    "dc = dc_next + dh_next * o * (1 - tanh(c_next)**2), not dc_next alone": dict(dh_to_dc=False),
    "wrong sigmoid derivative: for a gate s = sigmoid(a), ds/da = s * (1 - s), "
    "not 1 - s**2": dict(sigmoid_slope="tanh"),
    "gate blocks in the wrong order: the gradient of the pre-activations was "
    "assembled as i, f, o, c (Keras uses i, f, c, o)": dict(da_order="ifoc"),
    "dc_prev is missing the forget gate: dc_prev = dc * f": dict(forget_in_dc_prev=False),
}


def lstm_backward_variant(dh_next, dc_next, x, h, c, W, U, b, dh_to_dc=True,
                          sigmoid_slope="sigmoid", da_order="ifco", forget_in_dc_prev=True):
    """(dx_t, dh_prev, dc_prev, dW, dU, db) of one LSTM step, with mistakes switchable."""
    H = h.shape[1]
    a = x @ W + h @ U + b
    i, f = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H])
    g, o = np.tanh(a[:, 2 * H:3 * H]), sigmoid(a[:, 3 * H:])
    tanh_c = np.tanh(f * c + i * g)
    dc = dc_next + (dh_next * o * (1 - tanh_c ** 2) if dh_to_dc else 0)

    def slope(s):
        return 1 - s ** 2 if sigmoid_slope == "tanh" else s * (1 - s)
    blocks = {"i": dc * g * slope(i), "f": dc * c * slope(f), "c": dc * i * (1 - g ** 2),
              "o": dh_next * tanh_c * slope(o)}
    da = np.concatenate([blocks[k] for k in da_order], axis=1)
    return (da @ W.T, da @ U.T, dc * f if forget_in_dc_prev else dc, x.T @ da, h.T @ da,
            da.sum(axis=0))


def lstm_backward_likely(dh_next, dc_next, x, h, c, W, U, b, output):
    """{mistake: gradient number ``output`` as that mistake computes it}, where it differs."""
    right = ref.lstm_cell_backward(dh_next, dc_next, x, h, c, W, U, b)[output]
    likely = {}
    for msg, kw in LSTM_BACKWARD_MISTAKES.items():
        wrong = lstm_backward_variant(dh_next, dc_next, x, h, c, W, U, b, **kw)[output]
        if not np.allclose(wrong, right, atol=1e-9, rtol=0):
            likely[msg] = wrong
    return likely
