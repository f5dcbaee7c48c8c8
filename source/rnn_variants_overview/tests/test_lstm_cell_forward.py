"""Public checks for lstm_cell_forward."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple

CALLS = ()  # graded functions of this notebook that lstm_cell_forward calls


def _inputs(seed=0, N=3, D=4, H=5):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H)),
            0.5 * rng.standard_normal((D, 4 * H)), 0.5 * rng.standard_normal((H, 4 * H)),
            0.5 * rng.standard_normal(4 * H))


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _step(x, h, c, W, U, b, order="ifco", cell_tanh=True, cand="tanh", use_u=True, bias=True):
    """(h_next, c_next) of one LSTM step, with common mistakes switchable."""
    H = h.shape[1]
    a = x @ W + (h @ U if use_u else 0) + (b if bias else 0)
    blocks = {k: a[:, j * H:(j + 1) * H] for j, k in enumerate(order)}
    i, f, o = _sigmoid(blocks["i"]), _sigmoid(blocks["f"]), _sigmoid(blocks["o"])
    g = np.tanh(blocks["c"]) if cand == "tanh" else _sigmoid(blocks["c"])
    c_next = f * c + i * g
    return o * (np.tanh(c_next) if cell_tanh else c_next), c_next


MISTAKES = {
    "wrong gate order: blocks read as i, f, o, c (Keras uses i, f, c, o)": dict(order="ifoc"),
    "input and forget gates swapped: wrong gate order f, i, c, o (Keras uses i, f, c, o)":
        dict(order="fico"),
    "wrong gate order: blocks read as i, c, f, o (Keras uses i, f, c, o)": dict(order="icfo"),
    "wrong gate order: blocks read as c, i, f, o (Keras uses i, f, c, o)": dict(order="cifo"),
    "missing tanh on the cell state: h = o * tanh(c), not o * c": dict(cell_tanh=False),
    "the candidate uses sigmoid; it needs tanh": dict(cand="sigmoid"),
    "the recurrent term h_prev @ U is missing": dict(use_u=False),
    "the bias b is missing": dict(bias=False),
}


def _likely(args, output):
    """h_next (output 0) or c_next (output 1) as common mistakes compute it."""
    return {why: _step(*args, **kw)[output] for why, kw in MISTAKES.items()}


def test_returns_h_and_c(student):
    """returns (h_next, c_next), both of shape (N, H)"""
    out = check_tuple(student.lstm_cell_forward(*_inputs()), 2, "lstm_cell_forward")
    check_shape(out[0], (3, 5), "h_next for N=3, H=5")
    check_shape(out[1], (3, 5), "c_next for N=3, H=5")


def test_zero_weights_halve_the_memory(student):
    """with all weights 0 every gate is 0.5 and the candidate 0: c = c_prev / 2"""
    x, h, c, W, U, b = _inputs(1)
    args = (x, h, c, 0 * W, 0 * U, 0 * b)
    h_next, c_next = student.lstm_cell_forward(*args)
    check_close(c_next, 0.5 * c, "c_next with zero weights", likely=_likely(args, 1))
    check_close(h_next, 0.5 * np.tanh(0.5 * c), "h_next with zero weights (o * tanh(c))",
                likely=_likely(args, 0))


def test_gate_blocks_in_order_i_f_c_o(student):
    """the bias blocks are read in the order i, f, c, o"""
    x, h, c, W, U, _ = _inputs(2)
    H = 5
    v = np.linspace(-1.5, 1.5, H)
    # input gate open, forget gate shut, candidate block = v, output gate open
    b = np.concatenate([np.full(H, 30.0), np.full(H, -30.0), v, np.full(H, 30.0)])
    args = (x, h, c, 0 * W, 0 * U, b)
    h_next, c_next = student.lstm_cell_forward(*args)
    want_c = np.tile(np.tanh(v), (3, 1))
    check_close(c_next, want_c, "c_next when i = 1, f = 0 and the candidate block is v",
                atol=1e-6, likely=_likely(args, 1))
    check_close(h_next, np.tanh(want_c), "h_next when o = 1", atol=1e-6, likely=_likely(args, 0))


def test_matches_the_equations(student):
    """on random inputs: c = f * c_prev + i * g and h = o * tanh(c)"""
    args = _inputs(3)
    h_next, c_next = check_tuple(student.lstm_cell_forward(*args), 2, "lstm_cell_forward")
    want_h, want_c = _step(*args)
    check_close(c_next, want_c, "c_next on random inputs", likely=_likely(args, 1))
    check_close(h_next, want_h, "h_next on random inputs", likely=_likely(args, 0))
