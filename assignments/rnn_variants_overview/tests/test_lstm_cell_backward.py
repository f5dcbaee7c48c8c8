"""Public checks for lstm_cell_backward.

Every gradient is compared with centred finite differences of one LSTM step written
here from the notebook's equations (not with your lstm_cell_forward, so a mistake in
your forward pass cannot hide one in your backward pass). Likely mistakes are named
by differentiating, numerically too, a step changed the way the mistake changes it.
"""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple

CALLS = ()  # graded functions of this notebook that lstm_cell_backward calls

NAMES = ("dx_t", "dh_prev", "dc_prev", "dW", "dU", "db")
EPS = 1e-6

NO_DH_TO_DC = ("the gradient from h_next into the cell state is missing: "
               "dc = dc_next + dh_next * o * (1 - tanh(c_next)**2), not dc_next alone")
SIGMOID_AS_TANH = ("wrong sigmoid derivative: for a gate s = sigmoid(a), ds/da = s * (1 - s), "
                   "not 1 - s**2")
BLOCK_ORDER = ("gate blocks in the wrong order: the gradient of the pre-activations was "
               "assembled as i, f, o, c (Keras uses i, f, c, o)")
NO_FORGET = "dc_prev is missing the forget gate: dc_prev = dc * f"


def _sigmoid(z, block=None):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _inputs(seed, N=2, D=3, H=4):
    rng = np.random.default_rng(seed)
    args = (rng.standard_normal((N, D)), 0.5 * rng.standard_normal((N, H)),
            rng.standard_normal((N, H)), rng.standard_normal((D, 4 * H)) / np.sqrt(D),
            rng.standard_normal((H, 4 * H)) / np.sqrt(H), 0.5 * rng.standard_normal(4 * H))
    return rng.standard_normal((N, H)), rng.standard_normal((N, H)), args


def _states(a, c_prev, gate=_sigmoid, tanh_c=None):
    """(h_next, c_next) from the pre-activations a (N, 4H), blocks i, f, c, o."""
    H = c_prev.shape[1]
    i, f, o = gate(a[:, :H], 0), gate(a[:, H:2 * H], 1), gate(a[:, 3 * H:], 3)
    c_next = f * c_prev + i * np.tanh(a[:, 2 * H:3 * H])
    return o * (np.tanh(c_next) if tanh_c is None else tanh_c), c_next


def _numeric(loss, value):
    """Centred differences of the scalar loss(value) for every entry of value."""
    grad = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        step = np.zeros_like(value)
        step[index] = EPS
        grad[index] = (loss(value + step) - loss(value - step)) / (2 * EPS)
    return grad


def _expected(dh, dc, args):
    """Finite-difference gradients of sum(dh * h_next) + sum(dc * c_next) for each input."""
    def loss(k, value):
        changed = list(args)
        changed[k] = value
        x, h, c, W, U, b = changed
        h_next, c_next = _states(x @ W + h @ U + b, c)
        return float(np.sum(dh * h_next) + np.sum(dc * c_next))
    return [_numeric(lambda v, k=k: loss(k, v), np.asarray(arg)) for k, arg in enumerate(args)]


def _likely(dh, dc, args):
    """For each gradient: {mistake: the value that mistake gives}, only where it differs."""
    x, h, c, W, U, b = args
    H = h.shape[1]
    a0 = x @ W + h @ U + b
    s0 = _sigmoid(a0)

    def pre_grads(**kw):  # (d loss / d a, d loss / d c_prev) of a changed step, numerically
        def loss(a, c_prev):
            h_next, c_next = _states(a, c_prev, **kw)
            return float(np.sum(dh * h_next) + np.sum(dc * c_next))
        return (_numeric(lambda a: loss(a, c), a0), _numeric(lambda cp: loss(a0, cp), c))

    def linear(da):  # dx_t, dh_prev, dW, dU, db given the gradient of the pre-activations
        return {0: da @ W.T, 1: da @ U.T, 3: x.T @ da, 4: h.T @ da, 5: da.sum(axis=0)}

    da, dc_prev = pre_grads()

    def tanh_like(z, block):  # sigmoid's value, with the slope 1 - s**2 of the mistake
        s = s0[:, block * H:(block + 1) * H]
        return s + (1 - s ** 2) * (z - a0[:, block * H:(block + 1) * H])

    da_frozen, dc_prev_frozen = pre_grads(tanh_c=np.tanh(_states(a0, c)[1]))
    da_tanh_like, _ = pre_grads(gate=tanh_like)
    swapped = np.concatenate([da[:, :2 * H], da[:, 3 * H:], da[:, 2 * H:3 * H]], axis=1)
    f = _sigmoid(a0[:, H:2 * H])
    variants = {
        NO_DH_TO_DC: {**linear(da_frozen), 2: dc_prev_frozen},
        SIGMOID_AS_TANH: linear(da_tanh_like),
        BLOCK_ORDER: linear(swapped),
        NO_FORGET: {2: dc_prev / f},
    }
    return [{why: grads[k] for why, grads in variants.items() if k in grads} for k in range(6)]


def _gradients(student, dh, dc, args):
    return check_tuple(student.lstm_cell_backward(dh, dc, *args), 6, "lstm_cell_backward")


def _compare(student, seed, which, dh_scale=1.0, dc_scale=1.0, note=""):
    dh, dc, args = _inputs(seed)
    dh, dc = dh_scale * dh, dc_scale * dc
    grads = _gradients(student, dh, dc, args)
    expected, likely = _expected(dh, dc, args), _likely(dh, dc, args)
    for k in which:
        check_close(grads[k], expected[k], f"{NAMES[k]}{note} (compared with finite differences "
                    "of the LSTM step)", atol=1e-6, rtol=1e-5, likely=likely[k])


def test_gradient_shapes(student):
    """returns six gradients, each shaped like its variable"""
    dh, dc, args = _inputs(0, N=3, D=2, H=5)
    grads = _gradients(student, dh, dc, args)
    for name, grad, var in zip(NAMES, grads, args):
        check_shape(grad, np.shape(var), f"{name} for N=3, D=2, H=5")


def test_cell_state_gradient(student):
    """dc_prev agrees with finite differences (the cell-state 'gradient highway')"""
    _compare(student, 1, [2])


def test_h_gradient_reaches_the_cell_state(student):
    """with dc_next = 0, the gradient on h_next still reaches c_prev through c_next"""
    _compare(student, 2, [2, 1], dc_scale=0.0, note=" when dc_next = 0")


def test_input_and_state_gradients(student):
    """dx_t and dh_prev agree with finite differences"""
    _compare(student, 3, [0, 1])


def test_weight_gradients(student):
    """dW, dU and db agree with finite differences"""
    _compare(student, 4, [3, 4, 5])
