"""Hidden checks for rnn_backward (BPTT), on caches laid out as the question defines
them, judged apart from rnn_cell_backward (it calls it)."""
import numpy as np
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close, check_tuple
from autograder.suites.carried import with_own
from autograder.suites.public import rule
from autograder.suites.rnn_fundamentals.common import SHAPES, diagnoses, params
from autograder.suites import cases

NAMES = ("dx", "dh0", "dWx", "dWh", "db")
RULE = "every gradient agrees with centred differences of the unfolded RNN"


def _grads(student, args, dh):
    """The student's gradients, and what a correct loop over its own rnn_cell_backward
    gives (computed only if needed)."""
    cache = ref.rnn_forward(*args)[1]
    got = check_tuple(student.rnn_backward(dh, cache), 5, "rnn_backward")
    own = {}

    def carried(k):
        def value():
            if "grads" not in own:
                own["grads"] = with_own(student, ref.rnn_backward, "rnn_cell_backward")(dh, cache)
            return own["grads"][k]
        return value
    return got, carried


def _at(likely, k):
    """The mistakes' gradient number k."""
    return {why: grads[k] for why, grads in likely.items()}


@rule(RULE)
@pytest.mark.parametrize("shape", SHAPES, ids=cases.ids("N T D H"))
def test_gradients_match_reference(student, shape):
    """all five gradients on hidden inputs"""
    args = params(70 + sum(shape), *shape)
    dh = np.random.default_rng(sum(shape)).standard_normal((shape[0], shape[1], shape[3]))
    got, carried = _grads(student, args, dh)
    want = ref.rnn_backward(dh, ref.rnn_forward(*args)[1])
    likely = diagnoses.rnn_backward_mistakes(args, dh)
    for k in range(5):
        check_close(got[k], want[k], NAMES[k] + " (N={}, T={}, D={}, H={})".format(*shape),
                    likely=_at(likely, k), carried=carried(k))


@rule(RULE)
@pytest.mark.parametrize("k", [2, 3, 4], ids=["dWx", "dWh", "db"])
def test_weight_gradient_against_numeric_gradient(student, k):
    """a weight gradient against centred differences, on hidden inputs"""
    args = params(123, 2, 5, 3, 4)
    dh = np.random.default_rng(3).standard_normal((2, 5, 4))
    got, carried = _grads(student, args, dh)
    numeric = diagnoses.numeric_gradients(
        lambda *a: np.sum(ref.rnn_forward(*a)[0] * dh), list(args))[k]
    check_close(got[k], numeric, NAMES[k], atol=1e-6,
                likely=_at(diagnoses.rnn_backward_mistakes(args, dh), k), carried=carried(k))


@rule(RULE)
def test_gradient_only_on_the_last_state(student):
    """dh0 when only the last state has a gradient"""
    args = params(5, 3, 6, 2, 5)
    dh = np.zeros((3, 6, 5))
    dh[:, -1] = np.random.default_rng(8).standard_normal((3, 5))
    got, carried = _grads(student, args, dh)
    want = ref.rnn_backward(dh, ref.rnn_forward(*args)[1])
    check_close(got[1], want[1], "dh0 when only the last state has a gradient",
                likely=_at(diagnoses.rnn_backward_mistakes(args, dh), 1), carried=carried(1))
