"""Hidden checks for lstm_cell_backward: reference values on hidden inputs (the reference
agrees with finite differences of the LSTM step, as the public checks ask)."""
import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.harness.checks import check_close, check_shape, check_tuple
from autograder.suites.public import rule
from autograder.suites.rnn_variants_overview.common import diagnoses, lstm_inputs, rng_for
from autograder.suites import cases

NAMES = ("dx_t", "dh_prev", "dc_prev", "dW", "dU", "db")
CASES = [(1, 3, 5), (3, 2, 6), (2, 4, 4), (4, 5, 2)]  # (N, D, H): batch of 1, H != D, H == D
CASE_IDS = [cases.describe("N D H", c) for c in CASES]
CELL_STATE = "dc_prev agrees with finite differences (the cell-state 'gradient highway')"


def _args(seed, N, D, H, scale=1.0):
    """Upstream gradients dh_next, dc_next and the step's inputs x_t, h_prev, c_prev, W, U, b."""
    x, h, c, W, U, b = lstm_inputs(seed, N, 1, D, H)
    rng = rng_for(500 + seed)
    return (rng.standard_normal((N, H)), rng.standard_normal((N, H)), x[:, 0] * scale,
            h, c, W, U, b)


def _grads(student, args):
    return check_tuple(student.lstm_cell_backward(*args), 6, "lstm_cell_backward")


def _compare(student, args, which, note):
    got = _grads(student, args)
    want = ref.lstm_cell_backward(*args)
    likely = diagnoses.lstm_cell_backward_mistakes(args[0], args[1], args[2:])
    for k in which:
        check_close(got[k], want[k], f"{NAMES[k]} {note}", likely=likely[k])


@rule("dx_t and dh_prev agree with finite differences")
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_input_and_state_gradients_match_reference(student, case):
    """dx_t and dh_prev on hidden inputs"""
    _compare(student, _args(60 + sum(case), *case), (0, 1), "(N={}, D={}, H={})".format(*case))


@rule(CELL_STATE)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_cell_state_gradient_matches_reference(student, case):
    """dc_prev on hidden inputs"""
    _compare(student, _args(60 + sum(case), *case), (2,), "(N={}, D={}, H={})".format(*case))


@rule("dW, dU and db agree with finite differences")
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_weight_gradients_match_reference(student, case):
    """dW, dU and db on hidden inputs"""
    _compare(student, _args(60 + sum(case), *case), (3, 4, 5),
             "(N={}, D={}, H={})".format(*case))


@rule("with dc_next = 0, the gradient on h_next still reaches c_prev through c_next")
def test_h_gradient_reaches_the_cell_state(student):
    """with dc_next = 0, the gradient on h_next still reaches c_prev through c_next"""
    dh, dc, *inputs = _args(91, 3, 4, 5)
    _compare(student, (dh, 0 * dc, *inputs), (2, 1), "when dc_next = 0")


@rule(CELL_STATE)
def test_gradient_highway(student):
    """with dh_next = 0 and the forget gate near 1, dc_prev carries dc_next almost unchanged"""
    dh, dc, x, h, c, W, U, b = _args(92, 2, 3, 4)
    b = b.copy()
    b[4:8] = 6.0  # forget gate ~ 0.998
    _compare(student, (0 * dh, dc, x, h, c, W, U, b), (2,), "when dh_next = 0 and f ~ 1")


@rule("very large pre-activations give finite, correct gradients")
def test_saturated_gates_stay_finite(student):
    """very large pre-activations give finite, correct gradients"""
    args = _args(93, 3, 4, 5, scale=200.0)
    got = _grads(student, args)
    want = ref.lstm_cell_backward(*args)
    for k, name in enumerate(NAMES):
        check_close(got[k], want[k], f"{name} for inputs of size ~200", atol=1e-6)


@rule("returns six gradients, each shaped like its variable")
def test_shapes(student):
    """gradients shaped like their variables for N=2, D=5, H=3"""
    args = _args(94, 2, 5, 3)
    for name, grad, var in zip(NAMES, _grads(student, args), args[2:]):
        check_shape(grad, np.shape(var), f"{name} for N=2, D=5, H=3")
