"""Public checks for generate_sequence."""
import numpy as np

from _harness.checks import fail
from _harness.wire import Rng


def _cycle_rnn(V=4):
    """Each token predicts its successor: greedy decoding counts 1, 2, 3, 0, 1, ..."""
    return (3 * np.eye(V), np.zeros((V, V)), np.zeros(V), 5 * np.roll(np.eye(V), 1, axis=1),
            np.zeros(V))


def _random_rnn(seed=0, V=5, H=7):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((V, H)), rng.standard_normal((H, H)) / np.sqrt(H),
            0.1 * rng.standard_normal(H), rng.standard_normal((H, V)), np.zeros(V))


def _as_ids(value, what):
    if not isinstance(value, list):
        fail(f"{what} should be a list of ints, got {type(value).__name__}")
    for v in value:
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool):
            fail(f"{what} should hold ints, found {v!r} ({type(v).__name__})")
    return [int(v) for v in value]


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
    got = _as_ids(student.generate_sequence(0, np.zeros(4), *_cycle_rnn(), 5, 0, Rng(0)),
                  "the result")
    if got != [1, 2, 3, 0, 1]:
        hint = ""
        if got and all(v == got[0] for v in got):
            hint = " (the same token every step: is the sampled token fed back as the next input?)"
        elif got[:1] == [0]:
            hint = " (the start token must not be part of the output)"
        fail(f"each token predicts its successor, so from start 0 greedy decoding should "
             f"give [1, 2, 3, 0, 1]; got {got}{hint}")


def test_stops_after_the_stop_token(student):
    """generation stops right after the stop token, which is included"""
    got = _as_ids(student.generate_sequence(0, np.zeros(4), *_cycle_rnn(), 8, 0, Rng(0),
                                            stop_idx=2), "the result")
    if got != [1, 2]:
        fail(f"with stop_idx=2 the successor RNN should give [1, 2] (stop token last); "
             f"got {got}")
