"""Reference solutions for `rnn_variants_overview`.

Generated from source/rnn_variants_overview/rnn_variants_overview.ipynb by `python -m tools.release`:
edit the notebook, not this file.
"""


# --- setup_imports ---
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # keep TensorFlow quiet
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # no oneDNN notice on stderr
import warnings
warnings.filterwarnings("ignore")

import numpy as np


def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), written with tanh so it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


# --- answer_bidirectional_rnn_forward ---
def bidirectional_rnn_forward(x, h0_fwd, h0_bwd, params_fwd, params_bwd, merge_mode="concat"):
    """Bidirectional tanh RNN over a whole sequence.

    x (N, T, D); h0_fwd, h0_bwd (N, H); params_* = (Wx (D, H), Wh (H, H), b (H,)).
    The backward RNN reads x from the last step to the first; its outputs are put
    back in the original time order before merging. merge_mode: "concat" (forward
    first, (N, T, 2H)), "sum", "mul" or "ave" ((N, T, H)); ValueError otherwise.
    """
    if merge_mode not in ("concat", "sum", "mul", "ave"):
        raise ValueError(f"merge_mode must be 'concat', 'sum', 'mul' or 'ave', "
                         f"got {merge_mode!r}")

    def run(seq, h, Wx, Wh, b):
        states = []
        for t in range(seq.shape[1]):
            h = np.tanh(seq[:, t, :] @ Wx + h @ Wh + b)
            states.append(h)
        return np.stack(states, axis=1)

    h_fwd = run(x, h0_fwd, *params_fwd)
    h_bwd = run(x[:, ::-1, :], h0_bwd, *params_bwd)[:, ::-1, :]  # back to time order
    if merge_mode == "concat":
        return np.concatenate([h_fwd, h_bwd], axis=-1)
    if merge_mode == "sum":
        return h_fwd + h_bwd
    if merge_mode == "mul":
        return h_fwd * h_bwd
    return (h_fwd + h_bwd) / 2


# --- answer_lstm_cell_forward ---
def lstm_cell_forward(x_t, h_prev, c_prev, W, U, b):
    """One LSTM step with Keras's weight layout (gate blocks i, f, c, o).

    x_t (N, D), h_prev (N, H), c_prev (N, H), W (D, 4H), U (H, 4H), b (4H,).
    Returns h_next (N, H) and c_next (N, H).
    """
    H = h_prev.shape[1]
    a = x_t @ W + h_prev @ U + b          # (N, 4H): blocks i, f, c, o
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    g = np.tanh(a[:, 2 * H:3 * H])
    o = sigmoid(a[:, 3 * H:])
    c_next = f * c_prev + i * g
    h_next = o * np.tanh(c_next)
    return h_next, c_next


# --- answer_lstm_cell_backward ---
def lstm_cell_backward(dh_next, dc_next, x_t, h_prev, c_prev, W, U, b):
    """Gradients through one LSTM step (Keras layout, gate blocks i, f, c, o).

    dh_next, dc_next (N, H): upstream gradients on h_next and c_next. The step is
    recomputed from x_t (N, D), h_prev (N, H), c_prev (N, H), W (D, 4H), U (H, 4H),
    b (4H,). Returns dx_t, dh_prev, dc_prev, dW, dU, db, each shaped like its variable.
    """
    H = h_prev.shape[1]
    a = x_t @ W + h_prev @ U + b          # recompute the forward step
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    g = np.tanh(a[:, 2 * H:3 * H])
    o = sigmoid(a[:, 3 * H:])
    c_next = f * c_prev + i * g
    tanh_c = np.tanh(c_next)
    do = dh_next * tanh_c
    dc = dc_next + dh_next * o * (1.0 - tanh_c ** 2)   # both paths into c_next
    dc_prev = dc * f                                    # the gradient highway
    da = np.concatenate([dc * g * i * (1.0 - i),        # input gate
                         dc * c_prev * f * (1.0 - f),   # forget gate
                         dc * i * (1.0 - g ** 2),       # candidate
                         do * o * (1.0 - o)], axis=1)   # output gate
    dx_t = da @ W.T
    dh_prev = da @ U.T
    dW = x_t.T @ da
    dU = h_prev.T @ da
    db = da.sum(axis=0)
    return dx_t, dh_prev, dc_prev, dW, dU, db


# --- answer_lstm_forward ---
def lstm_forward(x, h0, c0, W, U, b):
    """Run the LSTM over a sequence.

    x (N, T, D), h0 (N, H), c0 (N, H). Returns h (N, T, H) and c (N, T, H): the
    hidden and cell states after every step.
    """
    N, T, _ = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    c = np.zeros((N, T, H))
    h_t, c_t = h0, c0
    for t in range(T):
        h_t, c_t = lstm_cell_forward(x[:, t, :], h_t, c_t, W, U, b)
        h[:, t, :] = h_t
        c[:, t, :] = c_t
    return h, c


# --- answer_gru_cell_forward ---
def gru_cell_forward(x_t, h_prev, W, U, b, reset_after=True):
    """One GRU step with Keras's weight layout (gate blocks z, r, h).

    x_t (N, D), h_prev (N, H), W (D, 3H), U (H, 3H); b (2, 3H) [input bias row,
    recurrent bias row] if reset_after, else (3H,). Returns h_next (N, H), with
    h_next = z * h_prev + (1 - z) * h_candidate.
    """
    H = h_prev.shape[1]
    if reset_after:
        x_part = x_t @ W + b[0]          # input projections with the input bias
        h_part = h_prev @ U + b[1]       # recurrent projections with the recurrent bias
        z = sigmoid(x_part[:, :H] + h_part[:, :H])
        r = sigmoid(x_part[:, H:2 * H] + h_part[:, H:2 * H])
        h_cand = np.tanh(x_part[:, 2 * H:] + r * h_part[:, 2 * H:])
    else:
        x_part = x_t @ W + b
        z = sigmoid(x_part[:, :H] + h_prev @ U[:, :H])
        r = sigmoid(x_part[:, H:2 * H] + h_prev @ U[:, H:2 * H])
        h_cand = np.tanh(x_part[:, 2 * H:] + (r * h_prev) @ U[:, 2 * H:])
    return z * h_prev + (1 - z) * h_cand


# --- answer_gru_forward ---
def gru_forward(x, h0, W, U, b, reset_after=True):
    """Run the GRU over a sequence. x (N, T, D), h0 (N, H). Returns h (N, T, H)."""
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    h_t = h0
    for t in range(T):
        h_t = gru_cell_forward(x[:, t, :], h_t, W, U, b, reset_after=reset_after)
        h[:, t, :] = h_t
    return h


# --- answer_count_rnn_params ---
def count_rnn_params(cell, input_dim, units, bidirectional=False, reset_after=True):
    """Parameters of a Keras SimpleRNN / LSTM / GRU layer (optionally Bidirectional).

    cell: "simple_rnn", "lstm" or "gru" (ValueError otherwise). Returns an int equal
    to the built Keras layer's count_params().
    """
    blocks = {"simple_rnn": 1, "gru": 3, "lstm": 4}
    if cell not in blocks:
        raise ValueError(f"cell must be 'simple_rnn', 'lstm' or 'gru', got {cell!r}")
    k = blocks[cell]
    per_direction = k * (input_dim * units + units * units + units)
    if cell == "gru" and reset_after:
        per_direction += k * units  # the second (recurrent) bias row
    return int(per_direction * (2 if bidirectional else 1))


# --- answer_build_recurrent_classifier ---
def build_recurrent_classifier(cell, input_dim, units, num_classes, bidirectional=False):
    """A compiled many-to-one classifier: (None, None, input_dim) -> softmax (None, num_classes).

    cell: "simple_rnn", "lstm" or "gru" (ValueError otherwise); optionally wrapped in
    keras.layers.Bidirectional. Adam(0.01, clipnorm=1.0), sparse categorical
    cross-entropy, accuracy metric.
    """
    import keras
    layer_types = {"simple_rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM,
                   "gru": keras.layers.GRU}
    if cell not in layer_types:
        raise ValueError(f"cell must be 'simple_rnn', 'lstm' or 'gru', got {cell!r}")
    recurrent = layer_types[cell](units)
    if bidirectional:
        recurrent = keras.layers.Bidirectional(recurrent)
    model = keras.Sequential([
        keras.Input(shape=(None, input_dim)),
        recurrent,
        keras.layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01, clipnorm=1.0),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


# --- answer_make_recall_task ---
def make_recall_task(n, T, rng, num_symbols=2, noise=3.0):
    """Recall-the-first-symbol data set.

    Returns X (n, T, num_symbols + 1) float and y (n,) int: step 0 holds the one-hot
    label and the marker (last channel) 1; steps 1..T-1 hold Gaussian noise of
    standard deviation `noise` in the symbol channels and 0 in the marker channel.
    All randomness comes from rng. ValueError if n < 1, T < 1 or num_symbols < 2.
    """
    if n < 1 or T < 1 or num_symbols < 2:
        raise ValueError("need n >= 1, T >= 1 and num_symbols >= 2")
    y = rng.integers(0, num_symbols, size=n)
    X = np.zeros((n, T, num_symbols + 1))
    X[:, 1:, :num_symbols] = noise * rng.standard_normal((n, T - 1, num_symbols))
    X[np.arange(n), 0, y] = 1.0
    X[:, 0, num_symbols] = 1.0
    return X, y


# --- answer_variant_quiz ---
def variant_quiz():
    """Your answers to q1..q8: a dict {"q1": "a", ...} with one letter (a-d) each."""
    return {"q1": "c", "q2": "b", "q3": "c", "q4": "a",
            "q5": "a", "q6": "b", "q7": "c", "q8": "b"}
