"""Hidden checks for rnn_cell_forward."""
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close, check_items, check_tuple
from autograder.suites.public import rule
from autograder.suites.rnn_fundamentals.common import SHAPES, caches, diagnoses, step_params
from autograder.suites import cases


@rule("h_next = tanh(x_t Wx + h_prev Wh + b)")
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: cases.describe("N D H", (s[0], *s[2:])))
def test_matches_reference(student, shape):
    """h_next on hidden inputs"""
    N, _, D, H = shape
    args = step_params(sum(shape), N, D, H)
    h_next = student.call("rnn_cell_forward", *args, _keep=1)[0]
    check_close(h_next, ref.rnn_cell_forward(*args)[0], f"h_next (N={N}, D={D}, H={H})",
                likely=diagnoses.rnn_cell_forward_mistakes(*args))


@rule("the cache is (x_t, h_prev, Wx, Wh, h_next), in this order")
def test_cache_layout(student):
    """the cache on hidden inputs (batch of 1, H != D)"""
    args = step_params(7, 1, 3, 4)
    _, cache = check_tuple(student.rnn_cell_forward(*args), 2, "rnn_cell_forward")
    check_items(cache, ref.rnn_cell_forward(*args)[1], caches.STEP_CACHE, "the cache")
