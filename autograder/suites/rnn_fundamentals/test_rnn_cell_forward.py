"""Hidden checks for rnn_cell_forward."""
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close
from autograder.suites.rnn_fundamentals.common import SHAPES, diagnoses, step_params


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "N{}-T{}-D{}-H{}".format(*s))
def test_matches_reference(student, shape):
    """h_next on hidden inputs (batch of 1, H != D, ...)"""
    N, _, D, H = shape
    args = step_params(sum(shape), N, D, H)
    h_next = student.call("rnn_cell_forward", *args, _keep=1)[0]
    check_close(h_next, ref.rnn_cell_forward(*args)[0], f"h_next (N={N}, D={D}, H={H})",
                likely=diagnoses.rnn_cell_forward_mistakes(*args))


def test_inputs_are_not_modified(student):
    """a correct h_next, with the inputs left unchanged"""
    args = step_params(7, 2, 3, 4)
    out, after = student.call("rnn_cell_forward", *args, _keep=1, _return_args=True)
    check_close(out[0], ref.rnn_cell_forward(*args)[0], "h_next",
                likely=diagnoses.rnn_cell_forward_mistakes(*args))
    for name, before, now in zip(("x_t", "h_prev", "Wx", "Wh", "b"), args, after):
        check_close(now, before, f"{name} after the call (do not modify inputs)", atol=0, rtol=0)
