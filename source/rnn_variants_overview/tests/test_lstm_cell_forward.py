"""Public checks for lstm_cell_forward."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple
from diagnoses import lstm_cell_mistakes, lstm_step

CALLS = ()  # graded functions of this notebook that lstm_cell_forward calls


def _inputs(seed=0, N=3, D=4, H=5):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H)),
            0.5 * rng.standard_normal((D, 4 * H)), 0.5 * rng.standard_normal((H, 4 * H)),
            0.5 * rng.standard_normal(4 * H))


def _states(student, args):
    return check_tuple(student.lstm_cell_forward(*args), 2, "lstm_cell_forward")


def test_returns_h_and_c(student):
    """returns (h_next, c_next), both of shape (N, H)"""
    out = _states(student, _inputs())
    check_shape(out[0], (3, 5), "h_next for N=3, H=5")
    check_shape(out[1], (3, 5), "c_next for N=3, H=5")


def test_zero_weights_halve_the_memory(student):
    """with all weights 0 every gate is 0.5 and the candidate 0: c = c_prev / 2"""
    x, h, c, W, U, b = _inputs(1)
    args = (x, h, c, 0 * W, 0 * U, 0 * b)
    h_next, c_next = _states(student, args)
    check_close(c_next, 0.5 * c, "c_next with zero weights", likely=lstm_cell_mistakes(args, 1))
    check_close(h_next, 0.5 * np.tanh(0.5 * c), "h_next with zero weights (o * tanh(c))",
                likely=lstm_cell_mistakes(args, 0))


def test_gate_blocks_in_order_i_f_c_o(student):
    """the bias blocks are read in the order i, f, c, o"""
    x, h, c, W, U, _ = _inputs(2)
    H = 5
    v = np.linspace(-1.5, 1.5, H)
    # input gate open, forget gate shut, candidate block = v, output gate open
    b = np.concatenate([np.full(H, 30.0), np.full(H, -30.0), v, np.full(H, 30.0)])
    args = (x, h, c, 0 * W, 0 * U, b)
    h_next, c_next = _states(student, args)
    want_c = np.tile(np.tanh(v), (3, 1))
    check_close(c_next, want_c, "c_next when i = 1, f = 0 and the candidate block is v",
                atol=1e-6, likely=lstm_cell_mistakes(args, 1))
    check_close(h_next, np.tanh(want_c), "h_next when o = 1", atol=1e-6,
                likely=lstm_cell_mistakes(args, 0))


def test_matches_the_equations(student):
    """on random inputs: c = f * c_prev + i * g and h = o * tanh(c)"""
    args = _inputs(3)
    h_next, c_next = _states(student, args)
    want_h, want_c = lstm_step(*args)
    check_close(c_next, want_c, "c_next on random inputs", likely=lstm_cell_mistakes(args, 1))
    check_close(h_next, want_h, "h_next on random inputs", likely=lstm_cell_mistakes(args, 0))


def test_saturated_gates_stay_finite(student):
    """very large pre-activations give finite, correct states"""
    x, h, c, W, U, b = _inputs(4)
    args = (200.0 * x, h, c, W, U, b)
    h_next, c_next = _states(student, args)
    want_h, want_c = lstm_step(*args)
    check_close(c_next, want_c, "c_next for inputs of size ~200", atol=1e-6)
    check_close(h_next, want_h, "h_next for inputs of size ~200", atol=1e-6)
