"""Public checks for gru_cell_forward."""
import numpy as np

from _harness.checks import check_close, check_shape
from diagnoses import gru_cell_mistakes, gru_step

CALLS = ()  # graded functions of this notebook that gru_cell_forward calls


def _inputs(seed=0, N=3, D=4, H=5, reset_after=True):
    rng = np.random.default_rng(seed)
    b = 0.5 * rng.standard_normal((2, 3 * H) if reset_after else 3 * H)
    return (rng.standard_normal((N, D)), rng.standard_normal((N, H)),
            0.5 * rng.standard_normal((D, 3 * H)), 0.5 * rng.standard_normal((H, 3 * H)), b)


def test_shapes_for_both_conventions(student):
    """h_next is (N, H) with reset_after=True (b (2, 3H)) and False (b (3H,))"""
    check_shape(student.gru_cell_forward(*_inputs()), (3, 5),
                "h_next with reset_after=True (default)")
    check_shape(student.gru_cell_forward(*_inputs(reset_after=False), reset_after=False),
                (3, 5), "h_next with reset_after=False")


def test_update_gate_near_one_keeps_the_state(student):
    """z close to 1 keeps h_prev (Keras: h = z * h_prev + (1 - z) * candidate)"""
    x, h, W, U, b = _inputs(1)
    b = b.copy()
    b[0, :5] = 30.0  # z-block input bias: z = 1
    check_close(student.gru_cell_forward(x, h, W, U, b), h, "h_next when z = 1", atol=1e-6,
                likely=gru_cell_mistakes(x, h, W, U, b, True))


def test_reset_after_true_uses_both_bias_rows(student):
    """reset_after=True: candidate = tanh(b_in_h + r * b_rec_h) when W = U = 0"""
    x, h, W, U, _ = _inputs(2)
    H = 5
    b = np.zeros((2, 3 * H))
    b[0, :H] = -30.0                     # z = 0: h_next is the candidate
    b[0, H:2 * H] = np.linspace(-2, 2, H)  # r = sigmoid of this
    b[0, 2 * H:] = 0.3                   # input bias of the candidate
    b[1, 2 * H:] = np.linspace(1, -1, H)  # recurrent bias of the candidate
    r = 1 / (1 + np.exp(-np.linspace(-2, 2, H)))
    want = np.tile(np.tanh(0.3 + r * np.linspace(1, -1, H)), (3, 1))
    check_close(student.gru_cell_forward(x, h, 0 * W, 0 * U, b, reset_after=True), want,
                "h_next for W = U = 0, z = 0", atol=1e-6,
                likely=gru_cell_mistakes(x, h, 0 * W, 0 * U, b, True))


def test_reset_after_false_resets_before_the_product(student):
    """reset_after=False: candidate = tanh(x W_h + (r * h_prev) U_h + b_h)"""
    x, h, W, U, _ = _inputs(3, reset_after=False)
    H = 5
    U = U.copy()
    U[:, :2 * H] = 0.0                    # z and r depend on the bias only
    b = np.zeros(3 * H)
    b[:H] = -30.0                         # z = 0
    b[H:2 * H] = np.linspace(-2, 2, H)
    W = W.copy()
    W[:, :2 * H] = 0.0
    r = 1 / (1 + np.exp(-np.linspace(-2, 2, H)))
    want = np.tanh(x @ W[:, 2 * H:] + (r * h) @ U[:, 2 * H:])
    check_close(student.gru_cell_forward(x, h, W, U, b, reset_after=False), want,
                "h_next with reset_after=False, z = 0", atol=1e-6,
                likely=gru_cell_mistakes(x, h, W, U, b, False))


def test_matches_the_equations(student):
    """on random inputs, with reset_after=True and with reset_after=False"""
    for reset_after in (True, False):
        args = _inputs(4, reset_after=reset_after)
        check_close(student.gru_cell_forward(*args, reset_after=reset_after),
                    gru_step(*args, reset_after), f"h_next with reset_after={reset_after}",
                    likely=gru_cell_mistakes(*args, reset_after))


def test_default_is_reset_after(student):
    """without the keyword, reset_after=True is used"""
    args = _inputs(5)
    check_close(student.gru_cell_forward(*args),
                student.gru_cell_forward(*args, reset_after=True),
                "h_next without reset_after (compared with your reset_after=True)")


def test_saturated_gates_stay_finite(student):
    """very large pre-activations give a finite, correct state"""
    x, h, W, U, b = _inputs(6)
    for reset_after, bias in ((True, b), (False, b[0])):
        args = (200.0 * x, h, W, U, bias)
        check_close(student.gru_cell_forward(*args, reset_after=reset_after),
                    gru_step(*args, reset_after), f"h_next for inputs of size ~200 "
                    f"(reset_after={reset_after})", atol=1e-6)
