"""Known mistakes in rnn_variants_overview: the value each one produces, and its name.

A function here takes the inputs a check chose and returns ``{mistake: value}``: what
an answer with that mistake would return on them, keyed by the words a failing check
uses to name the mistake. The public checks import it (``from diagnoses import ...``)
and so does the autograder, so a mistake has the same name in your self-check and in
your feedback. NumPy only.
"""
import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def unambiguous(likely, right=None):
    """The mistakes whose value no other mistake shares, nor the right answer: on some
    inputs two mistakes give the same value, and then neither is named."""
    def same(a, b):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        return a.shape == b.shape and np.allclose(a, b, atol=1e-6, rtol=1e-5)
    values = list(likely.values())
    return {why: v for why, v in likely.items()
            if sum(same(v, w) for w in values) == 1 and (right is None or not same(v, right))}


# ------------------------------------------------------- bidirectional_rnn_forward
def tanh_rnn(x, h, Wx, Wh, b):
    """All states (N, T, H) of the tanh RNN h = tanh(x_t Wx + h Wh + b) from h."""
    out = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        out.append(h)
    return np.stack(out, axis=1)


def merge(fwd, bwd, mode):
    return {"concat": lambda: np.concatenate([fwd, bwd], -1), "sum": lambda: fwd + bwd,
            "mul": lambda: fwd * bwd, "ave": lambda: (fwd + bwd) / 2}[mode]()


def bidirectional_mistakes(x, hf, hb, pf, pb, mode="concat"):
    """The output for merge_mode=mode as common mistakes compute it."""
    fwd = tanh_rnn(x, hf, *pf)
    bwd_reversed = tanh_rnn(x[:, ::-1], hb, *pb)
    bwd = bwd_reversed[:, ::-1]
    likely = {
        "the backward outputs are not re-aligned in time (reverse them again after the "
        "backward pass)": merge(fwd, bwd_reversed, mode),
        "the backward RNN reads the sequence forwards (run it on x[:, ::-1])":
            merge(fwd, tanh_rnn(x, hb, *pb), mode),
        "the backward RNN reads x forwards and its outputs are then reversed":
            merge(fwd, tanh_rnn(x, hb, *pb)[:, ::-1], mode),
        "the forward and backward parameters are swapped":
            merge(tanh_rnn(x, hf, *pb), tanh_rnn(x[:, ::-1], hb, *pf)[:, ::-1], mode),
        "h0_fwd and h0_bwd are swapped":
            merge(tanh_rnn(x, hb, *pf), tanh_rnn(x[:, ::-1], hf, *pb)[:, ::-1], mode),
        "the initial states are ignored (zeros used)":
            merge(tanh_rnn(x, 0 * hf, *pf), tanh_rnn(x[:, ::-1], 0 * hb, *pb)[:, ::-1], mode),
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


# --------------------------------------------------------------- lstm_cell_forward
def lstm_step(x, h, c, W, U, b, order="ifco", cell_tanh=True, cand="tanh", use_u=True,
              bias=True):
    """(h_next, c_next) of one LSTM step (Keras layout), with common mistakes switchable."""
    H = h.shape[1]
    a = x @ W + (h @ U if use_u else 0) + (b if bias else 0)
    blocks = {k: a[:, j * H:(j + 1) * H] for j, k in enumerate(order)}
    i, f, o = sigmoid(blocks["i"]), sigmoid(blocks["f"]), sigmoid(blocks["o"])
    g = np.tanh(blocks["c"]) if cand == "tanh" else sigmoid(blocks["c"])
    c_next = f * c + i * g
    return o * (np.tanh(c_next) if cell_tanh else c_next), c_next


LSTM_CELL_MISTAKES = {
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


def lstm_cell_mistakes(args, output):
    """h_next (output 0) or c_next (output 1) of (x_t, h_prev, c_prev, W, U, b) as
    common mistakes compute it."""
    return {why: lstm_step(*args, **kw)[output] for why, kw in LSTM_CELL_MISTAKES.items()}


# -------------------------------------------------------------------- lstm_forward
def lstm_sequence(x, h0, c0, W, U, b, carry_h=True, carry_c=True, zero_h0=False,
                  zero_c0=False, **step_kw):
    """(h, c), each (N, T, H), with common mistakes switchable."""
    h0 = 0 * h0 if zero_h0 else h0
    c0 = 0 * c0 if zero_c0 else c0
    hs, cs, h, c = [], [], h0, c0
    for t in range(x.shape[1]):
        h, c = lstm_step(x[:, t], h if carry_h else h0, c if carry_c else c0, W, U, b,
                         **step_kw)
        hs.append(h)
        cs.append(c)
    return np.stack(hs, 1), np.stack(cs, 1)


LSTM_FORWARD_MISTAKES = {
    "the cell state is not carried: every step starts from c0": dict(carry_c=False),
    "the hidden state is not carried: every step starts from h0": dict(carry_h=False),
    "the states are not carried between steps": dict(carry_h=False, carry_c=False),
    "h0 is ignored (zeros used)": dict(zero_h0=True),
    "c0 is ignored (zeros used)": dict(zero_c0=True),
    **LSTM_CELL_MISTAKES,  # the step itself written inside lstm_forward
}


def lstm_forward_mistakes(args, output):
    """h (output 0) or c (output 1) of (x, h0, c0, W, U, b) as common mistakes compute
    them."""
    likely = {why: lstm_sequence(*args, **kw)[output] for why, kw in LSTM_FORWARD_MISTAKES.items()}
    h, c = lstm_sequence(*args)
    if output == 1:
        likely["c holds the hidden states h instead of the cell states"] = h
    else:
        likely["h holds the cell states c instead of the hidden states"] = c
    return likely


# -------------------------------------------------------------- lstm_cell_backward
NO_DH_TO_DC = ("the gradient from h_next into the cell state is missing: "
               "dc = dc_next + dh_next * o * (1 - tanh(c_next)**2), not dc_next alone")
SIGMOID_AS_TANH = ("wrong sigmoid derivative: for a gate s = sigmoid(a), ds/da = s * (1 - s), "
                   "not 1 - s**2")
BLOCK_ORDER = ("gate blocks in the wrong order: the gradient of the pre-activations was "
               "assembled as i, f, o, c (Keras uses i, f, c, o)")
NO_FORGET = "dc_prev is missing the forget gate: dc_prev = dc * f"
TANH_TWICE_G = ("tanh applied twice in the candidate's derivative: g is already tanh(a_c), "
                "so dg/da_c = 1 - g**2, not 1 - tanh(g)**2")
TANH_TWICE_C = ("tanh applied twice in the cell state's derivative: with tanh_c = "
                "tanh(c_next), d tanh_c / dc = 1 - tanh_c**2, not 1 - tanh(tanh_c)**2")
TANH_TWICE_BOTH = ("tanh applied twice in both tanh derivatives: g and tanh_c are already "
                   "tanh values, so use 1 - g**2 and 1 - tanh_c**2, not 1 - tanh(g)**2 and "
                   "1 - tanh(tanh_c)**2")
EPS = 1e-6


def numeric(loss, value):
    """Centred differences of the number loss(value) for every entry of value."""
    value = np.asarray(value, dtype=float)
    grad = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        step = np.zeros_like(value)
        step[index] = EPS
        grad[index] = (loss(value + step) - loss(value - step)) / (2 * EPS)
    return grad


def lstm_states(a, c_prev, gate=None, candidate=np.tanh, squash=np.tanh):
    """(h_next, c_next) from the pre-activations a (N, 4H), blocks i, f, c, o:
    h_next = o * squash(c_next), c_next = f * c_prev + i * candidate(a_c)."""
    H = c_prev.shape[1]
    gate = gate or (lambda z, block: sigmoid(z))
    i, f, o = gate(a[:, :H], 0), gate(a[:, H:2 * H], 1), gate(a[:, 3 * H:], 3)
    c_next = f * c_prev + i * candidate(a[:, 2 * H:3 * H])
    return o * squash(c_next), c_next


def lstm_step_gradients(dh, dc, args):
    """Finite-difference gradients (dx_t, dh_prev, dc_prev, dW, dU, db) of
    sum(dh * h_next) + sum(dc * c_next) for one LSTM step on args (x_t, ..., b)."""
    def loss(k, value):
        changed = list(args)
        changed[k] = value
        x, h, c, W, U, b = changed
        h_next, c_next = lstm_states(x @ W + h @ U + b, c)
        return float(np.sum(dh * h_next) + np.sum(dc * c_next))
    return [numeric(lambda v, k=k: loss(k, v), arg) for k, arg in enumerate(args)]


def lstm_cell_backward_mistakes(dh, dc, args):
    """For each gradient k of (dx_t, dh_prev, dc_prev, dW, dU, db): {mistake: the value
    that mistake gives}. Each mistaken backward pass is the exact gradient of a changed
    step (a slope replaced around the point of evaluation), differentiated numerically."""
    x, h, c, W, U, b = args
    H = h.shape[1]
    a0 = x @ W + h @ U + b
    s0 = sigmoid(a0)
    g0 = np.tanh(a0[:, 2 * H:3 * H])
    c0 = lstm_states(a0, c)[1]

    def pre_grads(**kw):  # (d loss / d a, d loss / d c_prev) of a changed step
        def loss(a, c_prev):
            h_next, c_next = lstm_states(a, c_prev, **kw)
            return float(np.sum(dh * h_next) + np.sum(dc * c_next))
        return numeric(lambda a: loss(a, c), a0), numeric(lambda cp: loss(a0, cp), c)

    def linear(da):  # dx_t, dh_prev, dW, dU, db given the gradient of the pre-activations
        return {0: da @ W.T, 1: da @ U.T, 3: x.T @ da, 4: h.T @ da, 5: da.sum(axis=0)}

    def tanh_like(z, block):  # sigmoid's value, with the slope 1 - s**2 of the mistake
        s = s0[:, block * H:(block + 1) * H]
        return s + (1 - s ** 2) * (z - a0[:, block * H:(block + 1) * H])

    def candidate_twice(z):  # tanh's value, with the slope 1 - tanh(g)**2 of the mistake
        return g0 + (1 - np.tanh(g0) ** 2) * (z - a0[:, 2 * H:3 * H])

    def squash_twice(cn):  # tanh(c_next), with the slope 1 - tanh(tanh(c_next))**2
        return np.tanh(c0) + (1 - np.tanh(np.tanh(c0)) ** 2) * (cn - c0)

    def both(**kw):
        da, dc_prev = pre_grads(**kw)
        return {**linear(da), 2: dc_prev}

    da, dc_prev = pre_grads()
    swapped = np.concatenate([da[:, :2 * H], da[:, 3 * H:], da[:, 2 * H:3 * H]], axis=1)
    variants = {
        NO_DH_TO_DC: both(squash=lambda cn: np.tanh(c0)),
        SIGMOID_AS_TANH: linear(pre_grads(gate=tanh_like)[0]),
        BLOCK_ORDER: linear(swapped),
        NO_FORGET: {2: dc_prev / sigmoid(a0[:, H:2 * H])},
        TANH_TWICE_G: linear(pre_grads(candidate=candidate_twice)[0]),
        TANH_TWICE_C: both(squash=squash_twice),
        TANH_TWICE_BOTH: both(candidate=candidate_twice, squash=squash_twice),
    }
    right = {**linear(da), 2: dc_prev}
    return [unambiguous({why: grads[k] for why, grads in variants.items() if k in grads},
                        right[k]) for k in range(6)]


# ---------------------------------------------------------------- gru_cell_forward
def gru_step(x, h, W, U, b, reset_after=True, textbook=False, order="zrh", reset_before=False,
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
        z = sigmoid(xp[:, :H] + hp[:, :H])
        r = 1.0 if no_reset else sigmoid(xp[:, H:2 * H] + hp[:, H:2 * H])
        if reset_before:
            cand = np.tanh(xp[:, 2 * H:] + (r * h) @ U[:, 2 * H:] + bh[2 * H:])
        else:
            cand = np.tanh(xp[:, 2 * H:] + r * hp[:, 2 * H:])
    else:
        xp = x @ W + (blocks(b) if input_bias else 0 * b)
        z = sigmoid(xp[:, :H] + h @ U[:, :H])
        r = 1.0 if no_reset else sigmoid(xp[:, H:2 * H] + h @ U[:, H:2 * H])
        if reset_after_in_v1:
            cand = np.tanh(xp[:, 2 * H:] + r * (h @ U[:, 2 * H:]))
        else:
            cand = np.tanh(xp[:, 2 * H:] + (r * h) @ U[:, 2 * H:])
    return (1 - z) * h + z * cand if textbook else z * h + (1 - z) * cand


def gru_mistake_switches(reset_after):
    """{mistake: the switches of gru_step that make it}, for one convention."""
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


AND_TEXTBOOK = " (and the textbook update)"


def gru_cell_mistakes(x, h, W, U, b, reset_after):
    """h_next as common mistakes compute it (alone, and with the textbook update)."""
    switches = gru_mistake_switches(reset_after)
    likely = {why: gru_step(x, h, W, U, b, reset_after, **kw) for why, kw in switches.items()}
    for why, kw in switches.items():
        if "order" not in kw and "textbook" not in kw:
            likely[why + AND_TEXTBOOK] = gru_step(x, h, W, U, b, reset_after, textbook=True,
                                                  **kw)
    if reset_after:
        likely["reset_after is ignored: the reset_after=False formula was used"] = \
            gru_step(x, h, W, U, b, True, reset_before=True, rec_bias=False)
    return unambiguous(likely, gru_step(x, h, W, U, b, reset_after))


# --------------------------------------------------------------------- gru_forward
def gru_sequence(x, h0, step, carry=True):
    """All states (N, T, H) of h = step(x_t, h) from h0 (from h0 at every step if not carry)."""
    h, out = h0, []
    for t in range(x.shape[1]):
        h = step(x[:, t], h if carry else h0)
        out.append(h)
    return np.stack(out, axis=1)


def gru_forward_mistakes(x, h0, W, U, b, reset_after):
    """All states as common mistakes compute them."""
    def step(**kw):
        return lambda xt, h: gru_step(xt, h, W, U, b, reset_after, **kw)
    likely = {
        "the state is not carried: every step starts from h0":
            gru_sequence(x, h0, step(), carry=False),
        "h0 is ignored (zeros used)": gru_sequence(x, 0 * h0, step()),
    }
    for why, kw in gru_mistake_switches(reset_after).items():  # the step inside gru_forward
        likely[why] = gru_sequence(x, h0, step(**kw))
    if not reset_after:  # the default reset_after=True on a bias of shape (3H,)
        likely["reset_after is not passed on to gru_cell_forward (its default True was "
               "used)"] = gru_sequence(x, h0, lambda xt, h: gru_step(
                   xt, h, W, U, np.stack([np.full(b.shape, b[0]), np.full(b.shape, b[1])]),
                   True))
    return likely


# ---------------------------------------------------------------- count_rnn_params
BLOCKS = {"simple_rnn": 1, "gru": 3, "lstm": 4}


def count_mistakes(cell, D, H, bidirectional=False, reset_after=True):
    """The parameter count as common mistakes compute it (only the counts no other
    mistake, nor the right answer, shares: then the count names its mistake)."""
    k = BLOCKS[cell]
    two = 2 if bidirectional else 1
    rows = cell == "gru" and reset_after  # the GRU's second (recurrent) bias row

    def count(blocks, inputs=D, recurrent=True, bias=True, extra_row=rows):
        block = inputs * H + (H * H if recurrent else 0) + (H if bias else 0)
        return blocks * block + (blocks * H if extra_row and bias else 0)
    out = {}
    if bidirectional:
        out["a Bidirectional layer holds two copies: double the count"] = count(k)
    if cell == "gru" and reset_after:
        out["reset_after=True has two bias rows (2, 3H): add 3H"] = two * count(k, extra_row=False)
    if cell == "gru" and not reset_after:
        out["reset_after=False has a single bias row (3H,)"] = two * count(k, extra_row=True)
    if cell == "gru":
        out["a GRU has 3 blocks (z, r, h)"] = two * count(4)
    if cell == "lstm":
        out["an LSTM has 4 blocks (i, f, c, o)"] = two * count(3)
    out["the recurrent weights (H * H per block) are missing"] = two * count(k, recurrent=False)
    out["the bias (H per block) is missing"] = two * count(k, bias=False)
    out["the input weights are counted as H * H instead of D * H"] = two * count(k, inputs=H)
    right = two * count(k)
    values = list(out.values())
    return {why: v for why, v in out.items() if values.count(v) == 1 and v != right}


def named_count(cell, D, H, got, bidirectional=False, reset_after=True):
    """The mistake that gives the count ``got``, or None."""
    return next((why for why, wrong in count_mistakes(cell, D, H, bidirectional,
                                                      reset_after).items() if got == wrong), None)
