"""Public checks for hidden_gradient_norms, on caches laid out as rnn_forward's question
defines them (``caches.py``): a mistake in your forward pass never costs this question."""
import numpy as np

from _harness.checks import check_close, check_shape
from caches import sequence_cache
from diagnoses import gradient_sizes, hidden_gradient_norms_mistakes

CALLS = ("rnn_cell_backward",)  # graded functions of this notebook that it calls


def _inputs(seed=0, N=2, T=5, D=3, H=4, wh_scale=0.5):
    rng = np.random.default_rng(seed)
    x, h0 = rng.standard_normal((N, T, D)), np.zeros((N, H))
    Wx, Wh, b = rng.standard_normal((D, H)), wh_scale * rng.standard_normal((H, H)), np.zeros(H)
    return (x, h0, Wx, Wh, b), rng.standard_normal((N, H))


def _norms(student, seed=0, wh_scale=0.5):
    args, dh_last = _inputs(seed, wh_scale=wh_scale)
    return student.hidden_gradient_norms(dh_last, sequence_cache(*args)), args, dh_last


def test_shape(student):
    """one norm per time step: shape (T,)"""
    norms, _, _ = _norms(student)
    check_shape(norms, (5,), "norms for T=5")


def test_last_norm_is_the_upstream_gradient(student):
    """norms[T-1] is the norm of dh_last"""
    norms, args, dh_last = _norms(student, seed=1)
    check_shape(norms, (5,), "norms")
    likely = hidden_gradient_norms_mistakes(args, dh_last)
    check_close(norms[-1], np.linalg.norm(dh_last), "norms[T-1]",
                likely={why: v[-1] for why, v in likely.items()})


def test_no_recurrence_no_gradient(student):
    """with Wh = 0 no gradient reaches earlier steps"""
    norms, args, dh_last = _norms(student, seed=2, wh_scale=0.0)
    check_shape(norms, (5,), "norms")
    likely = hidden_gradient_norms_mistakes(args, dh_last)
    check_close(norms[:-1], np.zeros(4), "norms[:T-1] when Wh = 0",
                likely={why: v[:-1] for why, v in likely.items()})


def test_norms_match_finite_differences(student):
    """norms[t] is the size of dL/dh_t, checked by finite differences of the unfolded RNN"""
    norms, args, dh_last = _norms(student, seed=3, wh_scale=0.9)
    check_close(norms, gradient_sizes(args, dh_last)[1:], "norms (T=5)", atol=1e-6,
                likely=hidden_gradient_norms_mistakes(args, dh_last))
