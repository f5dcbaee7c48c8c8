"""Correct answers in other students' styles for rnn_fundamentals (see authoring/styles/__init__.py).

Step caches stay ``(x_t, h_prev, Wx, Wh, h_next)`` (a tuple, a list or a namedtuple) and
sequence caches a list or tuple of step caches, so that every style works with the
reference answers of the other questions. Some write into the arrays they receive, as
real students do (``dh[:, t] += carry``, ``dpre *= ...``): correct answers that must
keep every point.
"""

MAKE_WINDOWS_LOOP = r'''def make_windows(series, window, horizon=1):
    """Cut a 1-D series into sliding (input window, future values) pairs.

    series: 1-D array of length L. Returns X (M, window, 1) and y (M, horizon),
    with M = L - window - horizon + 1. Raises ValueError if M < 1, window < 1
    or horizon < 1.
    """
    values = np.asarray(series, dtype=float)
    if window < 1 or horizon < 1:
        raise ValueError("window and horizon have to be positive")
    M = len(values) - window - horizon + 1
    if M < 1:
        raise ValueError("series is too short for this window and horizon")
    X = np.empty((M, window, 1))
    y = np.empty((M, horizon))
    for i in range(M):
        X[i, :, 0] = values[i:i + window]
        y[i, :] = values[i + window:i + window + horizon]
    return X, y
'''

MAKE_WINDOWS_STRIDES = r'''from numpy.lib.stride_tricks import sliding_window_view


def make_windows(series, window, horizon=1):
    """Cut a 1-D series into sliding (input window, future values) pairs.

    series: 1-D array of length L. Returns X (M, window, 1) and y (M, horizon),
    with M = L - window - horizon + 1. Raises ValueError if M < 1, window < 1
    or horizon < 1.
    """
    arr = np.asarray(series).astype(np.float64)
    if min(window, horizon) < 1:
        raise ValueError(f"need window >= 1 and horizon >= 1 (got {window}, {horizon})")
    n_pairs = arr.shape[0] - window - horizon + 1
    if n_pairs < 1:
        raise ValueError("not enough values for even one window")
    # every chunk of window + horizon consecutive values, then split it in two
    chunks = sliding_window_view(arr, window + horizon)[:n_pairs]
    X = chunks[:, :window].reshape(n_pairs, window, 1).copy()
    y = chunks[:, window:].copy()
    return X, y
'''

RNN_CELL_FORWARD_DOT = r'''def rnn_cell_forward(x_t, h_prev, Wx, Wh, b):
    """One tanh RNN step.

    x_t (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,).
    Returns h_next (N, H) and a cache for rnn_cell_backward.
    """
    a = np.dot(x_t, Wx) + np.dot(h_prev, Wh) + b
    h_next = np.tanh(a)
    return h_next, (x_t, h_prev, Wx, Wh, h_next)
'''

RNN_CELL_FORWARD_EINSUM = r'''from collections import namedtuple

RnnStepCache = namedtuple("RnnStepCache", ["x_t", "h_prev", "Wx", "Wh", "h_next"])


def rnn_cell_forward(x_t, h_prev, Wx, Wh, b):
    """One tanh RNN step.

    x_t (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,).
    Returns h_next (N, H) and a cache for rnn_cell_backward.
    """
    pre_activation = (np.einsum("nd,dh->nh", x_t, Wx)
                      + np.einsum("nk,kh->nh", h_prev, Wh) + b)
    h_next = np.tanh(pre_activation)
    # keep what the backward pass needs
    cache = RnnStepCache(x_t, h_prev, Wx, Wh, h_next)
    return h_next, cache
'''

RNN_FORWARD_INLINE = r'''def rnn_forward(x, h0, Wx, Wh, b):
    """Run the RNN over a whole sequence (the unfolded loop).

    x (N, T, D), h0 (N, H). Returns h (N, T, H) with h[:, t] the state after
    step t, and a cache for rnn_backward.
    """
    T = x.shape[1]
    states = []
    step_caches = []
    h_t = h0
    for t in range(T):
        x_t = x[:, t]
        h_new = np.tanh(x_t @ Wx + h_t @ Wh + b)
        step_caches.append((x_t, h_t, Wx, Wh, h_new))
        states.append(h_new)
        h_t = h_new
    return np.stack(states, axis=1), step_caches
'''

RNN_FORWARD_TIME_MAJOR = r'''def rnn_forward(x, h0, Wx, Wh, b):
    """Run the RNN over a whole sequence (the unfolded loop).

    x (N, T, D), h0 (N, H). Returns h (N, T, H) with h[:, t] the state after
    step t, and a cache for rnn_backward.
    """
    x_tm = np.transpose(x, (1, 0, 2))          # (T, N, D), easier to loop over
    h_tm = np.zeros((x_tm.shape[0],) + h0.shape)
    per_step = []
    h = h0
    for t, x_t in enumerate(x_tm):
        h, step = rnn_cell_forward(x_t, h, Wx, Wh, b)
        h_tm[t] = h
        per_step.append(step)
    return h_tm.transpose(1, 0, 2), tuple(per_step)
'''

NUMERICAL_GRADIENT_COPIES = r'''def numerical_gradient(f, x, df, eps=1e-5):
    """Centred-difference gradient of sum(f(x) * df) with respect to x.

    f maps an array shaped like x to an array shaped like df. Returns grad
    shaped like x; x holds its original values afterwards.
    """
    grad = np.zeros_like(x, dtype=float)
    for flat_i in range(x.size):
        idx = np.unravel_index(flat_i, x.shape)
        # perturb copies so x itself is never touched
        x_plus = x.copy()
        x_plus[idx] = x[idx] + eps
        x_minus = x.copy()
        x_minus[idx] = x[idx] - eps
        grad[idx] = (np.sum(f(x_plus) * df) - np.sum(f(x_minus) * df)) / (2 * eps)
    return grad
'''

NUMERICAL_GRADIENT_INPLACE = r'''import itertools


def numerical_gradient(f, x, df, eps=1e-5):
    """Centred-difference gradient of sum(f(x) * df) with respect to x.

    f maps an array shaped like x to an array shaped like df. Returns grad
    shaped like x; x holds its original values afterwards.
    """
    def weighted_output():
        return float(np.sum(f(x) * df))

    grad = np.zeros(x.shape)
    for pos in itertools.product(*[range(n) for n in x.shape]):
        saved = x[pos]
        x[pos] = saved + eps
        up = weighted_output()
        x[pos] = saved - eps
        down = weighted_output()
        x[pos] = saved          # put the value back
        grad[pos] = (up - down) / (2.0 * eps)
    return grad
'''

RNN_CELL_BACKWARD_DOT = r'''def rnn_cell_backward(dh_next, cache):
    """Backward pass of one tanh RNN step.

    dh_next (N, H): gradient of the loss with respect to h_next.
    Returns dx_t (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    x_t, h_prev, Wx, Wh, h_next = cache
    dpre = dh_next
    dpre *= 1 - np.square(h_next)   # tanh'(a) = 1 - tanh(a)^2, in place (as many write it)
    dx_t = np.dot(dpre, Wx.T)
    dh_prev = np.dot(dpre, Wh.T)
    dWx = np.dot(x_t.T, dpre)
    dWh = np.dot(h_prev.T, dpre)
    db = np.sum(dpre, axis=0)
    return dx_t, dh_prev, dWx, dWh, db
'''

RNN_CELL_BACKWARD_EINSUM = r'''def rnn_cell_backward(dh_next, cache):
    """Backward pass of one tanh RNN step.

    dh_next (N, H): gradient of the loss with respect to h_next.
    Returns dx_t (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    x_t, h_prev, Wx, Wh, h_next = cache[0], cache[1], cache[2], cache[3], cache[4]
    g = (1.0 - h_next * h_next) * dh_next
    dx_t = np.einsum("nh,dh->nd", g, Wx)
    dh_prev = np.einsum("nh,kh->nk", g, Wh)
    dWx = np.einsum("nd,nh->dh", x_t, g)
    dWh = np.einsum("nk,nh->kh", h_prev, g)
    db = g.sum(axis=0)
    return dx_t, dh_prev, dWx, dWh, db
'''

RNN_BACKWARD_INLINE = r'''def rnn_backward(dh, cache):
    """Backpropagation through time for rnn_forward.

    dh (N, T, H): upstream gradient on every hidden state.
    Returns dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    N, T, H = dh.shape
    Wx, Wh = cache[0][2], cache[0][3]
    dx = np.zeros((N, T, Wx.shape[0]))
    dWx = np.zeros(Wx.shape)
    dWh = np.zeros(Wh.shape)
    db = np.zeros(H)
    carry = np.zeros((N, H))          # gradient coming back from step t + 1
    for t in range(T - 1, -1, -1):
        x_t, h_prev, _, _, h_t = cache[t]
        dh[:, t] += carry                 # in place, into the upstream gradient it was given
        g = dh[:, t] * (1 - h_t ** 2)
        dx[:, t] = g @ Wx.T
        dWx += x_t.T @ g
        dWh += h_prev.T @ g
        db += g.sum(axis=0)
        carry = g @ Wh.T
    return dx, carry, dWx, dWh, db
'''

RNN_BACKWARD_CELLS = r'''def rnn_backward(dh, cache):
    """Backpropagation through time for rnn_forward.

    dh (N, T, H): upstream gradient on every hidden state.
    Returns dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,).
    """
    T = dh.shape[1]
    dx_list = [None] * T
    totals = None
    dh_back = np.zeros_like(dh[:, 0, :])
    for t in reversed(range(T)):
        dx_t, dh_back, *param_grads = rnn_cell_backward(dh[:, t, :] + dh_back, cache[t])
        dx_list[t] = dx_t
        # the weights are shared by all steps, so their gradients add up
        if totals is None:
            totals = param_grads
        else:
            totals = [acc + g for acc, g in zip(totals, param_grads)]
    dWx, dWh, db = totals
    return np.stack(dx_list, axis=1), dh_back, dWx, dWh, db
'''

HIDDEN_GRADIENT_NORMS_INLINE = r'''def hidden_gradient_norms(dh_last, cache):
    """Norm of dL/dh_t for every t, when only the last state receives a gradient.

    dh_last (N, H); cache from rnn_forward over T steps. Returns norms (T,).
    """
    T = len(cache)
    out = np.empty(T)
    g = dh_last
    t = T - 1
    while t >= 0:
        out[t] = np.sqrt(np.sum(g ** 2))
        Wh, h_t = cache[t][3], cache[t][4]
        g *= 1 - h_t ** 2                  # in place (the first time: dh_last itself)
        g = g @ Wh.T                       # one step further back
        t -= 1
    return out
'''

HIDDEN_GRADIENT_NORMS_CELLS = r'''def hidden_gradient_norms(dh_last, cache):
    """Norm of dL/dh_t for every t, when only the last state receives a gradient.

    dh_last (N, H); cache from rnn_forward over T steps. Returns norms (T,).
    """
    backwards = []
    grad = dh_last
    for step_cache in reversed(list(cache)):
        backwards.append(np.linalg.norm(grad, "fro"))
        grad = rnn_cell_backward(grad, step_cache)[1]
    return np.array(backwards[::-1])
'''

TO_KERAS_SIMPLE_RNN_BUILD = r'''def to_keras_simple_rnn(Wx, Wh, b):
    """A built keras.layers.SimpleRNN (return_sequences=True) holding Wx, Wh, b."""
    import keras
    from keras import layers
    D, H = np.shape(Wx)
    rnn = layers.SimpleRNN(units=H, return_sequences=True, name="my_simple_rnn")
    rnn.build((None, None, D))
    rnn.set_weights([np.asarray(Wx), np.asarray(Wh), np.asarray(b)])
    return rnn
'''

TO_KERAS_SIMPLE_RNN_CALL = r'''def to_keras_simple_rnn(Wx, Wh, b):
    """A built keras.layers.SimpleRNN (return_sequences=True) holding Wx, Wh, b."""
    import keras
    layer = keras.layers.SimpleRNN(Wh.shape[0], activation="tanh", return_sequences=True)
    # calling it once on a dummy batch builds the weights
    layer(np.zeros((1, 1, Wx.shape[0]), dtype="float32"))
    layer.set_weights([Wx, Wh, b])
    return layer
'''

STYLES = {
    "make_windows": [MAKE_WINDOWS_LOOP, MAKE_WINDOWS_STRIDES],
    "rnn_cell_forward": [RNN_CELL_FORWARD_DOT, RNN_CELL_FORWARD_EINSUM],
    "rnn_forward": [RNN_FORWARD_INLINE, RNN_FORWARD_TIME_MAJOR],
    "numerical_gradient": [NUMERICAL_GRADIENT_COPIES, NUMERICAL_GRADIENT_INPLACE],
    "rnn_cell_backward": [RNN_CELL_BACKWARD_DOT, RNN_CELL_BACKWARD_EINSUM],
    "rnn_backward": [RNN_BACKWARD_INLINE, RNN_BACKWARD_CELLS],
    "hidden_gradient_norms": [HIDDEN_GRADIENT_NORMS_INLINE, HIDDEN_GRADIENT_NORMS_CELLS],
    "to_keras_simple_rnn": [TO_KERAS_SIMPLE_RNN_BUILD, TO_KERAS_SIMPLE_RNN_CALL],
}
