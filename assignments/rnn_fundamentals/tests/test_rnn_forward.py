"""Public checks for rnn_forward."""
import numpy as np

from _harness.checks import check_close, check_items, check_shape, check_tuple, fail
from caches import STEP_CACHE, sequence_cache
from diagnoses import rnn_forward_mistakes, unfold

CALLS = ("rnn_cell_forward",)  # graded functions of this notebook that rnn_forward calls


def _inputs(seed=0, N=2, T=4, D=3, H=5):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)),
            rng.standard_normal(H))


def _at(likely, t):
    return {why: h[:, t] for why, h in likely.items()}


def _with_your_cell(student, x, h0, Wx, Wh, b):
    """The states of the loop over your own rnn_cell_forward: right for this question
    even while that function is wrong (its own question pays for it)."""
    return lambda: unfold(x, h0, lambda x_t, h: student.call(
        "rnn_cell_forward", x_t, h, Wx, Wh, b, _keep=1)[0])


def test_shape(student):
    """h has shape (N, T, H)"""
    h = student.call("rnn_forward", *_inputs(), _keep=1)[0]
    check_shape(h, (2, 4, 5), "h for N=2, T=4, H=5")


def test_first_step_uses_h0(student):
    """h[:, 0] = tanh(x_0 Wx + h0 Wh + b)"""
    x, h0, Wx, Wh, b = _inputs(1)
    h = student.call("rnn_forward", x, h0, Wx, Wh, b, _keep=1)[0]
    check_close(h[:, 0], np.tanh(x[:, 0] @ Wx + h0 @ Wh + b), "h[:, 0]",
                likely=_at(rnn_forward_mistakes(x, h0, Wx, Wh, b), 0),
                carried=lambda: _with_your_cell(student, x, h0, Wx, Wh, b)()[:, 0])


def test_state_is_carried_through_time(student):
    """h[:, t] = tanh(x_t Wx + h[:, t-1] Wh + b) for every t > 0"""
    x, h0, Wx, Wh, b = _inputs(2)
    h = check_shape(student.call("rnn_forward", x, h0, Wx, Wh, b, _keep=1)[0], (2, 4, 5), "h")
    check_close(h, unfold(x, h0, lambda x_t, s: np.tanh(x_t @ Wx + s @ Wh + b)), "h",
                likely=rnn_forward_mistakes(x, h0, Wx, Wh, b),
                carried=_with_your_cell(student, x, h0, Wx, Wh, b))


def _check_caches(cache, want):
    if not isinstance(cache, (list, tuple)) or len(cache) != len(want):
        fail(f"the cache should be a list of the {len(want)} step caches, one per time step, "
             f"got {type(cache).__name__}" + (f" of {len(cache)} items"
                                                if isinstance(cache, (list, tuple)) else ""))
    for t, (got, step) in enumerate(zip(cache, want)):
        check_items(got, step, STEP_CACHE, f"cache[{t}]")


def test_cache_is_the_list_of_step_caches(student):
    """the cache is the list of the T step caches: cache[t] = (x_t, h_{t-1}, Wx, Wh, h_t)"""
    x, h0, Wx, Wh, b = _inputs(3)
    _, cache = check_tuple(student.rnn_forward(x, h0, Wx, Wh, b), 2, "rnn_forward")
    try:
        _check_caches(cache, sequence_cache(x, h0, Wx, Wh, b))
    except AssertionError as wrong:
        try:  # right for this question if they are the step caches of your own cell
            own, h = [], h0
            for t in range(x.shape[1]):
                h, step = student.rnn_cell_forward(x[:, t], h, Wx, Wh, b)
                own.append(step)
            _check_caches(cache, own)
        except AssertionError:
            raise wrong from None
