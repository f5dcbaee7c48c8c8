"""Public checks for gru_forward."""
import numpy as np

from _harness.checks import check_close, check_shape
from diagnoses import gru_forward_mistakes, gru_sequence, gru_step

CALLS = ("gru_cell_forward",)  # graded functions of this notebook that gru_forward calls


def _inputs(seed=0, N=2, T=4, D=3, H=5, reset_after=True):
    rng = np.random.default_rng(seed)
    b = 0.5 * rng.standard_normal((2, 3 * H) if reset_after else 3 * H)
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)),
            0.5 * rng.standard_normal((D, 3 * H)), 0.5 * rng.standard_normal((H, 3 * H)), b)


def _with_your_cell(student, x, h0, W, U, b, reset_after):
    """The states of the loop over your own gru_cell_forward: right for this question
    even while that function is wrong (its own question pays for it)."""
    return lambda: gru_sequence(x, h0, lambda x_t, h: np.asarray(student.gru_cell_forward(
        x_t, h, W, U, b, reset_after=reset_after), dtype=float))


def test_shape(student):
    """h is (N, T, H)"""
    check_shape(student.gru_forward(*_inputs()), (2, 4, 5), "h for N=2, T=4, H=5")


def test_steps_chain_your_cell(student):
    """each step applies your gru_cell_forward to the previous state (both conventions)"""
    for reset_after in (True, False):
        x, h0, W, U, b = _inputs(1, reset_after=reset_after)
        h = student.gru_forward(x, h0, W, U, b, reset_after=reset_after)
        want = gru_sequence(x, h0, lambda x_t, s: gru_step(x_t, s, W, U, b, reset_after))
        check_close(h, want, f"h with reset_after={reset_after} (N=2, T=4, H=5)",
                    likely=gru_forward_mistakes(x, h0, W, U, b, reset_after),
                    carried=_with_your_cell(student, x, h0, W, U, b, reset_after))
