"""Known mistakes in rnn_fundamentals: the value each one produces, and its name.

A function here takes the inputs a check chose and returns ``{mistake: value}``: what
an answer with that mistake would return on them, keyed by the words a failing check
uses to name the mistake. The public checks import it (``from diagnoses import ...``)
and so does the autograder, so a mistake has the same name in your self-check and in
your feedback. NumPy only.
"""
import numpy as np

# ------------------------------------------------------------------- make_windows
EARLY = "the target starts one step too early (it overlaps the window's last value)"


def make_windows_mistakes(series, window, horizon=1):
    """y (M, horizon) with every target starting one step too early."""
    series = np.asarray(series, dtype=float)
    M = len(series) - window - horizon + 1
    return {EARLY: np.array([series[i + window - 1:i + window - 1 + horizon]
                             for i in range(M)])}


# --------------------------------------------------------------- rnn_cell_forward
def rnn_cell_forward_mistakes(x, h, Wx, Wh, b):
    """h_next as common mistakes compute it."""
    pre = x @ Wx + h @ Wh + b
    likely = {
        "the bias b is missing": np.tanh(x @ Wx + h @ Wh),
        "wrong activation: ReLU instead of tanh": np.maximum(pre, 0),
        "wrong activation: sigmoid instead of tanh": 1 / (1 + np.exp(-pre)),
        "no activation: tanh is missing": pre,
        "the previous state h_prev is not used": np.tanh(x @ Wx + b),
    }
    if Wh.shape[0] == Wh.shape[1]:
        likely["the recurrent weight is transposed (use h_prev @ Wh)"] = \
            np.tanh(x @ Wx + h @ Wh.T + b)
    return likely


# -------------------------------------------------------------------- rnn_forward
def unfold(x, h0, cell):
    """All states (N, T, H) of the loop h = cell(x_t, h) started at h0."""
    h, out = h0, []
    for t in range(x.shape[1]):
        h = cell(x[:, t], h)
        out.append(h)
    return np.stack(out, axis=1)


def rnn_forward_mistakes(x, h0, Wx, Wh, b):
    """Every hidden state (N, T, H) as common mistakes compute them."""
    def tanh_cell(xt, h):
        return np.tanh(xt @ Wx + h @ Wh + b)
    return {
        "the state is not carried: every step starts again from h0":
            np.tanh(x @ Wx + (h0 @ Wh)[:, None, :] + b),
        "h0 is ignored: the first step starts from zeros": unfold(x, np.zeros_like(h0), tanh_cell),
        "tanh is missing: returned pre-activations":
            unfold(x, h0, lambda xt, h: xt @ Wx + h @ Wh + b),
        "the sequence is processed in reverse order": unfold(x[:, ::-1], h0, tanh_cell)[:, ::-1],
    }


# ------------------------------------------------------------- numerical_gradient
def cubic_sine_gradient_mistakes(x, df, eps):
    """The gradient of sum(f(x) * df), f(x) = x**3 + sin(x), as common mistakes compute it."""
    exact = (3 * x ** 2 + np.cos(x)) * df
    f = lambda v: v ** 3 + np.sin(v)  # noqa: E731
    return {
        "one-sided difference divided by 2*eps: x is not moved to x - eps (half the gradient)":
            (f(x + eps) - f(x)) / (2 * eps) * df,
        "forward difference (f(x+eps) - f(x)) / eps instead of the centred difference":
            (f(x + eps) - f(x)) / eps * df,
        "the upstream gradient df is ignored: differentiate sum(f(x) * df)":
            (3 * x ** 2 + np.cos(x)),
        "divided by eps instead of 2*eps (twice the gradient)": 2 * exact,
    }


# -------------------------------------------------------------- rnn_cell_backward
def rnn_cell_backward_mistakes(args, dh, k):
    """Gradient number k of (dx_t, dh_prev, dWx, dWh, db) as common mistakes compute it.

    args: (x_t, h_prev, Wx, Wh, b); dh: the upstream gradient of h_next."""
    x, h, Wx, Wh, b = args
    a = x @ Wx + h @ Wh + b
    h_next = np.tanh(a)

    def grads(da, h_used=h):
        return da @ Wx.T, da @ Wh.T, x.T @ da, h_used.T @ da, da.sum(0)
    variants = {
        "the tanh derivative (1 - h_next**2) is missing": grads(dh),
        "wrong tanh derivative: use 1 - h_next**2": grads(dh * (1 - h_next)),
        "wrong tanh derivative: it is 1 - tanh(a)**2, not 1 - a**2": grads(dh * (1 - a ** 2)),
        "dWh must use h_prev, not h_next": grads(dh * (1 - h_next ** 2), h_next),
    }
    variants["db must be summed over the batch, not averaged"] = \
        (None,) * 4 + ((dh * (1 - h_next ** 2)).mean(0),)
    return {why: g[k] for why, g in variants.items() if g[k] is not None}


# ------------------------------------------------------------------- rnn_backward
def numeric_gradients(objective, args, eps=1e-5):
    """Centred differences of the number objective(*args) with respect to every array."""
    grads = []
    for k, value in enumerate(args):
        grad = np.zeros(np.shape(value))
        for i in np.ndindex(grad.shape):
            plus, minus = list(args), list(args)
            plus[k], minus[k] = value.copy(), value.copy()
            plus[k][i] += eps
            minus[k][i] -= eps
            grad[i] = (objective(*plus) - objective(*minus)) / (2 * eps)
        grads.append(grad)
    return grads


def rnn_backward_mistakes(args, dh):
    """The five gradients (dx, dh0, dWx, dWh, db) as common BPTT mistakes compute them.

    args: (x, h0, Wx, Wh, b); dh: the upstream gradient of every state (N, T, H).
    Each mistaken backward pass is the exact gradient of another function of
    (x, h0, Wx, Wh, b); here that function is differentiated by finite differences.
    """
    x, h0, Wx, Wh, b = args
    T = x.shape[1]
    h, state = [], h0
    for t in range(T):
        state = np.tanh(x[:, t] @ Wx + state @ Wh + b)
        h.append(state)
    h = np.stack(h, axis=1)
    prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)  # the state entering step t

    def step_zero_weights(x_, h0_, Wx_, Wh_, b_):
        """Only the weights of step 0 vary: what survives when each step's weight
        gradient overwrites the previous one instead of adding to it."""
        total, state = 0.0, h0_
        for t in range(T):
            W = (Wx_, Wh_, b_) if t == 0 else (Wx, Wh, b)
            state = np.tanh(x_[:, t] @ W[0] + state @ W[1] + W[2])
            total += np.sum(dh[:, t] * state)
        return total

    def states_held_fixed(x_, h0_, Wx_, Wh_, b_):
        """Each step reads the state entering it as a constant: nothing flows back
        from step t+1 to step t."""
        entering = prev.copy()
        entering[:, 0] = h0_
        return np.sum(dh * np.tanh(x_ @ Wx_ + entering @ Wh_ + b_))

    def tanh_slope_one(x_, h0_, Wx_, Wh_, b_):
        """The same states, but every step differentiated as if tanh were the identity."""
        total, state = 0.0, h0_
        for t in range(T):
            state = x_[:, t] @ Wx_ + state @ Wh_ + b_ \
                - (x[:, t] @ Wx + prev[:, t] @ Wh + b) + h[:, t]
            total += np.sum(dh[:, t] * state)
        return total

    args = list(args)
    return {
        "the weight gradients are not accumulated over time (use += over the steps)":
            numeric_gradients(step_zero_weights, args),
        "the gradient flowing back from step t+1 is not added to dh[:, t]":
            numeric_gradients(states_held_fixed, args),
        "the tanh derivative (1 - h**2) is missing": numeric_gradients(tanh_slope_one, args),
    }


# ---------------------------------------------------------- hidden_gradient_norms
def gradient_sizes(args, dh_last, eps=1e-5):
    """||dL/dh0||, ||dL/dh_0||, ..., ||dL/dh_{T-1}|| for L = sum(dh_last * h_{T-1}),
    by finite differences of the forward pass. args: (x, h0, Wx, Wh, b)."""
    x, h0, Wx, Wh, b = args
    T = x.shape[1]
    states = [h0]
    for t in range(T):
        states.append(np.tanh(x[:, t] @ Wx + states[-1] @ Wh + b))

    def loss(h, t):  # L from the state after step t (t = -1: h0)
        for s in range(t + 1, T):
            h = np.tanh(x[:, s] @ Wx + h @ Wh + b)
        return np.sum(dh_last * h)
    sizes = []
    for t in range(-1, T):
        grad = np.zeros_like(h0)
        for i in np.ndindex(grad.shape):
            step = np.zeros_like(h0)
            step[i] = eps
            grad[i] = (loss(states[t + 1] + step, t) - loss(states[t + 1] - step, t)) / (2 * eps)
        sizes.append(np.linalg.norm(grad))
    return np.array(sizes)


def hidden_gradient_norms_mistakes(args, dh_last):
    """The norms (T,) as common mistakes compute them. args: (x, h0, Wx, Wh, b)."""
    sizes = gradient_sizes(args, dh_last)
    T, Wh = len(sizes) - 1, args[3]
    plain, g = [np.linalg.norm(dh_last)], dh_last
    for _ in range(T - 1):
        g = g @ Wh.T  # no tanh derivative
        plain.append(np.linalg.norm(g))
    return {
        "the norms are in reverse time order (norms[t] belongs to step t)": sizes[1:][::-1],
        "the tanh derivative is missing when stepping back": np.array(plain[::-1]),
        "off by one step: norms[t] must be taken before stepping back to t-1": sizes[:-1],
    }


# ------------------------------------------------------------ to_keras_simple_rnn
SWAPPED = "kernel and recurrent kernel are swapped"
LAST_STATE_ONLY = "return_sequences is off: only the last state is returned"


def keras_weight_mistakes(Wx, Wh, b):
    """What a mistaken layer holds as (kernel, recurrent kernel, bias), one dict each."""
    return {SWAPPED: Wh}, {SWAPPED: Wx, "the recurrent kernel is transposed": Wh.T}, {}


def keras_output_mistakes(h):
    """layer(x) as a mistaken layer returns it, for the states h (N, T, H) of the RNN."""
    return {LAST_STATE_ONLY: h[:, -1]}
