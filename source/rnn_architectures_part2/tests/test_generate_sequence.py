"""Public checks for generate_sequence."""
import numpy as np

from _harness.checks import fail
from _harness.wire import Rng

CALLS = ("sample_with_temperature",)  # graded functions of this notebook it calls

TOLERANCE = 0.05  # largest gap between observed and expected frequencies
NOT_FED_BACK = "the sampled token is not fed back (every step reads the start token)"
NOT_UPDATED = "the hidden state is not updated between steps (h stays h0)"


def _cycle_rnn(V=4):
    """Each token predicts its successor: greedy decoding counts 1, 2, 3, 0, 1, ..."""
    return (3 * np.eye(V), np.zeros((V, V)), np.zeros(V), 5 * np.roll(np.eye(V), 1, axis=1),
            np.zeros(V))


def _random_rnn(seed=0, V=5, H=7, wx=1.0, wy=1.0):
    rng = np.random.default_rng(seed)
    return (wx * rng.standard_normal((V, H)), rng.standard_normal((H, H)) / np.sqrt(H),
            0.1 * rng.standard_normal(H), wy * rng.standard_normal((H, V)), np.zeros(V))


def _as_ids(value, what):
    if not isinstance(value, list):
        fail(f"{what} should be a list of ints, got {type(value).__name__}")
    for v in value:
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool):
            fail(f"{what} should hold ints, found {v!r} ({type(v).__name__})")
    return [int(v) for v in value]


def _softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _step(token, h, Wx, Wh, b, Wy, by, use_tanh=True):
    """One RNN step on a one-hot token: (new state, logits)."""
    pre = Wx[token] + h @ Wh + b
    h_new = np.tanh(pre) if use_tanh else pre
    return h_new, h_new @ Wy + by


def _greedy(start, h0, Wx, Wh, b, Wy, by, length, stop=None, feedback=True,
            update_state=True, include_start=False, stop_mode="include",
            logits_from_old_state=False, use_tanh=True, zero_h0=False):
    """Greedy decoding, with common mistakes switchable."""
    h = np.zeros_like(h0) if zero_h0 else np.array(h0, dtype=float)
    token = start
    out = [start] if include_start else []
    for _ in range(max(length, 0)):
        h_new, logits = _step(token if feedback else start, h, Wx, Wh, b, Wy, by, use_tanh)
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


def _mistake(got, start, params, length, stop=None):
    """The first common mistake whose greedy output is `got` (None if there is none)."""
    args = (start, *params)
    likely = {
        NOT_FED_BACK: _greedy(*args, length, stop, feedback=False),
        NOT_UPDATED: _greedy(*args, length, stop, update_state=False),
        "the stop token is not included as the last element":
            _greedy(*args, length, stop, stop_mode="exclude"),
        "the stop token is ignored (generation goes on after it)":
            _greedy(*args, length, stop, stop_mode="ignore"),
        "the start token is included in the output":
            _greedy(*args, length, stop, include_start=True),
        "the length cap is off by one (one token too few)": _greedy(*args, length - 1, stop),
        "the length cap is off by one (one token too many)": _greedy(*args, length + 1, stop),
        "h0 is ignored (started from zeros)": _greedy(*args, length, stop, zero_h0=True),
        "the logits are read from the previous state, before the RNN step":
            _greedy(*args, length, stop, logits_from_old_state=True),
        "tanh is missing in the RNN step": _greedy(*args, length, stop, use_tanh=False),
    }
    want = _greedy(*args, length, stop)
    return next((why for why, wrong in likely.items() if got == wrong and wrong != want), None)


def _explain(freq, alternatives):
    """The first mistake whose distribution the observed frequencies fit."""
    return next((why for why, p in alternatives.items() if np.abs(freq - p).max() <= TOLERANCE),
                None)


def _pair_probs(start, h0, Wx, Wh, b, Wy, by, feed="sampled", update_state=True):
    """P(first = a, second = c) for two sampled steps at temperature 1, as a (V*V,) vector.

    feed: "sampled" (correct), "start" (no feedback) or "argmax" (the argmax of the first
    step's logits is fed back instead of the sampled token)."""
    V = Wx.shape[0]
    h1, z1 = _step(start, h0, Wx, Wh, b, Wy, by)
    p1 = _softmax(z1)
    joint = np.zeros((V, V))
    for a in range(V):
        fed = {"sampled": a, "start": start, "argmax": int(np.argmax(z1))}[feed]
        _, z2 = _step(fed, h1 if update_state else h0, Wx, Wh, b, Wy, by)
        joint[a] = p1[a] * _softmax(z2)
    return joint.reshape(-1)


def test_returns_a_list_of_length_ids(student):
    """returns a list of `length` int ids when there is no stop token"""
    got = _as_ids(student.generate_sequence(0, np.zeros(7), *_random_rnn(), 6, 1.0, Rng(0)),
                  "the result")
    if len(got) != 6:
        fail(f"asked for length=6 without a stop token, got {len(got)} ids")
    if not all(0 <= v < 5 for v in got):
        fail(f"ids {got} are outside [0, V) for V = 5")


def test_greedy_feeds_each_token_back(student):
    """greedy decoding of a 'successor' RNN counts 1, 2, 3, 0, 1"""
    params = (np.zeros(4), *_cycle_rnn())
    got = _as_ids(student.generate_sequence(0, *params, 5, 0, Rng(0)), "the result")
    if got != [1, 2, 3, 0, 1]:
        hint = ""
        if got and all(v == got[0] for v in got):
            hint = " (the same token every step: is the sampled token fed back as the next input?)"
        elif got[:1] == [0]:
            hint = " (the start token must not be part of the output)"
        fail(f"each token predicts its successor, so from start 0 greedy decoding should "
             f"give [1, 2, 3, 0, 1]; got {got}{hint}", _mistake(got, 0, params, 5))


def test_stops_after_the_stop_token(student):
    """generation stops right after the stop token, which is included"""
    params = (np.zeros(4), *_cycle_rnn())
    got = _as_ids(student.generate_sequence(0, *params, 8, 0, Rng(0), stop_idx=2), "the result")
    if got != [1, 2]:
        fail(f"with stop_idx=2 the successor RNN should give [1, 2] (stop token last); "
             f"got {got}", _mistake(got, 0, params, 8, stop=2))


def test_greedy_follows_the_rnn(student):
    """greedy decoding of a random RNN from a nonzero h0 follows its steps"""
    params = (np.linspace(-0.8, 0.8, 7), *_random_rnn(3))
    got = _as_ids(student.generate_sequence(2, *params, 8, 0, Rng(0)), "the result")
    want = _greedy(2, *params, 8)
    if got != want:
        fail(f"greedy decoding (temperature 0) from start 2 should give {want}; got {got}",
             _mistake(got, 2, params, 8))


def test_first_token_follows_the_temperature(student):
    """at temperature 0.5 the first token follows softmax(logits / 0.5)"""
    n, temperature = 1000, 0.5
    h0, Wx, Wh, b, Wy, by = np.zeros(6), *_random_rnn(2, V=4, H=6, wy=0.7)
    runs = student.call("generate_sequence", 0, h0, Wx, Wh, b, Wy, by, 1, temperature, Rng(1),
                        _repeat=n)
    firsts = [_as_ids(r, "the result")[:1] for r in runs]
    if [] in firsts:
        fail("generation with length=1 returned an empty list")
    _, logits = _step(0, h0, Wx, Wh, b, Wy, by)
    p = _softmax(logits / temperature)
    freq = np.bincount([f[0] for f in firsts], minlength=4)[:4] / n
    if np.abs(freq - p).max() > TOLERANCE:
        fail(f"first tokens at temperature 0.5: frequencies {np.round(freq, 3).tolist()}, "
             f"expected softmax(logits / 0.5) = {np.round(p, 3).tolist()}",
             _explain(freq, {
                 "the temperature is not passed on to the sampler": _softmax(logits),
                 "the logits are multiplied by the temperature instead of divided by it":
                     _softmax(logits * temperature)}))


def test_sampled_pairs_follow_the_rnn(student):
    """with sampling, (first, second) token pairs follow the RNN: each sampled token is fed
    back and the state is updated"""
    n, V = 2000, 3
    params = (np.zeros(5), *_random_rnn(46, V=V, H=5, wx=3.0))
    runs = student.call("generate_sequence", 1, *params, 2, 1.0, Rng(2), _repeat=n)
    pairs = []
    for run in runs:
        ids = _as_ids(run, "the result")
        if len(ids) != 2 or not all(0 <= v < V for v in ids):
            fail(f"asked for length=2 with V={V}, got {ids}")
        pairs.append(ids[0] * V + ids[1])
    freq = np.bincount(pairs, minlength=V * V)[:V * V] / n
    p = _pair_probs(1, *params)
    if np.abs(freq - p).max() > TOLERANCE:
        fail(f"(first, second) pair frequencies {np.round(freq, 3).tolist()}, expected "
             f"{np.round(p, 3).tolist()} (pairs (0,0), (0,1), ...)",
             _explain(freq, {
                 NOT_FED_BACK: _pair_probs(1, *params, feed="start"),
                 "the argmax is fed back instead of the sampled token":
                     _pair_probs(1, *params, feed="argmax"),
                 NOT_UPDATED: _pair_probs(1, *params, update_state=False)}))
