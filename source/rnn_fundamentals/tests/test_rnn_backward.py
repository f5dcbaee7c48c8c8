"""Public checks for rnn_backward: consistent with your own rnn_forward."""
import numpy as np

from _harness.checks import check_shape, check_tuple, directional_check

CALLS = ("rnn_cell_backward",)  # graded functions of this notebook that rnn_backward calls

NAMES = ("dx", "dh0", "dWx", "dWh", "db")


def _setup(student, seed=0, N=2, T=4, D=3, H=4):
    rng = np.random.default_rng(seed)
    args = [rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)),
            rng.standard_normal(H)]
    dh = rng.standard_normal((N, T, H))
    _, cache = student.call("rnn_forward", *args, _keep=1)
    grads = check_tuple(student.rnn_backward(dh, cache), 5, "rnn_backward")
    return args, dh, grads


def _numeric(objective, args, eps=1e-5):
    """Centred differences of the number objective(*args) with respect to every array."""
    grads = []
    for k, value in enumerate(args):
        grad = np.zeros(np.shape(value))
        for i in np.ndindex(grad.shape):
            plus, minus = list(args), list(args)
            plus[k], minus[k] = value.copy(), value.copy()
            plus[k][i] += eps
            minus[k][i] -= eps
            grad[i] = (objective(*plus) - objective(*minus)) / (2 * eps)
        grads.append(grad)
    return grads


def _likely(args, dh):
    """The five gradients as common BPTT mistakes compute them, to name the mistake.

    Each mistaken backward pass is the exact gradient of another function of
    (x, h0, Wx, Wh, b); here that function is differentiated by finite differences.
    """
    x, h0, Wx, Wh, b = args
    T = x.shape[1]
    h, state = [], h0
    for t in range(T):
        state = np.tanh(x[:, t] @ Wx + state @ Wh + b)
        h.append(state)
    h = np.stack(h, axis=1)
    prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)  # the state entering step t

    def step_zero_weights(x_, h0_, Wx_, Wh_, b_):
        """Only the weights of step 0 vary: what survives when each step's weight
        gradient overwrites the previous one instead of adding to it."""
        total, state = 0.0, h0_
        for t in range(T):
            W = (Wx_, Wh_, b_) if t == 0 else (Wx, Wh, b)
            state = np.tanh(x_[:, t] @ W[0] + state @ W[1] + W[2])
            total += np.sum(dh[:, t] * state)
        return total

    def states_held_fixed(x_, h0_, Wx_, Wh_, b_):
        """Each step reads the state entering it as a constant: nothing flows back
        from step t+1 to step t."""
        entering = prev.copy()
        entering[:, 0] = h0_
        return np.sum(dh * np.tanh(x_ @ Wx_ + entering @ Wh_ + b_))

    def tanh_slope_one(x_, h0_, Wx_, Wh_, b_):
        """The same states, but every step differentiated as if tanh were the identity."""
        total, state = 0.0, h0_
        for t in range(T):
            state = x_[:, t] @ Wx_ + state @ Wh_ + b_ \
                - (x[:, t] @ Wx + prev[:, t] @ Wh + b) + h[:, t]
            total += np.sum(dh[:, t] * state)
        return total

    return {
        "the weight gradients are not accumulated over time (use += over the steps)":
            _numeric(step_zero_weights, args),
        "the gradient flowing back from step t+1 is not added to dh[:, t]":
            _numeric(states_held_fixed, args),
        "the tanh derivative (1 - h**2) is missing": _numeric(tanh_slope_one, args),
    }


def test_gradient_shapes(student):
    """each gradient has the shape of its variable"""
    args, _, grads = _setup(student)
    for name, grad, var in zip(NAMES, grads, args):
        check_shape(grad, np.shape(var), name)


def test_gradients_match_finite_differences(student):
    """every gradient agrees with a finite difference of your rnn_forward"""
    args, dh, grads = _setup(student, seed=1)
    likely = _likely(args, dh)
    for k, (name, grad) in enumerate(zip(NAMES, grads)):
        def loss(value, k=k):
            changed = list(args)
            changed[k] = value
            h = student.call("rnn_forward", *changed, _keep=1)[0]
            return float(np.sum(h * dh))
        directional_check(loss, args[k], grad, name, seed=k,
                          likely={why: g[k] for why, g in likely.items()})
