"""Correct answers in other students' styles for rnn_variants_overview (see
authoring/styles/__init__.py). The setup cell provides ``np`` and ``sigmoid``."""

BIDIRECTIONAL_HELPER = r'''def _tanh_rnn_states(seq, h, Wx, Wh, b):
    """All hidden states of a plain tanh RNN over seq (N, T, D)."""
    N, T, _ = seq.shape
    out = np.zeros((N, T, h.shape[1]))
    for t in range(T):
        h = np.tanh(np.dot(seq[:, t], Wx) + np.dot(h, Wh) + b)
        out[:, t] = h
    return out


def bidirectional_rnn_forward(x, h0_fwd, h0_bwd, params_fwd, params_bwd, merge_mode="concat"):
    """Bidirectional tanh RNN over a whole sequence.

    x (N, T, D); h0_fwd, h0_bwd (N, H); params_* = (Wx (D, H), Wh (H, H), b (H,)).
    The backward RNN reads x from the last step to the first; its outputs are put
    back in the original time order before merging. merge_mode: "concat" (forward
    first, (N, T, 2H)), "sum", "mul" or "ave" ((N, T, H)); ValueError otherwise.
    """
    merges = {
        "concat": lambda a, c: np.concatenate((a, c), axis=2),
        "sum": lambda a, c: a + c,
        "mul": lambda a, c: a * c,
        "ave": lambda a, c: 0.5 * (a + c),
    }
    if merge_mode not in merges:
        raise ValueError(f"unknown merge_mode {merge_mode!r}")
    forward = _tanh_rnn_states(x, h0_fwd, *params_fwd)
    # run on the time-reversed input, then flip the result back
    backward = np.flip(_tanh_rnn_states(np.flip(x, axis=1), h0_bwd, *params_bwd), axis=1)
    return merges[merge_mode](forward, backward)
'''

BIDIRECTIONAL_TWO_LOOPS = r'''def bidirectional_rnn_forward(x, h0_fwd, h0_bwd, params_fwd, params_bwd, merge_mode="concat"):
    """Bidirectional tanh RNN over a whole sequence.

    x (N, T, D); h0_fwd, h0_bwd (N, H); params_* = (Wx (D, H), Wh (H, H), b (H,)).
    The backward RNN reads x from the last step to the first; its outputs are put
    back in the original time order before merging. merge_mode: "concat" (forward
    first, (N, T, 2H)), "sum", "mul" or "ave" ((N, T, H)); ValueError otherwise.
    """
    Wx_f, Wh_f, b_f = params_fwd
    Wx_b, Wh_b, b_b = params_bwd
    N, T, _ = x.shape
    fwd = np.empty((N, T, h0_fwd.shape[1]))
    bwd = np.empty((N, T, h0_bwd.shape[1]))

    h = h0_fwd                   # updated in place: h0_fwd is not needed afterwards
    for t in range(T):
        h[...] = np.tanh(x[:, t, :] @ Wx_f + h @ Wh_f + b_f)
        fwd[:, t, :] = h

    # backward direction: walk t = T-1 ... 0 and store at the same t
    h = h0_bwd
    for t in reversed(range(T)):
        h[...] = np.tanh(x[:, t, :] @ Wx_b + h @ Wh_b + b_b)
        bwd[:, t, :] = h

    if merge_mode == "concat":
        return np.concatenate([fwd, bwd], axis=-1)
    elif merge_mode == "sum":
        return fwd + bwd
    elif merge_mode == "mul":
        return fwd * bwd
    elif merge_mode == "ave":
        return (fwd + bwd) / 2.0
    raise ValueError("merge_mode should be one of concat, sum, mul, ave")
'''

LSTM_CELL_FORWARD_SPLIT = r'''def lstm_cell_forward(x_t, h_prev, c_prev, W, U, b):
    """One LSTM step with Keras's weight layout (gate blocks i, f, c, o).

    x_t (N, D), h_prev (N, H), c_prev (N, H), W (D, 4H), U (H, 4H), b (4H,).
    Returns h_next (N, H) and c_next (N, H).
    """
    z = np.dot(x_t, W) + np.dot(h_prev, U) + b
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=1)    # Keras order: i, f, c, o
    i, f, o = sigmoid(z_i), sigmoid(z_f), sigmoid(z_o)
    c_next = f * c_prev + i * np.tanh(z_c)
    h_next = o * np.tanh(c_next)
    return h_next, c_next
'''

LSTM_CELL_FORWARD_EINSUM = r'''def lstm_cell_forward(x_t, h_prev, c_prev, W, U, b):
    """One LSTM step with Keras's weight layout (gate blocks i, f, c, o).

    x_t (N, D), h_prev (N, H), c_prev (N, H), W (D, 4H), U (H, 4H), b (4H,).
    Returns h_next (N, H) and c_next (N, H).
    """
    def logistic(v):
        # 1 / (1 + e^-v) without overflow: exp(-log(1 + e^-v))
        return np.exp(-np.logaddexp(0.0, -v))

    H = U.shape[0]
    act = np.einsum("nd,dk->nk", x_t, W) + np.einsum("nh,hk->nk", h_prev, U) + b
    in_gate = logistic(act[:, 0:H])
    forget_gate = logistic(act[:, H:2 * H])
    candidate = np.tanh(act[:, 2 * H:3 * H])
    out_gate = logistic(act[:, 3 * H:4 * H])
    c_next = forget_gate * c_prev + in_gate * candidate
    return out_gate * np.tanh(c_next), c_next
'''

LSTM_CELL_BACKWARD_SPLIT = r'''def lstm_cell_backward(dh_next, dc_next, x_t, h_prev, c_prev, W, U, b):
    """Gradients through one LSTM step (Keras layout, gate blocks i, f, c, o).

    dh_next, dc_next (N, H): upstream gradients on h_next and c_next. The step is
    recomputed from x_t (N, D), h_prev (N, H), c_prev (N, H), W (D, 4H), U (H, 4H),
    b (4H,). Returns dx_t, dh_prev, dc_prev, dW, dU, db, each shaped like its variable.
    """
    # forward again
    pre = x_t @ W + h_prev @ U + b
    a_i, a_f, a_g, a_o = np.split(pre, 4, axis=1)
    i, f, g, o = sigmoid(a_i), sigmoid(a_f), np.tanh(a_g), sigmoid(a_o)
    c = f * c_prev + i * g
    tc = np.tanh(c)

    # total gradient on c: directly, and through h = o * tanh(c)
    dc_next += dh_next * o * (1 - tc * tc)
    dc = dc_next
    d_ai = dc * g * i * (1 - i)
    d_af = dc * c_prev * f * (1 - f)
    d_ag = dc * i * (1 - g * g)
    d_ao = dh_next * tc * o * (1 - o)
    dpre = np.hstack([d_ai, d_af, d_ag, d_ao])

    return (dpre @ W.T, dpre @ U.T, dc * f,
            x_t.T @ dpre, h_prev.T @ dpre, dpre.sum(axis=0))
'''

LSTM_CELL_BACKWARD_DICT = r'''def lstm_cell_backward(dh_next, dc_next, x_t, h_prev, c_prev, W, U, b):
    """Gradients through one LSTM step (Keras layout, gate blocks i, f, c, o).

    dh_next, dc_next (N, H): upstream gradients on h_next and c_next. The step is
    recomputed from x_t (N, D), h_prev (N, H), c_prev (N, H), W (D, 4H), U (H, 4H),
    b (4H,). Returns dx_t, dh_prev, dc_prev, dW, dU, db, each shaped like its variable.
    """
    H = h_prev.shape[1]
    block = {name: slice(k * H, (k + 1) * H) for k, name in enumerate("ifco")}
    pre = np.einsum("nd,dk->nk", x_t, W) + np.einsum("nh,hk->nk", h_prev, U) + b
    gate = {name: sigmoid(pre[:, block[name]]) for name in "ifo"}
    cand = np.tanh(pre[:, block["c"]])
    c_next = gate["f"] * c_prev + gate["i"] * cand
    tanh_c = np.tanh(c_next)

    dc_total = dc_next + dh_next * gate["o"] * (1.0 - tanh_c ** 2)
    dpre = np.empty_like(pre)
    dpre[:, block["i"]] = dc_total * cand * gate["i"] * (1.0 - gate["i"])
    dpre[:, block["f"]] = dc_total * c_prev * gate["f"] * (1.0 - gate["f"])
    dpre[:, block["c"]] = dc_total * gate["i"] * (1.0 - cand ** 2)
    dh_next *= tanh_c                 # now the gradient on the output gate
    dpre[:, block["o"]] = dh_next * gate["o"] * (1.0 - gate["o"])

    dx_t = np.einsum("nk,dk->nd", dpre, W)
    dh_prev = np.einsum("nk,hk->nh", dpre, U)
    dc_prev = dc_total * gate["f"]
    dW = np.einsum("nd,nk->dk", x_t, dpre)
    dU = np.einsum("nh,nk->hk", h_prev, dpre)
    db = dpre.sum(axis=0)
    return dx_t, dh_prev, dc_prev, dW, dU, db
'''

LSTM_FORWARD_STACK = r'''def lstm_forward(x, h0, c0, W, U, b):
    """Run the LSTM over a sequence.

    x (N, T, D), h0 (N, H), c0 (N, H). Returns h (N, T, H) and c (N, T, H): the
    hidden and cell states after every step.
    """
    hs, cs = [], []
    h_t, c_t = h0, c0
    for t in range(x.shape[1]):
        h_t, c_t = lstm_cell_forward(x[:, t, :], h_t, c_t, W, U, b)
        hs.append(h_t)
        cs.append(c_t)
    return np.stack(hs, axis=1), np.stack(cs, axis=1)
'''

LSTM_FORWARD_INLINE = r'''def lstm_forward(x, h0, c0, W, U, b):
    """Run the LSTM over a sequence.

    x (N, T, D), h0 (N, H), c0 (N, H). Returns h (N, T, H) and c (N, T, H): the
    hidden and cell states after every step.
    """
    N, T, _ = x.shape
    H = U.shape[0]
    h_all = np.zeros((T, N, H))
    c_all = np.zeros((T, N, H))
    h, c = h0, c0
    for t in range(T):
        gates = x[:, t] @ W + h @ U + b
        i = sigmoid(gates[:, :H])
        f = sigmoid(gates[:, H:2 * H])
        g = np.tanh(gates[:, 2 * H:3 * H])
        o = sigmoid(gates[:, 3 * H:])
        c *= f
        c += i * g
        h = o * np.tanh(c)
        h_all[t], c_all[t] = h, c
    # time-major -> batch-major
    return h_all.transpose(1, 0, 2), c_all.transpose(1, 0, 2)
'''

GRU_CELL_FORWARD_SPLIT = r'''def gru_cell_forward(x_t, h_prev, W, U, b, reset_after=True):
    """One GRU step with Keras's weight layout (gate blocks z, r, h).

    x_t (N, D), h_prev (N, H), W (D, 3H), U (H, 3H); b (2, 3H) [input bias row,
    recurrent bias row] if reset_after, else (3H,). Returns h_next (N, H), with
    h_next = z * h_prev + (1 - z) * h_candidate.
    """
    W_z, W_r, W_h = np.split(W, 3, axis=1)
    U_z, U_r, U_h = np.split(U, 3, axis=1)
    if reset_after:
        bx_z, bx_r, bx_h = np.split(b[0], 3)     # input bias
        bh_z, bh_r, bh_h = np.split(b[1], 3)     # recurrent bias
        z = sigmoid(x_t @ W_z + bx_z + h_prev @ U_z + bh_z)
        r = sigmoid(x_t @ W_r + bx_r + h_prev @ U_r + bh_r)
        h_tilde = np.tanh(x_t @ W_h + bx_h + r * (h_prev @ U_h + bh_h))
    else:
        b_z, b_r, b_h = np.split(b, 3)
        z = sigmoid(x_t @ W_z + h_prev @ U_z + b_z)
        r = sigmoid(x_t @ W_r + h_prev @ U_r + b_r)
        h_tilde = np.tanh(x_t @ W_h + (r * h_prev) @ U_h + b_h)
    return z * h_prev + (1.0 - z) * h_tilde
'''

GRU_CELL_FORWARD_EINSUM = r'''def gru_cell_forward(x_t, h_prev, W, U, b, reset_after=True):
    """One GRU step with Keras's weight layout (gate blocks z, r, h).

    x_t (N, D), h_prev (N, H), W (D, 3H), U (H, 3H); b (2, 3H) [input bias row,
    recurrent bias row] if reset_after, else (3H,). Returns h_next (N, H), with
    h_next = z * h_prev + (1 - z) * h_candidate.
    """
    H = U.shape[0]
    xw = np.einsum("nd,dk->nk", x_t, W)
    if reset_after:
        xw = xw + b[0]
        hu = np.einsum("nh,hk->nk", h_prev, U) + b[1]
        z = sigmoid(xw[:, :H] + hu[:, :H])
        r = sigmoid(xw[:, H:2 * H] + hu[:, H:2 * H])
        cand = np.tanh(xw[:, 2 * H:] + r * hu[:, 2 * H:])
    else:
        xw = xw + b
        hu_gates = np.einsum("nh,hk->nk", h_prev, U[:, :2 * H])
        z = sigmoid(xw[:, :H] + hu_gates[:, :H])
        r = sigmoid(xw[:, H:2 * H] + hu_gates[:, H:])
        # reset applied to h_prev before the recurrent product
        cand = np.tanh(xw[:, 2 * H:] + np.einsum("nh,hk->nk", r * h_prev, U[:, 2 * H:]))
    # same as z * h_prev + (1 - z) * cand
    return cand + z * (h_prev - cand)
'''

GRU_FORWARD_STACK = r'''def gru_forward(x, h0, W, U, b, reset_after=True):
    """Run the GRU over a sequence. x (N, T, D), h0 (N, H). Returns h (N, T, H)."""
    states = []
    h = h0
    for t in range(x.shape[1]):
        h = gru_cell_forward(x[:, t, :], h, W, U, b, reset_after)
        states.append(h)
    return np.stack(states, axis=1)
'''

GRU_FORWARD_PARTIAL = r'''import functools


def gru_forward(x, h0, W, U, b, reset_after=True):
    """Run the GRU over a sequence. x (N, T, D), h0 (N, H). Returns h (N, T, H)."""
    step = functools.partial(gru_cell_forward, W=W, U=U, b=b, reset_after=reset_after)
    out = np.empty((x.shape[1],) + h0.shape)     # (T, N, H)
    h_t = h0
    for t, x_t in enumerate(np.swapaxes(x, 0, 1)):
        h_t = step(x_t, h_t)
        out[t] = h_t
    return np.swapaxes(out, 0, 1)
'''

COUNT_RNN_PARAMS_IF = r'''def count_rnn_params(cell, input_dim, units, bidirectional=False, reset_after=True):
    """Parameters of a Keras SimpleRNN / LSTM / GRU layer (optionally Bidirectional).

    cell: "simple_rnn", "lstm" or "gru" (ValueError otherwise). Returns an int equal
    to the built Keras layer's count_params().
    """
    if cell == "simple_rnn":
        gates = 1
    elif cell == "lstm":
        gates = 4
    elif cell == "gru":
        gates = 3
    else:
        raise ValueError("cell has to be simple_rnn, lstm or gru")
    weights = gates * units * (input_dim + units)
    # GRU with reset_after keeps two bias vectors
    bias_rows = 2 if (cell == "gru" and reset_after) else 1
    total = weights + bias_rows * gates * units
    if bidirectional:
        total *= 2
    return int(total)
'''

COUNT_RNN_PARAMS_TABLE = r'''def count_rnn_params(cell, input_dim, units, bidirectional=False, reset_after=True):
    """Parameters of a Keras SimpleRNN / LSTM / GRU layer (optionally Bidirectional).

    cell: "simple_rnn", "lstm" or "gru" (ValueError otherwise). Returns an int equal
    to the built Keras layer's count_params().
    """
    n_blocks = {"simple_rnn": 1, "lstm": 4, "gru": 3}
    try:
        k = n_blocks[cell]
    except KeyError:
        raise ValueError(f"unknown cell type: {cell}") from None
    kernel = input_dim * k * units
    recurrent_kernel = units * k * units
    bias = k * units * (2 if cell == "gru" and reset_after else 1)
    directions = 2 if bidirectional else 1
    return directions * (kernel + recurrent_kernel + bias)
'''

BUILD_RECURRENT_CLASSIFIER_LIST = r'''def build_recurrent_classifier(cell, input_dim, units, num_classes, bidirectional=False):
    """A compiled many-to-one classifier: (None, None, input_dim) -> softmax (None, num_classes).

    cell: "simple_rnn", "lstm" or "gru" (ValueError otherwise); optionally wrapped in
    keras.layers.Bidirectional. Adam(0.01, clipnorm=1.0), sparse categorical
    cross-entropy, accuracy metric.
    """
    import keras
    from keras import layers
    rnn_classes = {"simple_rnn": layers.SimpleRNN, "lstm": layers.LSTM, "gru": layers.GRU}
    if cell not in rnn_classes:
        raise ValueError(f"cell must be simple_rnn, lstm or gru, not {cell!r}")

    rnn = rnn_classes[cell](units, name=f"{cell}_encoder")
    if bidirectional:
        rnn = layers.Bidirectional(rnn, name="bidirectional_encoder")
    model = keras.Sequential(
        [keras.Input(shape=(None, input_dim), name="sequence"),
         rnn,
         layers.Dense(num_classes, activation="softmax", name="class_probs")],
        name="recurrent_classifier")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2, clipnorm=1.0),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=["accuracy"])
    return model
'''

BUILD_RECURRENT_CLASSIFIER_ADD = r'''def build_recurrent_classifier(cell, input_dim, units, num_classes, bidirectional=False):
    """A compiled many-to-one classifier: (None, None, input_dim) -> softmax (None, num_classes).

    cell: "simple_rnn", "lstm" or "gru" (ValueError otherwise); optionally wrapped in
    keras.layers.Bidirectional. Adam(0.01, clipnorm=1.0), sparse categorical
    cross-entropy, accuracy metric.
    """
    import keras
    if cell == "lstm":
        core = keras.layers.LSTM(units)
    elif cell == "gru":
        core = keras.layers.GRU(units)
    elif cell == "simple_rnn":
        core = keras.layers.SimpleRNN(units)
    else:
        raise ValueError("unsupported cell: " + str(cell))

    model = keras.Sequential()
    model.add(keras.layers.Input(shape=(None, input_dim)))
    model.add(keras.layers.Bidirectional(core, merge_mode="concat") if bidirectional else core)
    model.add(keras.layers.Dense(num_classes, activation="softmax"))
    opt = keras.optimizers.Adam(0.01, clipnorm=1.0)
    model.compile(optimizer=opt, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
'''

MAKE_RECALL_TASK_LOOP = r'''def make_recall_task(n, T, rng, num_symbols=2, noise=3.0):
    """Recall-the-first-symbol data set.

    Returns X (n, T, num_symbols + 1) float and y (n,) int: step 0 holds the one-hot
    label and the marker (last channel) 1; steps 1..T-1 hold Gaussian noise of
    standard deviation `noise` in the symbol channels and 0 in the marker channel.
    All randomness comes from rng. ValueError if n < 1, T < 1 or num_symbols < 2.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    if T < 1:
        raise ValueError("T must be at least 1")
    if num_symbols < 2:
        raise ValueError("need at least 2 symbols")
    labels = rng.integers(num_symbols, size=n)
    X = np.zeros((n, T, num_symbols + 1))
    for k in range(n):
        X[k, 0, labels[k]] = 1.0
        X[k, 0, -1] = 1.0            # marker: "remember this step"
        if T > 1:
            X[k, 1:, :num_symbols] = rng.normal(0.0, noise, size=(T - 1, num_symbols))
    return X, labels
'''

MAKE_RECALL_TASK_CONCAT = r'''def make_recall_task(n, T, rng, num_symbols=2, noise=3.0):
    """Recall-the-first-symbol data set.

    Returns X (n, T, num_symbols + 1) float and y (n,) int: step 0 holds the one-hot
    label and the marker (last channel) 1; steps 1..T-1 hold Gaussian noise of
    standard deviation `noise` in the symbol channels and 0 in the marker channel.
    All randomness comes from rng. ValueError if n < 1, T < 1 or num_symbols < 2.
    """
    if min(n, T) < 1 or num_symbols < 2:
        raise ValueError(f"bad arguments n={n}, T={T}, num_symbols={num_symbols}")
    y = rng.choice(num_symbols, size=n)
    first = np.hstack([np.eye(num_symbols)[y], np.ones((n, 1))])           # (n, K+1)
    later = np.concatenate([noise * rng.standard_normal((n, T - 1, num_symbols)),
                            np.zeros((n, T - 1, 1))], axis=2)              # (n, T-1, K+1)
    X = np.concatenate([first[:, None, :], later], axis=1)
    return X, y
'''

VARIANT_QUIZ_ZIP = r'''def variant_quiz():
    """Your answers to q1..q8: a dict {"q1": "a", ...} with one letter (a-d) each."""
    letters = "cbcaabcb"
    return dict(zip([f"q{i}" for i in range(1, 9)], letters))
'''

VARIANT_QUIZ_LINES = r'''def variant_quiz():
    """Your answers to q1..q8: a dict {"q1": "a", ...} with one letter (a-d) each."""
    answers = {}
    answers["q1"] = "C"   # bidirectional needs the future, impossible when streaming
    answers["q2"] = "B"
    answers["q3"] = "C"   # the cell state path
    answers["q4"] = "A"
    answers["q5"] = "A"
    answers["q6"] = "B"   # z close to 1 keeps the old state
    answers["q7"] = "C"
    answers["q8"] = "B"
    return answers
'''

STYLES = {
    "bidirectional_rnn_forward": [BIDIRECTIONAL_HELPER, BIDIRECTIONAL_TWO_LOOPS],
    "lstm_cell_forward": [LSTM_CELL_FORWARD_SPLIT, LSTM_CELL_FORWARD_EINSUM],
    "lstm_cell_backward": [LSTM_CELL_BACKWARD_SPLIT, LSTM_CELL_BACKWARD_DICT],
    "lstm_forward": [LSTM_FORWARD_STACK, LSTM_FORWARD_INLINE],
    "gru_cell_forward": [GRU_CELL_FORWARD_SPLIT, GRU_CELL_FORWARD_EINSUM],
    "gru_forward": [GRU_FORWARD_STACK, GRU_FORWARD_PARTIAL],
    "count_rnn_params": [COUNT_RNN_PARAMS_IF, COUNT_RNN_PARAMS_TABLE],
    "build_recurrent_classifier": [BUILD_RECURRENT_CLASSIFIER_LIST,
                                   BUILD_RECURRENT_CLASSIFIER_ADD],
    "make_recall_task": [MAKE_RECALL_TASK_LOOP, MAKE_RECALL_TASK_CONCAT],
    "variant_quiz": [VARIANT_QUIZ_ZIP, VARIANT_QUIZ_LINES],
}
