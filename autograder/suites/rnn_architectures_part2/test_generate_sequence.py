"""Hidden checks for generate_sequence: exact at temperature 0, statistical otherwise."""
import numpy as np
import pytest

import solutions.rnn_architectures_part2 as ref
from autograder.harness.checks import fail
from autograder.harness.wire import Rng
from autograder.suites.carried import with_own
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import diagnoses, rnn_params
from autograder.suites.rnn_architectures_part2.stats import check_distribution, counts_of

# (seed, V, H, start, length)
GREEDY = [(3, 6, 10, 0, 15), (2, 9, 5, 4, 10), (1, 3, 12, 2, 7), (3, 12, 8, 11, 20)]
# (seed, V, H, start, length): the stop token is the first token that greedy decoding
# produces for the first time at position >= 2
STOPPED = [(2, 7, 9, 1, 12), (6, 5, 6, 0, 10)]


def _ids(value, what="the result"):
    if not isinstance(value, list):
        fail(f"{what} should be a list of ints, got {type(value).__name__}")
    for v in value:
        if not isinstance(v, (int, np.integer)) or isinstance(v, (bool, np.bool_)):
            fail(f"{what} should hold ints, found {v!r} ({type(v).__name__})")
    return [int(v) for v in value]


def _compare(got, want, likely, what, carried=None):
    """``carried``: what a correct generator gives with the student's own
    sample_with_temperature (a wrong sampler costs its own question only)."""
    if got == want:
        return
    if carried is not None:
        try:
            if got == [int(v) for v in carried()]:
                return
        except Exception:  # noqa: BLE001 - the student's sampler gives nothing to compare with
            pass
    fail(f"{what}: got {got}, expected {want}", diagnoses.named(likely, got, want))


def _own(student, *args, **kwargs):
    return lambda: with_own(student, ref.generate_sequence, "sample_with_temperature")(
        *args, **kwargs)


def _stop_token(seed, V, H, start, length):
    params = rnn_params(seed, V, H)
    path = ref.generate_sequence(start, *params, length, 0, np.random.default_rng(0))
    for pos, tok in enumerate(path):
        if pos >= 2 and tok not in path[:pos]:
            return params, tok
    raise RuntimeError("hidden case without a usable stop token")  # guarded by the suite tests


@rule("greedy decoding of a random RNN from a nonzero h0 follows its steps")
@pytest.mark.parametrize("case", GREEDY, ids=lambda c: "V{}-H{}-len{}".format(*c[1:3], c[4]))
def test_greedy_matches_reference(student, case):
    """greedy generation (temperature 0) on a hidden RNN"""
    seed, V, H, start, length = case
    params = rnn_params(seed, V, H)
    got = _ids(student.generate_sequence(start, *params, length, 0, Rng(seed)))
    want = ref.generate_sequence(start, *params, length, 0, np.random.default_rng(0))
    _compare(got, want, diagnoses.greedy_mistakes(start, params, length),
             f"greedy generation (V={V}, H={H})",
             _own(student, start, *params, length, 0, np.random.default_rng(0)))


@rule("generation stops right after the stop token, which is included")
@pytest.mark.parametrize("case", STOPPED, ids=lambda c: "V{}-H{}".format(*c[1:3]))
def test_greedy_stops_after_stop_token(student, case):
    """greedy generation with a stop token, on a hidden RNN"""
    seed, V, H, start, length = case
    params, stop = _stop_token(*case)
    got = _ids(student.generate_sequence(start, *params, length, 0, Rng(seed), stop_idx=stop))
    want = ref.generate_sequence(start, *params, length, 0, np.random.default_rng(0), stop)
    _compare(got, want, diagnoses.greedy_mistakes(start, params, length, stop),
             f"greedy generation with stop_idx={stop}",
             _own(student, start, *params, length, 0, np.random.default_rng(0), stop))


@rule("returns a list of `length` int ids when there is no stop token")
def test_length_one(student):
    """length=1 gives exactly one token"""
    params = rnn_params(7, 5, 4)
    got = _ids(student.generate_sequence(3, *params, 1, 0, Rng(7)))
    want = ref.generate_sequence(3, *params, 1, 0, np.random.default_rng(0))
    _compare(got, want, diagnoses.greedy_mistakes(3, params, 1), "generation with length=1",
             _own(student, 3, *params, 1, 0, np.random.default_rng(0)))


@rule("returns a list of `length` int ids when there is no stop token")
def test_sampled_sequences_have_length_cap(student):
    """sampled sequences without a stop token have exactly `length` valid ids"""
    params = rnn_params(8, 6, 7)
    runs = student.call("generate_sequence", 2, *params, 9, 1.5, Rng(8), _repeat=60)
    for run in runs:
        ids = _ids(run)
        if len(ids) != 9:
            fail(f"asked for length=9 without a stop token, got {len(ids)} ids: {ids}")
        if not all(0 <= v < 6 for v in ids):
            fail(f"ids {ids} fall outside [0, V) for V = 6")


@rule("generation stops right after the stop token, which is included")
def test_sampled_sequences_stop_at_first_stop_token(student):
    """sampled sequences end at their first stop token, or run to the cap without one"""
    V, stop, length = 5, 4, 8
    params = rnn_params(9, V, 6)
    runs = [_ids(r) for r in student.call("generate_sequence", 0, *params, length, 1.0,
                                          Rng(9), _repeat=300, stop_idx=stop)]
    stopped = 0
    for ids in runs:
        if stop in ids:
            stopped += 1
            if ids.index(stop) != len(ids) - 1:
                fail(f"the sequence {ids} continues after the stop token {stop}")
        elif len(ids) != length:
            fail(f"the sequence {ids} has no stop token and {len(ids)} ids; expected "
                 f"length={length}")
    if stopped == 0:
        fail(f"in 300 sampled sequences the stop token {stop} never appeared, although it "
             "has a high probability: is it excluded from the output?")


@rule("with sampling, (first, second) token pairs follow the RNN (each token fed back)")
def test_sampled_pairs_follow_the_model(student):
    """with sampling, (1st, 2nd) token pairs follow the RNN (feedback and state update)"""
    V, n = 4, 4000
    params = rnn_params(13, V, 6, wx_scale=2.0, wy_scale=0.8)
    runs = student.call("generate_sequence", 1, *params, 2, 1.0, Rng(10), _repeat=n)
    pairs = []
    for run in runs:
        ids = _ids(run)
        if len(ids) != 2:
            fail(f"asked for length=2, got {ids}")
        pairs.append(ids[0] * V + ids[1])
    labels = [f"({a},{c})" for a in range(V) for c in range(V)]
    check_distribution(
        counts_of(pairs, V * V), diagnoses.pair_probs(1, *params),
        f"{n} sampled (first, second) pairs", diagnoses.pair_mistakes(1, params),
        labels=labels, hint="check that the sampled token is fed back as the next one-hot "
                            "input and that h is updated every step")


@rule("at temperature 0.5 the first token follows softmax(logits / 0.5)")
def test_first_token_uses_temperature(student):
    """the first token follows softmax(logits / temperature) at temperature 0.5"""
    V, n, temperature = 5, 3000, 0.5
    params = rnn_params(13, V, 6, wy_scale=0.5)
    runs = student.call("generate_sequence", 0, *params, 1, temperature, Rng(11), _repeat=n)
    firsts = [_ids(r)[0] if r else -1 for r in runs]
    if -1 in firsts:
        fail("generation with length=1 returned an empty list")
    p, logits = diagnoses.first_step_probs(0, *params, temperature)
    check_distribution(counts_of(firsts, V), p, f"{n} first tokens at temperature 0.5",
                       diagnoses.first_token_mistakes(logits, temperature))


@rule("sampling draws from the rng argument (same seed, same sequences)")
def test_uses_the_given_rng(student):
    """sampling draws from the rng argument, on a hidden RNN"""
    params = rnn_params(12, 8, 6, wy_scale=0.5)
    a = student.call("generate_sequence", 0, *params, 10, 1.0, Rng(12), _repeat=5)
    b = student.call("generate_sequence", 0, *params, 10, 1.0, Rng(12), _repeat=5)
    c = student.call("generate_sequence", 0, *params, 10, 1.0, Rng(13), _repeat=5)
    diagnoses.check_uses_rng(a, b, c)
