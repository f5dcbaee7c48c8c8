"""Public checks for lstm_forward."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple
from diagnoses import lstm_forward_mistakes, lstm_sequence

CALLS = ("lstm_cell_forward",)  # graded functions of this notebook that lstm_forward calls


def _inputs(seed=0, N=2, T=4, D=3, H=5):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H)),
            0.5 * rng.standard_normal((D, 4 * H)), 0.5 * rng.standard_normal((H, 4 * H)),
            0.5 * rng.standard_normal(4 * H))


def _with_your_cell(student, args):
    """(h, c) of the loop over your own lstm_cell_forward: right for this question even
    while that function is wrong (its own question pays for it)."""
    x, h0, c0, W, U, b = args
    cache = {}

    def states():
        if "hc" not in cache:
            hs, cs, h, c = [], [], h0, c0
            for t in range(x.shape[1]):
                h, c = check_tuple(student.lstm_cell_forward(x[:, t], h, c, W, U, b), 2,
                                   "lstm_cell_forward")
                hs.append(np.asarray(h, dtype=float))
                cs.append(np.asarray(c, dtype=float))
            cache["hc"] = np.stack(hs, axis=1), np.stack(cs, axis=1)
        return cache["hc"]
    return states


def test_returns_h_and_c_sequences(student):
    """returns (h, c), both of shape (N, T, H)"""
    out = check_tuple(student.lstm_forward(*_inputs()), 2, "lstm_forward")
    check_shape(out[0], (2, 4, 5), "h for N=2, T=4, H=5")
    check_shape(out[1], (2, 4, 5), "c for N=2, T=4, H=5")


def test_steps_chain_your_cell(student):
    """each step applies your lstm_cell_forward to the previous h and c"""
    args = _inputs(1)
    h, c = check_tuple(student.lstm_forward(*args), 2, "lstm_forward")
    want_h, want_c = lstm_sequence(*args)
    yours = _with_your_cell(student, args)
    check_close(h, want_h, "h (N=2, T=4, H=5)", likely=lstm_forward_mistakes(args, 0),
                carried=lambda: yours()[0])
    check_close(c, want_c, "c (N=2, T=4, H=5)", likely=lstm_forward_mistakes(args, 1),
                carried=lambda: yours()[1])
