"""Reference solutions for `rnn_architectures_part1`.

Generated from source/rnn_architectures_part1/rnn_architectures_part1.ipynb by `python -m tools.release`:
edit the notebook, not this file.
"""


# --- setup_imports ---
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # keep TensorFlow quiet
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # no oneDNN notice on stderr
import warnings
warnings.filterwarnings("ignore")

import numpy as np
import keras
from keras import layers


# --- answer_many_to_one_forward ---
def many_to_one_forward(x, h0, Wx, Wh, b, Wy, by):
    """Many-to-one RNN: tanh recurrence over all steps, logits from the last state.

    x (N, T, D), h0 (N, H), Wx (D, H), Wh (H, H), b (H,), Wy (H, C), by (C,).
    Returns logits (N, C) = h_{T-1} @ Wy + by.
    """
    h = h0
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)
    return h @ Wy + by


# --- answer_softmax_cross_entropy ---
def softmax_cross_entropy(logits, y):
    """Mean softmax cross-entropy over the batch, and its gradient.

    logits (N, C) floats, y (N,) integer classes in [0, C).
    Returns (loss, dlogits): loss a float, dlogits (N, C) = dL/dlogits.
    Stable for large logits (subtract the row maximum).
    """
    N = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(N)
    loss = -log_probs[rows, y].mean()
    dlogits = np.exp(log_probs)
    dlogits[rows, y] -= 1.0
    dlogits /= N
    return float(loss), dlogits


# --- answer_build_sentiment_classifier ---
def build_sentiment_classifier(vocab_size, embed_dim=32, units=32, cell="lstm"):
    """Compiled many-to-one sentiment model.

    Input int ids (None, None), 0 = padding (masked). Embedding(mask_zero=True) ->
    LSTM / GRU / SimpleRNN (cell = "lstm" / "gru" / "simple_rnn", else ValueError)
    -> Dense(1, sigmoid). Loss: binary cross-entropy.
    """
    recurrent = {"lstm": layers.LSTM, "gru": layers.GRU, "simple_rnn": layers.SimpleRNN}
    if cell not in recurrent:
        raise ValueError(f"cell must be one of {sorted(recurrent)}, got {cell!r}")
    model = keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        layers.Embedding(vocab_size, embed_dim, mask_zero=True),
        recurrent[cell](units),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


# --- answer_many_to_many_forward ---
def many_to_many_forward(x, h0, Wx, Wh, b, Wy, by):
    """Aligned many-to-many RNN: scores at every step from that step's hidden state.

    x (N, T, D), h0 (N, H), Wx (D, H), Wh (H, H), b (H,), Wy (H, C), by (C,).
    Returns scores (N, T, C) with scores[:, t] = h_t @ Wy + by.
    """
    N, T, _ = x.shape
    scores = np.empty((N, T, Wy.shape[1]))
    h = h0
    for t in range(T):
        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)
        scores[:, t, :] = h @ Wy + by
    return scores


# --- answer_temporal_softmax_loss ---
def temporal_softmax_loss(scores, y, mask):
    """Masked softmax cross-entropy over time, summed over real steps, divided by N.

    scores (N, T, C), y (N, T) integer classes, mask (N, T) booleans (True = real step).
    Returns (loss, dscores): loss a float, dscores (N, T, C) = dL/dscores.
    """
    N, T, C = scores.shape
    flat = scores.reshape(N * T, C)
    targets = np.asarray(y).reshape(N * T)
    weights = np.asarray(mask, dtype=float).reshape(N * T)
    shifted = flat - flat.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(N * T)
    loss = -(weights * log_probs[rows, targets]).sum() / N
    dflat = np.exp(log_probs)
    dflat[rows, targets] -= 1.0
    dflat *= weights[:, None] / N
    return float(loss), dflat.reshape(N, T, C)


# --- answer_build_sequence_tagger ---
def build_sequence_tagger(vocab_size, num_tags, embed_dim=32, units=32):
    """Compiled aligned many-to-many tagger.

    Input int ids (None, None), 0 = padding (masked). Embedding(mask_zero=True) ->
    LSTM(return_sequences=True) -> Dense(num_tags, softmax): output (None, None, num_tags).
    Loss: sparse categorical cross-entropy.
    """
    model = keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        layers.Embedding(vocab_size, embed_dim, mask_zero=True),
        layers.LSTM(units, return_sequences=True),
        layers.Dense(num_tags, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


# --- answer_build_seq2seq ---
def build_seq2seq(src_vocab, tgt_vocab, embed_dim=32, units=64):
    """Compiled encoder-decoder for teacher-forced training.

    Inputs [src (None, None), tgt_in (None, None)] int ids, 0 = padding (masked).
    The encoder LSTM's final states (h, c) initialise the decoder LSTM
    (return_sequences=True) -> Dense(tgt_vocab, softmax): output (None, None, tgt_vocab).
    Loss: sparse categorical cross-entropy.
    """
    src = keras.Input(shape=(None,), dtype="int32", name="src")
    tgt_in = keras.Input(shape=(None,), dtype="int32", name="tgt_in")
    enc = layers.Embedding(src_vocab, embed_dim, mask_zero=True)(src)
    _, h, c = layers.LSTM(units, return_state=True)(enc)
    dec = layers.Embedding(tgt_vocab, embed_dim, mask_zero=True)(tgt_in)
    dec = layers.LSTM(units, return_sequences=True)(dec, initial_state=[h, c])
    probs = layers.Dense(tgt_vocab, activation="softmax")(dec)
    model = keras.Model([src, tgt_in], probs)
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


# --- answer_conv1d_forward ---
def conv1d_forward(x, w, b):
    """Valid 1-D cross-correlation, stride 1, as keras.layers.Conv1D(padding="valid").

    x (N, T, D), w (K, D, F), b (F,). Returns y (N, T-K+1, F) with
    y[:, t] = b + sum_k x[:, t+k] @ w[k]. ValueError if T < K or D mismatch.
    """
    N, T, D = x.shape
    K, Dw, F = w.shape
    if Dw != D:
        raise ValueError(f"x has {D} channels but w expects {Dw}")
    if T < K:
        raise ValueError(f"sequence of length {T} is shorter than the kernel ({K})")
    T_out = T - K + 1
    y = np.zeros((N, T_out, F)) + b
    for k in range(K):
        y += x[:, k:k + T_out, :] @ w[k]
    return y


# --- answer_receptive_field ---
def receptive_field(kernel_size, num_layers, dilation_rate=1):
    """Number of consecutive input steps one output of a stack of Conv1D layers spans.

    num_layers layers, all with this kernel_size and dilation_rate, stride 1.
    Returns 1 + num_layers * (kernel_size - 1) * dilation_rate (an int).
    ValueError if any argument is < 1.
    """
    for name, value in (("kernel_size", kernel_size), ("num_layers", num_layers),
                        ("dilation_rate", dilation_rate)):
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")
    return int(1 + num_layers * (kernel_size - 1) * dilation_rate)


# --- answer_build_conv1d_classifier ---
def build_conv1d_classifier(vocab_size, embed_dim=32, filters=32, kernel_size=3):
    """Compiled CNN sequence classifier.

    Input int ids (None, None). Embedding -> Conv1D(filters, kernel_size, relu) ->
    GlobalMaxPooling1D -> Dense(1, sigmoid): output (None, 1).
    Loss: binary cross-entropy.
    """
    model = keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        layers.Embedding(vocab_size, embed_dim),
        layers.Conv1D(filters, kernel_size, activation="relu"),
        layers.GlobalMaxPooling1D(),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model
