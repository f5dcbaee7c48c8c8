"""Public checks for hidden_gradient_norms."""
import numpy as np

from _harness.checks import check_close, check_shape

CALLS = ("rnn_cell_backward",)  # graded functions of this notebook that it calls


def _inputs(seed=0, N=2, T=5, D=3, H=4, wh_scale=0.5):
    rng = np.random.default_rng(seed)
    x, h0 = rng.standard_normal((N, T, D)), np.zeros((N, H))
    Wx, Wh, b = rng.standard_normal((D, H)), wh_scale * rng.standard_normal((H, H)), np.zeros(H)
    return (x, h0, Wx, Wh, b), rng.standard_normal((N, H))


def _norms(student, seed=0, wh_scale=0.5):
    args, dh_last = _inputs(seed, wh_scale=wh_scale)
    _, cache = student.call("rnn_forward", *args, _keep=1)
    return student.hidden_gradient_norms(dh_last, cache), args, dh_last


def _sizes(args, dh_last, eps=1e-5):
    """||dL/dh0||, ||dL/dh_0||, ..., ||dL/dh_{T-1}|| for L = sum(dh_last * h_{T-1}),
    by finite differences of the forward pass."""
    x, h0, Wx, Wh, b = args
    T = x.shape[1]
    states = [h0]
    for t in range(T):
        states.append(np.tanh(x[:, t] @ Wx + states[-1] @ Wh + b))

    def loss(h, t):  # L from the state after step t (t = -1: h0)
        for s in range(t + 1, T):
            h = np.tanh(x[:, s] @ Wx + h @ Wh + b)
        return np.sum(dh_last * h)
    sizes = []
    for t in range(-1, T):
        grad = np.zeros_like(h0)
        for i in np.ndindex(grad.shape):
            step = np.zeros_like(h0)
            step[i] = eps
            grad[i] = (loss(states[t + 1] + step, t) - loss(states[t + 1] - step, t)) / (2 * eps)
        sizes.append(np.linalg.norm(grad))
    return np.array(sizes)


def _likely(args, dh_last):
    """The norms as common mistakes compute them, to name the mistake."""
    sizes = _sizes(args, dh_last)
    T, Wh = len(sizes) - 1, args[3]
    plain, g = [np.linalg.norm(dh_last)], dh_last
    for _ in range(T - 1):
        g = g @ Wh.T  # no tanh derivative
        plain.append(np.linalg.norm(g))
    return {
        "the norms are in reverse time order (norms[t] belongs to step t)": sizes[1:][::-1],
        "the tanh derivative is missing when stepping back": np.array(plain[::-1]),
        "off by one step: norms[t] must be taken before stepping back to t-1": sizes[:-1],
    }


def test_shape(student):
    """one norm per time step: shape (T,)"""
    norms, _, _ = _norms(student)
    check_shape(norms, (5,), "norms for T=5")


def test_last_norm_is_the_upstream_gradient(student):
    """norms[T-1] is the norm of dh_last"""
    norms, args, dh_last = _norms(student, seed=1)
    check_shape(norms, (5,), "norms")
    check_close(norms[-1], np.linalg.norm(dh_last), "norms[T-1]",
                likely={why: v[-1] for why, v in _likely(args, dh_last).items()})


def test_no_recurrence_no_gradient(student):
    """with Wh = 0 no gradient reaches earlier steps"""
    norms, args, dh_last = _norms(student, seed=2, wh_scale=0.0)
    check_shape(norms, (5,), "norms")
    check_close(norms[:-1], np.zeros(4), "norms[:T-1] when Wh = 0",
                likely={why: v[:-1] for why, v in _likely(args, dh_last).items()})


def test_norms_match_finite_differences(student):
    """norms[t] is the size of dL/dh_t, checked by finite differences of the forward pass"""
    norms, args, dh_last = _norms(student, seed=3, wh_scale=0.9)
    check_close(norms, _sizes(args, dh_last)[1:], "norms (T=5)", atol=1e-6,
                likely=_likely(args, dh_last))
