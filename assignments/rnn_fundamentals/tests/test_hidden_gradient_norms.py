"""Public checks for hidden_gradient_norms."""
import numpy as np

from _harness.checks import check_close, check_shape


def _norms(student, seed=0, N=2, T=5, D=3, H=4, wh_scale=0.5):
    rng = np.random.default_rng(seed)
    x, h0 = rng.standard_normal((N, T, D)), np.zeros((N, H))
    Wx, Wh, b = rng.standard_normal((D, H)), wh_scale * rng.standard_normal((H, H)), np.zeros(H)
    dh_last = rng.standard_normal((N, H))
    _, cache = student.call("rnn_forward", x, h0, Wx, Wh, b, _keep=1)
    return student.hidden_gradient_norms(dh_last, cache), dh_last


def test_shape(student):
    """one norm per time step: shape (T,)"""
    norms, _ = _norms(student)
    check_shape(norms, (5,), "norms for T=5")


def test_last_norm_is_the_upstream_gradient(student):
    """norms[T-1] is the norm of dh_last"""
    norms, dh_last = _norms(student, seed=1)
    check_shape(norms, (5,), "norms")
    check_close(norms[-1], np.linalg.norm(dh_last), "norms[T-1]")


def test_no_recurrence_no_gradient(student):
    """with Wh = 0 no gradient reaches earlier steps"""
    norms, _ = _norms(student, seed=2, wh_scale=0.0)
    check_shape(norms, (5,), "norms")
    check_close(norms[:-1], np.zeros(4), "norms[:T-1] when Wh = 0")
