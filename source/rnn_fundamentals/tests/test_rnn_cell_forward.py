"""Public checks for rnn_cell_forward."""
import numpy as np

from _harness.checks import check_close, check_items, check_shape, check_tuple
from caches import STEP_CACHE, step_cache
from diagnoses import rnn_cell_forward_mistakes

CALLS = ()  # graded functions of this notebook that rnn_cell_forward calls


def _inputs(seed=0, N=3, D=4, H=5):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, D)), rng.standard_normal((N, H)),
            rng.standard_normal((D, H)), rng.standard_normal((H, H)), rng.standard_normal(H))


def test_returns_state_and_cache(student):
    """returns (h_next, cache) with h_next of shape (N, H)"""
    out = check_tuple(student.call("rnn_cell_forward", *_inputs(), _keep=1), 2,
                      "rnn_cell_forward")
    check_shape(out[0], (3, 5), "h_next for N=3, H=5")


def test_matches_the_formula(student):
    """h_next = tanh(x_t Wx + h_prev Wh + b)"""
    x, h, Wx, Wh, b = _inputs(1)
    h_next = student.call("rnn_cell_forward", x, h, Wx, Wh, b, _keep=1)[0]
    check_close(h_next, np.tanh(x @ Wx + h @ Wh + b), "h_next",
                likely=rnn_cell_forward_mistakes(x, h, Wx, Wh, b))


def test_zero_input_and_state_give_tanh_of_bias(student):
    """with x_t = 0 and h_prev = 0 the state is tanh(b)"""
    x, h, Wx, Wh, b = _inputs(2)
    h_next = student.call("rnn_cell_forward", 0 * x, 0 * h, Wx, Wh, b, _keep=1)[0]
    check_close(h_next, np.tanh(np.tile(b, (3, 1))), "h_next for zero input and state",
                likely=rnn_cell_forward_mistakes(0 * x, 0 * h, Wx, Wh, b))


def test_cache_layout(student):
    """the cache is (x_t, h_prev, Wx, Wh, h_next), in this order"""
    args = _inputs(3)
    _, cache = check_tuple(student.rnn_cell_forward(*args), 2, "rnn_cell_forward")
    check_items(cache, step_cache(*args), STEP_CACHE, "the cache")
