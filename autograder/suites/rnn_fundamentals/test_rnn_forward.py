"""Hidden checks for rnn_forward."""
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close
from autograder.suites.rnn_fundamentals.common import SHAPES, diagnoses, params


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "N{}-T{}-D{}-H{}".format(*s))
def test_matches_reference(student, shape):
    """all hidden states on hidden inputs (batch of 1, T = 1, H != D, ...)"""
    args = params(sum(shape), *shape)
    h = student.call("rnn_forward", *args, _keep=1)[0]
    check_close(h, ref.rnn_forward(*args)[0], "h (N={}, T={}, D={}, H={})".format(*shape),
                likely=diagnoses.rnn_forward_mistakes(*args))


def test_long_sequence_stays_bounded(student):
    """a 50-step sequence with large weights stays finite and inside (-1, 1)"""
    x, h0, Wx, Wh, b = params(11, 2, 50, 3, 4, wh_scale=3.0)
    h = student.call("rnn_forward", x, h0, Wx, Wh, b, _keep=1)[0]
    check_close(h, ref.rnn_forward(x, h0, Wx, Wh, b)[0], "h for a long sequence")
