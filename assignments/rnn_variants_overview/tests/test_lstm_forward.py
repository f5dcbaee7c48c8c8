"""Public checks for lstm_forward."""
import numpy as np

from _harness.checks import check_close, check_shape, check_tuple

CALLS = ("lstm_cell_forward",)  # graded functions of this notebook that lstm_forward calls


def _inputs(seed=0, N=2, T=4, D=3, H=5):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H)),
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


def _sequence(x, h0, c0, W, U, b, carry_h=True, carry_c=True, zero_h0=False, zero_c0=False,
              **step_kw):
    """(h, c), each (N, T, H), with common mistakes switchable."""
    h0 = 0 * h0 if zero_h0 else h0
    c0 = 0 * c0 if zero_c0 else c0
    hs, cs, h, c = [], [], h0, c0
    for t in range(x.shape[1]):
        h, c = _step(x[:, t], h if carry_h else h0, c if carry_c else c0, W, U, b, **step_kw)
        hs.append(h)
        cs.append(c)
    return np.stack(hs, 1), np.stack(cs, 1)


MISTAKES = {
    "the cell state is not carried: every step starts from c0": dict(carry_c=False),
    "the hidden state is not carried: every step starts from h0": dict(carry_h=False),
    "the states are not carried between steps": dict(carry_h=False, carry_c=False),
    "h0 is ignored (zeros used)": dict(zero_h0=True),
    "c0 is ignored (zeros used)": dict(zero_c0=True),
    # the step itself written inside lstm_forward
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
    """h (output 0) or c (output 1) as common mistakes compute them, to name the mistake."""
    likely = {why: _sequence(*args, **kw)[output] for why, kw in MISTAKES.items()}
    h, c = _sequence(*args)
    if output == 1:
        likely["c holds the hidden states h instead of the cell states"] = h
    else:
        likely["h holds the cell states c instead of the hidden states"] = c
    return likely


def test_returns_h_and_c_sequences(student):
    """returns (h, c), both of shape (N, T, H)"""
    out = check_tuple(student.lstm_forward(*_inputs()), 2, "lstm_forward")
    check_shape(out[0], (2, 4, 5), "h for N=2, T=4, H=5")
    check_shape(out[1], (2, 4, 5), "c for N=2, T=4, H=5")


def test_steps_chain_your_cell(student):
    """each step applies your lstm_cell_forward to the previous h and c"""
    args = _inputs(1)
    x, h0, c0, W, U, b = args
    h, c = check_tuple(student.lstm_forward(*args), 2, "lstm_forward")
    want_h, want_c, h_t, c_t = [], [], h0, c0
    for t in range(x.shape[1]):
        h_t, c_t = check_tuple(student.lstm_cell_forward(x[:, t], h_t, c_t, W, U, b), 2,
                               "lstm_cell_forward")
        want_h.append(check_shape(h_t, (2, 5), f"h_next of your lstm_cell_forward at step {t}"))
        want_c.append(check_shape(c_t, (2, 5), f"c_next of your lstm_cell_forward at step {t}"))
    check_close(h, np.stack(want_h, axis=1), "h (N=2, T=4, H=5)", likely=_likely(args, 0))
    check_close(c, np.stack(want_c, axis=1), "c (N=2, T=4, H=5)", likely=_likely(args, 1))
