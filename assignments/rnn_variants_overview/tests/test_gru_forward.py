"""Public checks for gru_forward."""
import numpy as np

from _harness.checks import check_close, check_shape


def _inputs(seed=0, N=2, T=4, D=3, H=5, reset_after=True):
    rng = np.random.default_rng(seed)
    b = 0.5 * rng.standard_normal((2, 3 * H) if reset_after else 3 * H)
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            0.5 * rng.standard_normal((D, 3 * H)), 0.5 * rng.standard_normal((H, 3 * H)), b)


def test_shape(student):
    """h is (N, T, H)"""
    check_shape(student.gru_forward(*_inputs()), (2, 4, 5), "h for N=2, T=4, H=5")


def test_steps_chain_your_cell(student):
    """each step applies your gru_cell_forward to the previous state (both conventions)"""
    for reset_after in (True, False):
        x, h0, W, U, b = _inputs(1, reset_after=reset_after)
        h = check_shape(student.gru_forward(x, h0, W, U, b, reset_after=reset_after),
                        (2, 4, 5), f"h with reset_after={reset_after}")
        h_t = h0
        for t in range(x.shape[1]):
            h_t = student.gru_cell_forward(x[:, t], h_t, W, U, b, reset_after=reset_after)
            check_close(h[:, t], h_t, f"h[:, {t}] with reset_after={reset_after}")
