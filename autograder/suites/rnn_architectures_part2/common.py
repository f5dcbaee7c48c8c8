"""Hidden inputs and known-mistake variants shared by the rnn_architectures_part2 suites."""
import numpy as np

from autograder.suites.rnn_architectures_part2.stats import softmax


def rnn_params(seed, V, H, wx_scale=1.5, wh_scale=1.2, wy_scale=1.5):
    """A random vanilla RNN over a vocabulary of V tokens: (h0, Wx, Wh, b, Wy, by)."""
    rng = np.random.default_rng(4000 + seed)
    h0 = 0.5 * rng.standard_normal(H)
    Wx = wx_scale * rng.standard_normal((V, H))
    Wh = wh_scale * rng.standard_normal((H, H)) / np.sqrt(H)
    b = 0.2 * rng.standard_normal(H)
    Wy = wy_scale * rng.standard_normal((H, V))
    by = 0.2 * rng.standard_normal(V)
    return h0, Wx, Wh, b, Wy, by


def step(token, h, Wx, Wh, b, Wy, by, use_tanh=True):
    x = np.zeros(Wx.shape[0])
    x[token] = 1.0
    pre = x @ Wx + h @ Wh + b
    h_new = np.tanh(pre) if use_tanh else pre
    return h_new, h_new @ Wy + by


def greedy_variant(start, h0, Wx, Wh, b, Wy, by, length, stop=None, feedback=True,
                   update_state=True, include_start=False, stop_mode="include",
                   logits_from_old_state=False, use_tanh=True, zero_h0=False):
    """Greedy decoding with classic mistakes switchable (for naming a wrong answer)."""
    h = np.zeros_like(h0) if zero_h0 else np.array(h0, dtype=float)
    token = start
    out = [start] if include_start else []
    for _ in range(max(length, 0)):
        h_new, logits = step(token if feedback else start, h, Wx, Wh, b, Wy, by, use_tanh)
        if logits_from_old_state:
            logits = h @ Wy + by
        if update_state:
            h = h_new
        token = int(np.argmax(logits))
        if stop is not None and token == stop and stop_mode == "exclude":
            break
        out.append(token)
        if stop is not None and token == stop and stop_mode == "include":
            break
    return out


def first_step_probs(start, h0, Wx, Wh, b, Wy, by, temperature=1.0):
    _, logits = step(start, h0, Wx, Wh, b, Wy, by)
    return softmax(logits / temperature), logits


def pair_probs(start, h0, Wx, Wh, b, Wy, by, feed="sampled", update_state=True):
    """P(first = a, second = c) for two sampled steps at temperature 1, as a (V*V,) vector.

    ``feed``: "sampled" (correct), "start" (no feedback) or "argmax" (the argmax is fed
    back instead of the sampled token); ``update_state=False`` keeps h0 for step 2.
    """
    V = Wx.shape[0]
    h1, z1 = step(start, h0, Wx, Wh, b, Wy, by)
    p1 = softmax(z1)
    joint = np.zeros((V, V))
    for a in range(V):
        fed = {"sampled": a, "start": start, "argmax": int(np.argmax(z1))}[feed]
        _, z2 = step(fed, h1 if update_state else h0, Wx, Wh, b, Wy, by)
        joint[a] = p1[a] * softmax(z2)
    return joint.reshape(-1)
