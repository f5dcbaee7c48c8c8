"""Hidden checks for rnn_cell_backward: reference values and numeric gradients."""
import numpy as np
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close, check_tuple
from autograder.suites.rnn_fundamentals.common import diagnoses, step_params

NAMES = ("dx_t", "dh_prev", "dWx", "dWh", "db")
CASES = [(1, 3, 5), (3, 2, 6), (2, 4, 4)]  # (N, D, H)


def _student_grads(student, args, dh):
    _, cache = student.call("rnn_cell_forward", *args, _keep=1)
    return check_tuple(student.rnn_cell_backward(dh, cache), 5, "rnn_cell_backward")


@pytest.mark.parametrize("case", CASES, ids=lambda c: "N{}-D{}-H{}".format(*c))
@pytest.mark.parametrize("k", range(5), ids=NAMES)
def test_gradient_matches_reference(student, case, k):
    """each gradient on hidden inputs"""
    args = step_params(40 + sum(case), *case)
    dh = np.random.default_rng(sum(case)).standard_normal((case[0], case[2]))
    got = _student_grads(student, args, dh)
    _, cache = ref.rnn_cell_forward(*args)
    want = ref.rnn_cell_backward(dh, cache)
    check_close(got[k], want[k], NAMES[k], likely=diagnoses.rnn_cell_backward_mistakes(args, dh, k))


def test_numeric_gradient_of_h_prev(student):
    """dh_prev agrees with centred differences of the true cell"""
    args = step_params(99, 2, 3, 4)
    dh = np.random.default_rng(5).standard_normal((2, 4))
    got = _student_grads(student, args, dh)[1]
    x, h, Wx, Wh, b = args
    numeric = np.zeros_like(h)
    for i in np.ndindex(h.shape):
        e = np.zeros_like(h)
        e[i] = 1e-6
        numeric[i] = np.sum((np.tanh(x @ Wx + (h + e) @ Wh + b)
                             - np.tanh(x @ Wx + (h - e) @ Wh + b)) * dh) / 2e-6
    check_close(got, numeric, "dh_prev against a numeric gradient", atol=1e-6,
                likely=diagnoses.rnn_cell_backward_mistakes(args, dh, 1))
