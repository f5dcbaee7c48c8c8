"""Public checks for lstm_forward."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple


def _inputs(seed=0, N=2, T=4, D=3, H=5):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H)),
            0.5 * rng.standard_normal((D, 4 * H)), 0.5 * rng.standard_normal((H, 4 * H)),
            0.5 * rng.standard_normal(4 * H))


def test_returns_h_and_c_sequences(student):
    """returns (h, c), both of shape (N, T, H)"""
    out = check_tuple(student.lstm_forward(*_inputs()), 2, "lstm_forward")
    check_shape(out[0], (2, 4, 5), "h for N=2, T=4, H=5")
    check_shape(out[1], (2, 4, 5), "c for N=2, T=4, H=5")


def test_steps_chain_your_cell(student):
    """each step applies your lstm_cell_forward to the previous h and c"""
    x, h0, c0, W, U, b = _inputs(1)
    h, c = check_tuple(student.lstm_forward(x, h0, c0, W, U, b), 2, "lstm_forward")
    h_t, c_t = h0, c0
    for t in range(x.shape[1]):
        h_t, c_t = check_tuple(student.lstm_cell_forward(x[:, t], h_t, c_t, W, U, b), 2,
                               "lstm_cell_forward")
        check_close(h[:, t], h_t, f"h[:, {t}]")
        check_close(c[:, t], c_t, f"c[:, {t}]")
