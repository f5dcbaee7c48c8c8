"""Hidden checks for rnn_backward (BPTT): reference values and numeric gradients."""
import numpy as np
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close, check_tuple
from autograder.suites.rnn_fundamentals.common import SHAPES, diagnoses, params

NAMES = ("dx", "dh0", "dWx", "dWh", "db")


def _student_grads(student, args, dh):
    _, cache = student.call("rnn_forward", *args, _keep=1)
    return check_tuple(student.rnn_backward(dh, cache), 5, "rnn_backward")


def _at(likely, k):
    """The mistakes' gradient number k."""
    return {why: grads[k] for why, grads in likely.items()}


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "N{}-T{}-D{}-H{}".format(*s))
def test_gradients_match_reference(student, shape):
    """all five gradients on hidden inputs (batch of 1, T = 1, H != D, ...)"""
    args = params(70 + sum(shape), *shape)
    dh = np.random.default_rng(sum(shape)).standard_normal((shape[0], shape[1], shape[3]))
    got = _student_grads(student, args, dh)
    want = ref.rnn_backward(dh, ref.rnn_forward(*args)[1])
    likely = diagnoses.rnn_backward_mistakes(args, dh)
    for k in range(5):
        check_close(got[k], want[k], NAMES[k] + " (N={}, T={}, D={}, H={})".format(*shape),
                    likely=_at(likely, k))


@pytest.mark.parametrize("k", [2, 3, 4], ids=["dWx", "dWh", "db"])
def test_weight_gradient_against_numeric_gradient(student, k):
    """weight gradients agree with centred differences of the unfolded network"""
    args = params(123, 2, 5, 3, 4)
    dh = np.random.default_rng(3).standard_normal((2, 5, 4))
    got = _student_grads(student, args, dh)[k]
    base = list(args)
    numeric = np.zeros_like(base[k])
    for i in np.ndindex(numeric.shape):
        plus, minus = [a.copy() for a in base], [a.copy() for a in base]
        plus[k][i] += 1e-6
        minus[k][i] -= 1e-6
        numeric[i] = np.sum((ref.rnn_forward(*plus)[0] - ref.rnn_forward(*minus)[0]) * dh) / 2e-6
    check_close(got, numeric, NAMES[k] + " against a numeric gradient", atol=1e-6,
                likely=_at(diagnoses.rnn_backward_mistakes(args, dh), k))


def test_gradient_only_on_the_last_state(student):
    """with a gradient on the last state only, dh0 still receives it through time"""
    args = params(5, 3, 6, 2, 5)
    dh = np.zeros((3, 6, 5))
    dh[:, -1] = np.random.default_rng(8).standard_normal((3, 5))
    got = _student_grads(student, args, dh)
    want = ref.rnn_backward(dh, ref.rnn_forward(*args)[1])
    check_close(got[1], want[1], "dh0 when only the last state has a gradient",
                likely=_at(diagnoses.rnn_backward_mistakes(args, dh), 1))
