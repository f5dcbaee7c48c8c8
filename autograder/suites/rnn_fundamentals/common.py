"""Hidden inputs and known-mistake variants shared by the rnn_fundamentals suites."""
import numpy as np

import solutions.rnn_fundamentals as ref

# (N, T, D, H): batch of 1, T = 1, H != D, H == D, a longer sequence
SHAPES = [(1, 1, 3, 5), (3, 4, 2, 6), (2, 7, 4, 4), (4, 3, 5, 2), (2, 12, 3, 7)]


def params(seed, N, T, D, H, wh_scale=0.6):
    rng = np.random.default_rng(1000 + seed)
    x = rng.standard_normal((N, T, D))
    h0 = 0.5 * rng.standard_normal((N, H))
    Wx = rng.standard_normal((D, H)) / np.sqrt(D)
    Wh = wh_scale * rng.standard_normal((H, H)) / np.sqrt(H)
    b = 0.3 * rng.standard_normal(H)
    return x, h0, Wx, Wh, b


def step_params(seed, N, D, H):
    x, h0, Wx, Wh, b = params(seed, N, 1, D, H)
    return x[:, 0], h0, Wx, Wh, b


def forward_variant(x, h0, Wx, Wh, b, cell):
    """Unfold an arbitrary (possibly wrong) cell ``cell(x_t, h) -> h``."""
    h, out = h0, []
    for t in range(x.shape[1]):
        h = cell(x[:, t], h)
        out.append(h)
    return np.stack(out, axis=1)


def backward_variant(dh, x, h0, Wx, Wh, b, accumulate=True, carry=True, dtanh=None):
    """BPTT with classic mistakes switchable, for diagnosing a student's gradients."""
    h, _ = ref.rnn_forward(x, h0, Wx, Wh, b)
    N, T, H = dh.shape
    dx = np.zeros_like(x)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    future = np.zeros((N, H))
    for t in reversed(range(T)):
        h_prev = h0 if t == 0 else h[:, t - 1]
        g = dh[:, t] + (future if carry else 0)
        da = g * (dtanh(h[:, t]) if dtanh else (1 - h[:, t] ** 2))
        dx[:, t] = da @ Wx.T
        future = da @ Wh.T
        if accumulate:
            dWx, dWh, db = dWx + x[:, t].T @ da, dWh + h_prev.T @ da, db + da.sum(0)
        else:
            dWx, dWh, db = x[:, t].T @ da, h_prev.T @ da, da.sum(0)
    return dx, future, dWx, dWh, db
