"""Reference solutions for `rnn_fundamentals`.

Generated from source/rnn_fundamentals/rnn_fundamentals.ipynb by `python -m tools.release`:
edit the notebook, not this file.
"""


# --- setup_imports ---
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # keep TensorFlow quiet
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # no oneDNN notice on stderr
import warnings
warnings.filterwarnings("ignore")

import numpy as np


# --- answer_make_windows ---
def make_windows(series, window, horizon=1):
    """Cut a 1-D series into sliding (input window, future values) pairs.

    series: 1-D array of length L. Returns X (M, window, 1) and y (M, horizon),
    with M = L - window - horizon + 1. Raises ValueError if M < 1, window < 1
    or horizon < 1.
    """
    series = np.asarray(series, dtype=float)
    if series.ndim != 1:
        raise ValueError(f"series must be 1-D, got shape {series.shape}")
    if window < 1 or horizon < 1:
        raise ValueError("window and horizon must both be at least 1")
    count = len(series) - window - horizon + 1
    if count < 1:
        raise ValueError(f"a series of length {len(series)} is too short for "
                         f"window={window} and horizon={horizon}")
    starts = np.arange(count)[:, None]
    X = series[starts + np.arange(window)][:, :, None]
    y = series[starts + window + np.arange(horizon)]
    return X, y


# --- answer_rnn_cell_forward ---
def rnn_cell_forward(x_t, h_prev, Wx, Wh, b):
    """One tanh RNN step.

    x_t (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,).
    Returns h_next (N, H) and cache = (x_t, h_prev, Wx, Wh, h_next).
    """
    h_next = np.tanh(x_t @ Wx + h_prev @ Wh + b)
    cache = (x_t, h_prev, Wx, Wh, h_next)
    return h_next, cache


# --- answer_rnn_forward ---
def rnn_forward(x, h0, Wx, Wh, b):
    """Run the RNN over a whole sequence (the unfolded loop).

    x (N, T, D), h0 (N, H). Returns h (N, T, H) with h[:, t] the state after
    step t, and cache: the list of the T step caches of rnn_cell_forward.
    """
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    caches = []
    h_t = h0
    for t in range(T):
        h_t, step_cache = rnn_cell_forward(x[:, t, :], h_t, Wx, Wh, b)
        h[:, t, :] = h_t
        caches.append(step_cache)
    return h, caches


# --- answer_numerical_gradient ---
def numerical_gradient(f, x, df, eps=1e-5):
    """Centred-difference gradient of sum(f(x) * df) with respect to x.

    f maps an array shaped like x to an array shaped like df. Returns grad
    shaped like x; x holds its original values afterwards.
    """
    grad = np.zeros(x.shape, dtype=float)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        plus = np.sum(f(x) * df)
        x[index] = original - eps
        minus = np.sum(f(x) * df)
        x[index] = original
        grad[index] = (plus - minus) / (2 * eps)
    return grad


# --- answer_rnn_cell_backward ---
def rnn_cell_backward(dh_next, cache):
    """Backward pass of one tanh RNN step.

    dh_next (N, H): gradient of the loss with respect to h_next;
    cache = (x_t, h_prev, Wx, Wh, h_next), as rnn_cell_forward returns it.
    Returns dx_t (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    x_t, h_prev, Wx, Wh, h_next = cache
    da = dh_next * (1.0 - h_next ** 2)
    dx_t = da @ Wx.T
    dh_prev = da @ Wh.T
    dWx = x_t.T @ da
    dWh = h_prev.T @ da
    db = da.sum(axis=0)
    return dx_t, dh_prev, dWx, dWh, db


# --- answer_rnn_backward ---
def rnn_backward(dh, cache):
    """Backpropagation through time for rnn_forward.

    dh (N, T, H): upstream gradient on every hidden state; cache: the list of
    step caches rnn_forward returns.
    Returns dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    caches = cache
    N, T, H = dh.shape
    D = caches[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = np.zeros((D, H)), np.zeros((H, H)), np.zeros(H)
    dh_future = np.zeros((N, H))
    for t in reversed(range(T)):
        dx_t, dh_future, dWx_t, dWh_t, db_t = rnn_cell_backward(dh[:, t, :] + dh_future,
                                                                caches[t])
        dx[:, t, :] = dx_t
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dh_future, dWx, dWh, db


# --- answer_hidden_gradient_norms ---
def hidden_gradient_norms(dh_last, cache):
    """Norm of dL/dh_t for every t, when only the last state receives a gradient.

    dh_last (N, H); cache from rnn_forward over T steps. Returns norms (T,).
    """
    caches = cache
    norms = np.zeros(len(caches))
    grad = dh_last
    for t in reversed(range(len(caches))):
        norms[t] = np.linalg.norm(grad)
        _, grad, _, _, _ = rnn_cell_backward(grad, caches[t])
    return norms


# --- answer_to_keras_simple_rnn ---
def to_keras_simple_rnn(Wx, Wh, b):
    """A built keras.layers.SimpleRNN (return_sequences=True) holding Wx, Wh, b."""
    import keras
    input_dim, units = Wx.shape
    layer = keras.layers.SimpleRNN(units, activation="tanh", return_sequences=True)
    layer.build((None, None, input_dim))
    layer.set_weights([Wx, Wh, b])
    return layer
