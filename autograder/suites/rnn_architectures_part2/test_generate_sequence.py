"""Hidden checks for generate_sequence: exact at temperature 0, statistical otherwise.

generate_sequence calls the student's own sample_with_temperature. A correct generator
around a wrong sampler keeps its points: greedy paths are compared with the reference
driving the student's sampler, sampled distributions with the reference's driven by
the student's sampler's own measured frequencies (``carried``).
"""
import numpy as np
import pytest

import solutions.rnn_architectures_part2 as ref
from autograder.harness.checks import fail
from autograder.harness.wire import Rng
from autograder.suites.carried import with_own
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import diagnoses, rnn_params
from autograder.suites.rnn_architectures_part2.stats import check_distribution, counts_of, fits
from autograder.suites import cases

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


OWN_DRAWS = 4000  # draws of the student's own sampler per distribution it is measured on


def _own_sampler(student, logits, temperature, seed):
    """Frequencies of the student's own sample_with_temperature on ``logits``, or None if
    it samples right there (nothing to excuse) or gives nothing usable."""
    try:
        draws = [int(d) for d in student.call("sample_with_temperature", logits, temperature,
                                              Rng(seed), _repeat=OWN_DRAWS)]
    except Exception:  # noqa: BLE001 - no sampler to judge with: the check stands
        return None
    if not all(0 <= d < len(logits) for d in draws):
        return None
    counts = counts_of(draws, len(logits))
    if fits(counts, diagnoses.softmax(np.asarray(logits) / temperature))[0]:
        return None
    return counts / OWN_DRAWS


def _own_first(student, logits, temperature, seed):
    """``carried`` for the first token: the student's sampler on the first logits."""
    def carried():
        q = _own_sampler(student, logits, temperature, seed)
        return None if q is None else (q, OWN_DRAWS)
    return carried


def _own_pairs(student, start, params, seed):
    """``carried`` for (first, second) pairs at temperature 1: the student's sampler on
    the first step's logits and on the second step's after each first token."""
    def carried():
        h1, z1 = diagnoses.step(start, *params)
        q1 = _own_sampler(student, z1, 1.0, seed)
        if q1 is None:
            return None
        joint = []
        for a in range(len(z1)):
            z2 = diagnoses.step(a, h1, *params[1:])[1]
            q2 = _own_sampler(student, z2, 1.0, seed + 1 + a)
            joint.append(q1[a] * (diagnoses.softmax(z2) if q2 is None else q2))
        return np.concatenate(joint), OWN_DRAWS
    return carried


def _own_sampler_ignores_rng(student):
    """Does the student's own sampler ignore its rng argument (np.random, or no draw at
    all)? Then generate_sequence cannot follow the rng either, through no fault of its own."""
    from autograder.harness.checks import CheckFailed
    logits = np.zeros(6)
    try:
        draws = [[int(v) for v in student.call("sample_with_temperature", logits, 1.0, Rng(s),
                                               _repeat=30)] for s in (8, 8, 9)]
        diagnoses.check_uses_rng(*draws)
    except CheckFailed:
        return True
    except Exception:  # noqa: BLE001 - no sampler to judge with: the check stands
        return False
    return False


def _stop_token(seed, V, H, start, length):
    params = rnn_params(seed, V, H)
    path = ref.generate_sequence(start, *params, length, 0, np.random.default_rng(0))
    for pos, tok in enumerate(path):
        if pos >= 2 and tok not in path[:pos]:
            return params, tok
    raise RuntimeError("hidden case without a usable stop token")  # guarded by the suite tests


@rule("greedy decoding of a random RNN from a nonzero h0 follows its steps")
@pytest.mark.parametrize("case", GREEDY, ids=lambda c: cases.describe("V H length", (*c[1:3], c[4])))
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
@pytest.mark.parametrize("case", STOPPED, ids=lambda c: cases.describe("V H", c[1:3]))
def test_greedy_stops_after_stop_token(student, case):
    """greedy generation with a stop token, on a hidden RNN"""
    seed, V, H, start, length = case
    params, stop = _stop_token(*case)
    got = _ids(student.generate_sequence(start, *params, length, 0, Rng(seed), stop_idx=stop))
    # judged on the student's own path without a stop token: a path that is wrong
    # already costs the greedy checks, here only where it stops counts
    path = _ids(student.generate_sequence(start, *params, length, 0, Rng(seed)))
    want = path[:path.index(stop) + 1] if stop in path else path
    _compare(got, want, diagnoses.greedy_mistakes(start, params, length, stop),
             f"greedy generation with stop_idx={stop} (without it: {path})")


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


SAMPLED_STOP = dict(V=5, stop=4, length=8, seed=9, n=300)


def _sampled_with_stop(student):
    c = SAMPLED_STOP
    params = rnn_params(c["seed"], c["V"], 6)
    return [_ids(r) for r in student.call("generate_sequence", 0, *params, c["length"], 1.0,
                                          Rng(c["seed"]), _repeat=c["n"], stop_idx=c["stop"])]


@rule("generation stops right after the stop token, which is included")
def test_sampled_sequences_stop_at_first_stop_token(student):
    """sampled sequences end at their first stop token, which is included"""
    stop, n = SAMPLED_STOP["stop"], SAMPLED_STOP["n"]
    runs = _sampled_with_stop(student)
    for ids in runs:
        if stop in ids and ids.index(stop) != len(ids) - 1:
            fail(f"the sequence {ids} continues after the stop token {stop}")
    if not any(stop in ids for ids in runs) and not _own_sampler_never_draws(student, stop):
        fail(f"in {n} sampled sequences the stop token {stop} never appeared, although it "
             "has a high probability: is it excluded from the output?")


def _own_sampler_never_draws(student, token):
    """Does the student's own (wrong) sampler never draw ``token`` at the first step of
    the sampled stop case? Then the stop token cannot appear, whatever the generator."""
    h0, Wx, Wh, b, Wy, by = rnn_params(SAMPLED_STOP["seed"], SAMPLED_STOP["V"], 6)
    q = _own_sampler(student, diagnoses.step(0, h0, Wx, Wh, b, Wy, by)[1], 1.0, 22)
    return q is not None and q[token] == 0


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
                            "input and that h is updated every step",
        carried=_own_pairs(student, 1, params, 20))


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
                       diagnoses.first_token_mistakes(logits, temperature),
                       carried=_own_first(student, logits, temperature, 21))


@rule("sampling draws from the rng argument (same seed, same sequences)")
def test_uses_the_given_rng(student):
    """sampling draws from the rng argument, on a hidden RNN"""
    params = rnn_params(12, 8, 6, wy_scale=0.5)
    a = student.call("generate_sequence", 0, *params, 10, 1.0, Rng(12), _repeat=5)
    b = student.call("generate_sequence", 0, *params, 10, 1.0, Rng(12), _repeat=5)
    c = student.call("generate_sequence", 0, *params, 10, 1.0, Rng(13), _repeat=5)
    try:
        diagnoses.check_uses_rng(a, b, c)
    except AssertionError:
        if not _own_sampler_ignores_rng(student):
            raise  # else: the student's own sampler ignores rng, and costs its own question
