"""Hidden checks for rnn_forward."""
import numpy as np
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close

from autograder.suites.rnn_fundamentals.common import SHAPES, forward_variant, params


def _likely(x, h0, Wx, Wh, b):
    return {
        "the state is not carried: every step starts again from h0":
            np.tanh(x @ Wx + (h0 @ Wh)[:, None, :] + b),
        "h0 is ignored: the first step starts from zeros":
            ref.rnn_forward(x, np.zeros_like(h0), Wx, Wh, b)[0],
        "tanh is missing: returned pre-activations":
            forward_variant(x, h0, Wx, Wh, b, lambda xt, h: xt @ Wx + h @ Wh + b),
        "the sequence is processed in reverse order":
            ref.rnn_forward(x[:, ::-1], h0, Wx, Wh, b)[0][:, ::-1],
    }


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "N{}-T{}-D{}-H{}".format(*s))
def test_matches_reference(student, shape):
    """all hidden states on hidden inputs (batch of 1, T = 1, H != D, ...)"""
    args = params(sum(shape), *shape)
    h = student.call("rnn_forward", *args, _keep=1)[0]
    check_close(h, ref.rnn_forward(*args)[0], "h (N={}, T={}, D={}, H={})".format(*shape),
                likely=_likely(*args))


def test_long_sequence_stays_bounded(student):
    """a 50-step sequence with large weights stays finite and inside (-1, 1)"""
    x, h0, Wx, Wh, b = params(11, 2, 50, 3, 4, wh_scale=3.0)
    h = student.call("rnn_forward", x, h0, Wx, Wh, b, _keep=1)[0]
    check_close(h, ref.rnn_forward(x, h0, Wx, Wh, b)[0], "h for a long sequence")
