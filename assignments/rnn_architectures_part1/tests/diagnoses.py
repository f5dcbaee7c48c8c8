"""Known mistakes in rnn_architectures_part1: the value each one produces, and its name.

A function here takes the inputs a check chose and returns ``{mistake: value}``: what
an answer with that mistake would return on them, keyed by the words a failing check
uses to name the mistake. The public checks import it (``from diagnoses import ...``)
and so does the autograder, so a mistake has the same name in your self-check and in
your feedback. NumPy only.
"""
import numpy as np


def named(likely, got, want):
    """The first mistake whose value is exactly ``got`` (and not ``want``), else None."""
    return next((why for why, wrong in likely.items() if wrong == got and wrong != want), None)


# ------------------------------------------------ many_to_one / many_to_many_forward
def hidden_states(x, h0, Wx, Wh, b, use_tanh=True, carry=True):
    """All hidden states (N, T, H) of a tanh RNN, with common mistakes switchable."""
    h, out = h0, []
    for t in range(x.shape[1]):
        pre = x[:, t] @ Wx + (h if carry else h0) @ Wh + b
        h = np.tanh(pre) if use_tanh else pre
        out.append(h)
    return np.stack(out, axis=1)


def many_to_one_mistakes(x, h0, Wx, Wh, b, Wy, by):
    """The logits (N, C) as common mistakes compute them."""
    h = hidden_states(x, h0, Wx, Wh, b)
    return {
        "the logits come from the first hidden state instead of the last": h[:, 0] @ Wy + by,
        "the hidden states are averaged instead of taking the last one":
            h.mean(axis=1) @ Wy + by,
        "the output bias by is missing": h[:, -1] @ Wy,
        "tanh is missing in the recurrence":
            hidden_states(x, h0, Wx, Wh, b, use_tanh=False)[:, -1] @ Wy + by,
        "the state is not carried: every step starts again from h0":
            hidden_states(x, h0, Wx, Wh, b, carry=False)[:, -1] @ Wy + by,
        "h0 is ignored: the recurrence starts from zeros":
            hidden_states(x, np.zeros_like(h0), Wx, Wh, b)[:, -1] @ Wy + by,
        "the logits are computed from h0 (the state before the sequence)": h0 @ Wy + by,
    }


SCORES_OFF_BY_ONE = "off by one: scores[:, t] are computed from the previous state h_{t-1}"


def many_to_many_mistakes(x, h0, Wx, Wh, b, Wy, by):
    """The scores (N, T, C) at every step as common mistakes compute them."""
    h = hidden_states(x, h0, Wx, Wh, b)
    prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)
    return {
        SCORES_OFF_BY_ONE: prev @ Wy + by,
        "every step's scores use the final hidden state":
            np.repeat((h[:, -1] @ Wy + by)[:, None], x.shape[1], axis=1),
        "the output bias by is missing": h @ Wy,
        "tanh is missing in the recurrence":
            hidden_states(x, h0, Wx, Wh, b, use_tanh=False) @ Wy + by,
        "the state is not carried: every step starts again from h0":
            hidden_states(x, h0, Wx, Wh, b, carry=False) @ Wy + by,
        "h0 is ignored: the recurrence starts from zeros":
            hidden_states(x, np.zeros_like(h0), Wx, Wh, b) @ Wy + by,
    }


# ------------------------------------------ softmax_cross_entropy, temporal_softmax_loss
OVERFLOW = ("exp overflows for large values: subtract the row maximum before exponentiating "
            "(log-sum-exp)")
UNDERFLOW = ("the softmax of a value far below its row's maximum underflows to 0, and its log "
             "is -inf: compute the log-softmax directly, (z - max) - log(sum(exp(z - max))), "
             "instead of the log of the softmax")


def returns(call, *args):
    """Whether ``call(*args)`` returns (a call into a student's function fails with an
    AssertionError when it returns NaN or inf, raises, or cannot be graded)."""
    try:
        call(*args)
    except AssertionError:
        return False
    return True


def unstable_softmax(finite_on, z):
    """Why an answer that returned NaN or inf on the scores ``z`` (classes on the last
    axis) did so, or None; ``finite_on(z2)`` says whether it returns on ``z2``.

    A softmax does not change when each row's maximum is subtracted: an answer that
    works on the shifted scores but not on ``z`` overflows. One that fails on both, but
    works once they are squeezed into a small range, takes the log of a softmax that
    underflowed. One that fails on all three is not diagnosed here.
    """
    shifted = z - z.max(axis=-1, keepdims=True)
    if finite_on(shifted):
        return OVERFLOW
    if finite_on(shifted * (5.0 / max(1.0, float(np.abs(shifted).max())))):
        return UNDERFLOW
    return None


def log_softmax(z, axis=-1):
    z = z - z.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def cross_entropy_loss_mistakes(logits, y):
    """The loss as common mistakes compute it."""
    lp = log_softmax(logits)[np.arange(len(y)), y]
    return {"the loss is summed over the batch instead of averaged": -lp.sum(),
            "the loss has the wrong sign": lp.mean(),
            "the loss is the mean over all N*C log-probabilities": -log_softmax(logits).mean()}


def cross_entropy_grad_mistakes(logits, y):
    """dlogits as common mistakes compute it."""
    N = len(y)
    p = np.exp(log_softmax(logits))
    onehot = np.eye(logits.shape[1])[y]
    return {
        "the gradient is not divided by the batch size N": p - onehot,
        "forgot to subtract the one-hot of the true class: dlogits = softmax / N": p / N,
        "the gradient has the wrong sign: (onehot - p) / N": (onehot - p) / N,
        "the gradient is the softmax minus one everywhere": (p - 1) / N,
    }


# ---------------------------------------------------------- temporal_softmax_loss
def temporal_parts(scores, y, mask):
    """N, T, the log-probabilities of the targets (N, T), the softmax (N, T, C), the
    one-hot targets (N, T, C) and the mask as floats (N, T)."""
    N, T, C = scores.shape
    log_p = log_softmax(scores)
    picked = np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0]
    return N, T, picked, np.exp(log_p), np.eye(C)[y], mask.astype(float)


def temporal_loss_mistakes(scores, y, mask):
    """The loss as common mistakes compute it."""
    N, T, lp, _, _, m = temporal_parts(scores, y, mask)
    return {"the mask is ignored: padded steps are counted": -lp.sum() / N,
            "divided by the number of unmasked steps instead of N":
                -(m * lp).sum() / max(m.sum(), 1),
            "divided by N*T instead of N": -(m * lp).sum() / (N * T),
            "not divided by N": -(m * lp).sum()}


def temporal_grad_mistakes(scores, y, mask):
    """dscores as common mistakes compute it."""
    N, T, _, p, onehot, m = temporal_parts(scores, y, mask)
    grad = p - onehot
    return {"the mask is not applied to the gradient": grad / N,
            "the gradient is divided by the number of unmasked steps instead of N":
                grad * m[..., None] / max(m.sum(), 1),
            "the gradient is divided by N*T instead of N": grad * m[..., None] / (N * T),
            "the gradient is not divided by N": grad * m[..., None],
            "forgot to subtract the one-hot of the targets": p * m[..., None] / N}


# ---------------------------------------------------------- build_sequence_tagger
NOT_A_SOFTMAX = "the output is not a softmax"

# ----------------------------------------------------------------- conv1d_forward
FLIPPED = "the kernel is flipped (a true convolution); Conv1D computes a cross-correlation"


def window_sums(x, w, b):
    """y[:, t] = b + sum_k x[:, t+k] @ w[k] over the T-K+1 full windows."""
    K, T = w.shape[0], x.shape[1]
    return b + sum(x[:, k:k + T - K + 1] @ w[k] for k in range(K))


def conv1d_mistakes(x, w, b):
    """y as common mistakes compute it."""
    likely = {FLIPPED: window_sums(x, w[::-1], b),
              "the bias b is missing": window_sums(x, w, np.zeros_like(b))}
    if w.shape[0] > 1:
        likely["the last window is missing (T-K outputs instead of T-K+1)"] = \
            window_sums(x, w, b)[:, :-1]
    return likely


# ----------------------------------------------------------------- receptive_field
def receptive_field_mistakes(k, n, d=1):
    """The receptive field as common mistakes compute it."""
    return {"num_layers * kernel_size (the windows of consecutive layers overlap by one "
            "step: each layer adds kernel_size - 1)": n * k,
            "kernel_size ** num_layers (the field grows linearly, not exponentially)": k ** n,
            "the dilation rate is ignored": 1 + n * (k - 1),
            "forgot the + 1 (the output's own step)": n * (k - 1) * d,
            "the dilation multiplies the whole field, 1 included": (1 + n * (k - 1)) * d}
