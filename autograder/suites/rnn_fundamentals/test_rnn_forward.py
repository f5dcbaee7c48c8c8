"""Hidden checks for rnn_forward, judged apart from rnn_cell_forward (it calls it)."""
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close
from autograder.suites.carried import with_own
from autograder.suites.public import rule
from autograder.suites.rnn_fundamentals.common import SHAPES, diagnoses, params
from autograder.suites import cases


def _own(student, args):
    return lambda: with_own(student, ref.rnn_forward, "rnn_cell_forward")(*args)[0]


@rule("h[:, t] = tanh(x_t Wx + h[:, t-1] Wh + b) for every t > 0")
@pytest.mark.parametrize("shape", SHAPES, ids=cases.ids("N T D H"))
def test_matches_reference(student, shape):
    """all hidden states on hidden inputs"""
    args = params(sum(shape), *shape)
    h = student.call("rnn_forward", *args, _keep=1)[0]
    check_close(h, ref.rnn_forward(*args)[0], "h (N={}, T={}, D={}, H={})".format(*shape),
                likely=diagnoses.rnn_forward_mistakes(*args), carried=_own(student, args))


@rule("h[:, t] = tanh(x_t Wx + h[:, t-1] Wh + b) for every t > 0")
def test_long_sequence_stays_bounded(student):
    """a 50-step sequence with large weights"""
    args = params(11, 2, 50, 3, 4, wh_scale=3.0)
    h = student.call("rnn_forward", *args, _keep=1)[0]
    check_close(h, ref.rnn_forward(*args)[0], "h for a long sequence",
                carried=_own(student, args))
