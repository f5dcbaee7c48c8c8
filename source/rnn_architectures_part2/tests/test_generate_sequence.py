"""Public checks for generate_sequence."""
import numpy as np

from _harness.checks import fail
from _harness.wire import Rng
from diagnoses import (check_uses_rng, explain, first_step_probs, first_token_mistakes, greedy,
                       greedy_mistakes, named, pair_mistakes, pair_probs)

CALLS = ("sample_with_temperature",)  # graded functions of this notebook it calls

TOLERANCE = 0.05  # largest gap between observed and expected frequencies


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


def _mistake(got, start, params, length, stop=None):
    """The first common mistake whose greedy output is `got` (None if there is none)."""
    return named(greedy_mistakes(start, params, length, stop), got,
                 greedy(start, *params, length, stop))


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
    # sampling too: a sequence ends at the first stop token it draws
    params, stop = (np.zeros(6), *_random_rnn(1, V=5, H=6)), 4
    runs = student.call("generate_sequence", 0, *params, 8, 1.0, Rng(3), _repeat=200,
                        stop_idx=stop)
    for run in runs:
        ids = _as_ids(run, "a sampled sequence")
        if stop in ids and ids.index(stop) != len(ids) - 1:
            fail(f"with sampling and stop_idx={stop}, the sequence {ids} goes on after the "
                 "stop token: stop right after the token you sampled (and appended)")


def test_greedy_follows_the_rnn(student):
    """greedy decoding of a random RNN from a nonzero h0 follows its steps"""
    params = (np.linspace(-0.8, 0.8, 7), *_random_rnn(3))
    got = _as_ids(student.generate_sequence(2, *params, 8, 0, Rng(0)), "the result")
    want = greedy(2, *params, 8)
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
    p, logits = first_step_probs(0, h0, Wx, Wh, b, Wy, by, temperature)
    freq = np.bincount([f[0] for f in firsts], minlength=4)[:4] / n
    if np.abs(freq - p).max() > TOLERANCE:
        fail(f"first tokens at temperature 0.5: frequencies {np.round(freq, 3).tolist()}, "
             f"expected softmax(logits / 0.5) = {np.round(p, 3).tolist()}",
             explain(freq, first_token_mistakes(logits, temperature), TOLERANCE))


def test_sampled_pairs_follow_the_rnn(student):
    """with sampling, (first, second) token pairs follow the RNN (each token fed back)"""
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
    p = pair_probs(1, *params)
    if np.abs(freq - p).max() > TOLERANCE:
        fail(f"(first, second) pair frequencies {np.round(freq, 3).tolist()}, expected "
             f"{np.round(p, 3).tolist()} (pairs (0,0), (0,1), ...)",
             explain(freq, pair_mistakes(1, params), TOLERANCE))


def test_uses_the_given_rng(student):
    """sampling draws from the rng argument (same seed, same sequences)"""
    params = (np.zeros(6), *_random_rnn(4, V=6, H=6, wy=0.5))
    runs = [student.call("generate_sequence", 0, *params, 8, 1.0, Rng(seed), _repeat=4)
            for seed in (5, 5, 6)]
    check_uses_rng(*runs)
