"""Hidden checks for rnn_cell_backward, on caches laid out as the question defines them
(never the student's own forward pass: a wrong forward costs its own question only)."""
import numpy as np
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close, check_tuple
from autograder.suites.public import rule
from autograder.suites.rnn_fundamentals.common import diagnoses, step_params
from autograder.suites import cases

NAMES = ("dx_t", "dh_prev", "dWx", "dWh", "db")
CASES = [(1, 3, 5), (3, 2, 6), (2, 4, 4)]  # (N, D, H)
RULE = "every gradient agrees with centred differences of h_next = tanh(x_t Wx + h_prev Wh + b)"


def _grads(student, args, dh):
    cache = ref.rnn_cell_forward(*args)[1]
    return check_tuple(student.rnn_cell_backward(dh, cache), 5, "rnn_cell_backward")


@rule(RULE)
@pytest.mark.parametrize("k,case", [(k, c) for k in range(5) for c in CASES],
                         ids=[f"{name}, {cases.describe('N D H', c)}"
                              for name in NAMES for c in CASES])
def test_gradient_matches_reference(student, k, case):
    """each gradient on hidden inputs"""
    args = step_params(40 + sum(case), *case)
    dh = np.random.default_rng(sum(case)).standard_normal((case[0], case[2]))
    got = _grads(student, args, dh)
    want = ref.rnn_cell_backward(dh, ref.rnn_cell_forward(*args)[1])
    check_close(got[k], want[k], NAMES[k], likely=diagnoses.rnn_cell_backward_mistakes(args, dh, k))


@rule(RULE)
def test_numeric_gradient_of_h_prev(student):
    """dh_prev against centred differences, on hidden inputs"""
    args = step_params(99, 2, 3, 4)
    dh = np.random.default_rng(5).standard_normal((2, 4))
    got = _grads(student, args, dh)[1]
    numeric = diagnoses.numeric_gradients(
        lambda x, h, Wx, Wh, b: np.sum(np.tanh(x @ Wx + h @ Wh + b) * dh), list(args))[1]
    check_close(got, numeric, "dh_prev", atol=1e-6,
                likely=diagnoses.rnn_cell_backward_mistakes(args, dh, 1))
