"""The public checks name a student's mistake in the hidden suites' own words.

Each case is one known mistake: the reference answer (``solutions/<a>.py``) with a
text substitution, as in ``authoring/mutants``. Its question's public check file runs on
it in this process, the way the notebook's check cell runs it (``run_checks`` with a
``KernelStudent`` over a namespace of functions). A failing check must name the mistake
with its exact text, and no check may name another one (``also`` lists the few other
names a case may legitimately earn). The reference passes every one of these files,
and every diagnosis a file offers on the reference's run has a case here.

A patch in another question's section (``("rnn_cell_forward", old, new)`` for
``rnn_forward``) changes only the copy the question's own function calls: the
student wrote the step inline, while the namespace keeps the correct helper.
"""
from __future__ import annotations

import ast
import dataclasses
import functools
import importlib
import re
import sys

import pytest

from autograder.course import ASSIGNMENTS, ROOT
from autograder import course

# mistakes only the public checks name (no hidden suite has them)
PUBLIC_ONLY = {"the history is included in the output", "the output is not a softmax"}
TEXTBOOK = " (and the textbook update)"  # the GRU suites' suffix for a second mistake


@dataclasses.dataclass(frozen=True)
class Case:
    question: str
    mistake: str
    patches: tuple  # (old, new) in the question's answer, or (question, old, new) elsewhere
    also: tuple = ()  # other mistake names this wrong answer may earn

    @property
    def id(self) -> str:
        return f"{self.question}: {self.mistake[:60]}"


def C(question, mistake, *patches, also=()):
    return Case(question, mistake, tuple(patches), tuple(also))


# ------------------------------------------------------------------ rnn_fundamentals
CELL = "np.tanh(x_t @ Wx + h_prev @ Wh + b)"
DA = "da = dh_next * (1.0 - h_next ** 2)"
FUNDAMENTALS = [
    C("make_windows", "the target starts one step too early (it overlaps the window's last "
      "value)", ("starts + window + np.arange(horizon)",
                 "starts + window - 1 + np.arange(horizon)")),
    C("rnn_cell_forward", "the bias b is missing", ("h_prev @ Wh + b)", "h_prev @ Wh)")),
    C("rnn_cell_forward", "wrong activation: ReLU instead of tanh",
      (CELL, "np.maximum(0, x_t @ Wx + h_prev @ Wh + b)")),
    C("rnn_cell_forward", "wrong activation: sigmoid instead of tanh",
      (CELL, "1 / (1 + np.exp(-(x_t @ Wx + h_prev @ Wh + b)))")),
    C("rnn_cell_forward", "no activation: tanh is missing", (CELL, "(x_t @ Wx + h_prev @ Wh + b)")),
    C("rnn_cell_forward", "the previous state h_prev is not used", (CELL, "np.tanh(x_t @ Wx + b)")),
    C("rnn_cell_forward", "the recurrent weight is transposed (use h_prev @ Wh)",
      ("h_prev @ Wh + b", "h_prev @ Wh.T + b")),
    C("rnn_forward", "the state is not carried: every step starts again from h0",
      ("rnn_cell_forward(x[:, t, :], h_t, Wx, Wh, b)",
       "rnn_cell_forward(x[:, t, :], h0, Wx, Wh, b)")),
    C("rnn_forward", "h0 is ignored: the first step starts from zeros",
      ("h_t = h0", "h_t = np.zeros_like(h0)")),
    C("rnn_forward", "tanh is missing: returned pre-activations",
      ("rnn_cell_forward", CELL, "(x_t @ Wx + h_prev @ Wh + b)")),
    C("rnn_forward", "the sequence is processed in reverse order",
      ("for t in range(T):", "for t in reversed(range(T)):")),
    C("numerical_gradient", "one-sided difference divided by 2*eps: x is not moved to x - eps "
      "(half the gradient)", ("x[index] = original - eps", "x[index] = original")),
    C("numerical_gradient", "forward difference (f(x+eps) - f(x)) / eps instead of the centred "
      "difference", ("x[index] = original - eps", "x[index] = original"),
      ("(plus - minus) / (2 * eps)", "(plus - minus) / eps")),
    C("numerical_gradient", "the upstream gradient df is ignored: differentiate sum(f(x) * df)",
      ("np.sum(f(x) * df)", "np.sum(f(x))")),
    C("numerical_gradient", "divided by eps instead of 2*eps (twice the gradient)",
      ("(plus - minus) / (2 * eps)", "(plus - minus) / eps")),
    C("rnn_cell_backward", "the tanh derivative (1 - h_next**2) is missing", (DA, "da = dh_next")),
    C("rnn_cell_backward", "wrong tanh derivative: use 1 - h_next**2",
      ("(1.0 - h_next ** 2)", "(1.0 - h_next)")),
    C("rnn_cell_backward", "wrong tanh derivative: it is 1 - tanh(a)**2, not 1 - a**2",
      ("(1.0 - h_next ** 2)", "(1.0 - np.arctanh(h_next) ** 2)")),
    C("rnn_cell_backward", "dWh must use h_prev, not h_next",
      ("dWh = h_prev.T @ da", "dWh = h_next.T @ da")),
    C("rnn_cell_backward", "db must be summed over the batch, not averaged",
      ("db = da.sum(axis=0)", "db = da.mean(axis=0)")),
    C("rnn_backward", "the weight gradients are not accumulated over time (use += over the steps)",
      ("dWx += dWx_t\n        dWh += dWh_t\n        db += db_t",
       "dWx = dWx_t\n        dWh = dWh_t\n        db = db_t")),
    C("rnn_backward", "the gradient flowing back from step t+1 is not added to dh[:, t]",
      ("rnn_cell_backward(dh[:, t, :] + dh_future,", "rnn_cell_backward(dh[:, t, :],")),
    C("rnn_backward", "the tanh derivative (1 - h**2) is missing",
      ("rnn_cell_backward", DA, "da = dh_next")),
    C("hidden_gradient_norms", "the norms are in reverse time order (norms[t] belongs to step t)",
      ("norms[t] = np.linalg.norm(grad)", "norms[len(caches) - 1 - t] = np.linalg.norm(grad)")),
    C("hidden_gradient_norms", "the tanh derivative is missing when stepping back",
      ("rnn_cell_backward", DA, "da = dh_next")),
    C("hidden_gradient_norms", "off by one step: norms[t] must be taken before stepping back to "
      "t-1", ("        norms[t] = np.linalg.norm(grad)\n"
              "        _, grad, _, _, _ = rnn_cell_backward(grad, caches[t])\n",
              "        _, grad, _, _, _ = rnn_cell_backward(grad, caches[t])\n"
              "        norms[t] = np.linalg.norm(grad)\n")),
    C("to_keras_simple_rnn", "return_sequences is off: only the last state is returned",
      ("return_sequences=True", "return_sequences=False")),
    C("to_keras_simple_rnn", "kernel and recurrent kernel are swapped",
      ("set_weights([Wx, Wh, b])", "set_weights([Wh, Wx, b])")),
    C("to_keras_simple_rnn", "the recurrent kernel is transposed",
      ("set_weights([Wx, Wh, b])", "set_weights([Wx, Wh.T, b])")),
]

# ------------------------------------------------------------- rnn_variants_overview
BWD = "run(x[:, ::-1, :], h0_bwd, *params_bwd)[:, ::-1, :]"
FWD = "run(x, h0_fwd, *params_fwd)"
LSTM_IN = "lstm_cell_forward(x[:, t, :], h_t, c_t, W, U, b)"
TANH_G, TANH_G_TWICE = "dc * i * (1.0 - g ** 2)", "dc * i * (1.0 - np.tanh(g) ** 2)"
TANH_C = "dh_next * o * (1.0 - tanh_c ** 2)"
TANH_C_TWICE = "dh_next * o * (1.0 - np.tanh(tanh_c) ** 2)"
IFGO = ("i = sigmoid(a[:, :H])\n    f = sigmoid(a[:, H:2 * H])\n"
        "    g = np.tanh(a[:, 2 * H:3 * H])\n    o = sigmoid(a[:, 3 * H:])")
LSTM_CELL_MISTAKES = {  # mistake -> patches of lstm_cell_forward
    "wrong gate order: blocks read as i, f, o, c (Keras uses i, f, c, o)":
        [(IFGO, IFGO.replace("a[:, 2 * H:3 * H]", "A").replace("a[:, 3 * H:]", "a[:, 2 * H:3 * H]")
          .replace("A", "a[:, 3 * H:]"))],
    "input and forget gates swapped: wrong gate order f, i, c, o (Keras uses i, f, c, o)":
        [("c_next = f * c_prev + i * g", "c_next = i * c_prev + f * g")],
    "wrong gate order: blocks read as i, c, f, o (Keras uses i, f, c, o)":
        [(IFGO, IFGO.replace("a[:, H:2 * H]", "A").replace("a[:, 2 * H:3 * H]", "a[:, H:2 * H]")
          .replace("A", "a[:, 2 * H:3 * H]"))],
    "wrong gate order: blocks read as c, i, f, o (Keras uses i, f, c, o)":
        [(IFGO, "i = sigmoid(a[:, H:2 * H])\n    f = sigmoid(a[:, 2 * H:3 * H])\n"
                "    g = np.tanh(a[:, :H])\n    o = sigmoid(a[:, 3 * H:])")],
    "missing tanh on the cell state: h = o * tanh(c), not o * c":
        [("h_next = o * np.tanh(c_next)", "h_next = o * c_next")],
    "the candidate uses sigmoid; it needs tanh":
        [("g = np.tanh(a[:, 2 * H:3 * H])", "g = sigmoid(a[:, 2 * H:3 * H])")],
    "the recurrent term h_prev @ U is missing":
        [("a = x_t @ W + h_prev @ U + b", "a = x_t @ W + b")],
    "the bias b is missing": [("a = x_t @ W + h_prev @ U + b", "a = x_t @ W + h_prev @ U")],
}
ZR = ("z = sigmoid(x_part[:, :H] + h_part[:, :H])\n"
      "        r = sigmoid(x_part[:, H:2 * H] + h_part[:, H:2 * H])")
ZR_V1 = ("z = sigmoid(x_part[:, :H] + h_prev @ U[:, :H])\n"
         "        r = sigmoid(x_part[:, H:2 * H] + h_prev @ U[:, H:2 * H])")
CAND = "h_cand = np.tanh(x_part[:, 2 * H:] + r * h_part[:, 2 * H:])"
CAND_V1 = "h_cand = np.tanh(x_part[:, 2 * H:] + (r * h_prev) @ U[:, 2 * H:])"
UPDATE = "return z * h_prev + (1 - z) * h_cand"
TEXTBOOK_RETURN = "return (1 - z) * h_prev + z * h_cand"


def _v1_textbook(candidate):
    """reset_after=False branch with `candidate` and the textbook update (its own return)."""
    return (CAND_V1, f"{candidate}\n        {TEXTBOOK_RETURN}")


GRU_TRUE_MISTAKES = {  # mistake -> patches of gru_cell_forward, seen with reset_after=True
    "textbook GRU update (1 - z) * h_prev + z * h_cand; Keras keeps z for the old state: "
    "h = z * h_prev + (1 - z) * h_cand": [(UPDATE, TEXTBOOK_RETURN)],
    "wrong gate order: blocks read as r, z, h (Keras uses z, r, h)":
        [(ZR, ZR.replace("z = ", "Z = ").replace("r = ", "z = ").replace("Z = ", "r = "))],
    "wrong gate order: blocks read as h, z, r (Keras uses z, r, h)":
        [(ZR + "\n        " + CAND,
          "z = sigmoid(x_part[:, H:2 * H] + h_part[:, H:2 * H])\n"
          "        r = sigmoid(x_part[:, 2 * H:] + h_part[:, 2 * H:])\n"
          "        h_cand = np.tanh(x_part[:, :H] + r * h_part[:, :H])")],
    "the reset gate is not applied to the candidate":
        [("r * h_part[:, 2 * H:]", "h_part[:, 2 * H:]"), ("(r * h_prev) @", "h_prev @")],
    "reset applied before the matrix product although reset_after=True (Keras multiplies r "
    "with h_prev @ U_h + b_rec_h)":
        [(CAND, "h_cand = np.tanh(x_part[:, 2 * H:] + (r * h_prev) @ U[:, 2 * H:]"
                " + b[1][2 * H:])")],
    "the recurrent bias row b[1] is ignored":
        [("h_part = h_prev @ U + b[1]", "h_part = h_prev @ U")],
    "the input bias row b[0] is ignored": [("x_part = x_t @ W + b[0]", "x_part = x_t @ W")],
}
GRU_FALSE_MISTAKES = {  # mistake -> patches of gru_cell_forward, seen with reset_after=False
    "reset applied after the matrix product although reset_after=False (use (r * h_prev) @ U_h)":
        [(CAND_V1, "h_cand = np.tanh(x_part[:, 2 * H:] + r * (h_prev @ U[:, 2 * H:]))")],
    "the bias b is ignored": [("x_part = x_t @ W + b\n", "x_part = x_t @ W\n")],
}
GRU_COMBOS = [  # the textbook update as well: (mistake, patches of gru_cell_forward)
    ("the reset gate is not applied to the candidate",
     [("r * h_part[:, 2 * H:]", "h_part[:, 2 * H:]"), ("(r * h_prev) @", "h_prev @"),
      (UPDATE, TEXTBOOK_RETURN)]),
    ("reset applied before the matrix product although reset_after=True (Keras multiplies r "
     "with h_prev @ U_h + b_rec_h)",
     GRU_TRUE_MISTAKES["reset applied before the matrix product although reset_after=True "
                       "(Keras multiplies r with h_prev @ U_h + b_rec_h)"]
     + [(UPDATE, TEXTBOOK_RETURN)]),
    ("the recurrent bias row b[1] is ignored",
     [("h_part = h_prev @ U + b[1]", "h_part = h_prev @ U"), (UPDATE, TEXTBOOK_RETURN)]),
    ("the input bias row b[0] is ignored",
     [("x_part = x_t @ W + b[0]", "x_part = x_t @ W"), (UPDATE, TEXTBOOK_RETURN)]),
    ("reset applied after the matrix product although reset_after=False (use (r * h_prev) @ U_h)",
     [_v1_textbook("h_cand = np.tanh(x_part[:, 2 * H:] + r * (h_prev @ U[:, 2 * H:]))")]),
    ("the bias b is ignored", [("x_part = x_t @ W + b\n", "x_part = x_t @ W\n"),
                               _v1_textbook(CAND_V1)]),
]
VARIANTS = [
    C("bidirectional_rnn_forward", "the backward outputs are not re-aligned in time (reverse them "
      "again after the backward pass)", (BWD, "run(x[:, ::-1, :], h0_bwd, *params_bwd)")),
    C("bidirectional_rnn_forward", "the backward RNN reads the sequence forwards (run it on "
      "x[:, ::-1])", (BWD, "run(x, h0_bwd, *params_bwd)")),
    C("bidirectional_rnn_forward", "the backward RNN reads x forwards and its outputs are then "
      "reversed", (BWD, "run(x, h0_bwd, *params_bwd)[:, ::-1, :]")),
    C("bidirectional_rnn_forward", "the forward and backward parameters are swapped",
      (FWD, "run(x, h0_fwd, *params_bwd)"), (BWD, BWD.replace("params_bwd", "params_fwd"))),
    C("bidirectional_rnn_forward", "h0_fwd and h0_bwd are swapped",
      (FWD, "run(x, h0_bwd, *params_fwd)"), (BWD, BWD.replace("h0_bwd", "h0_fwd"))),
    C("bidirectional_rnn_forward", "the initial states are ignored (zeros used)",
      (FWD, "run(x, 0 * h0_fwd, *params_fwd)"), (BWD, BWD.replace("h0_bwd", "0 * h0_bwd"))),
    C("bidirectional_rnn_forward", "concat puts the backward half first (Keras: forward first)",
      ("np.concatenate([h_fwd, h_bwd], axis=-1)", "np.concatenate([h_bwd, h_fwd], axis=-1)")),
    C("bidirectional_rnn_forward", "the two halves are stacked on the time axis instead of the "
      "feature axis", ("np.concatenate([h_fwd, h_bwd], axis=-1)",
                       "np.concatenate([h_fwd, h_bwd], axis=1)")),
    C("bidirectional_rnn_forward", "'ave' returns the sum (divide by 2)",
      ("return (h_fwd + h_bwd) / 2", "return h_fwd + h_bwd")),
    C("bidirectional_rnn_forward", "'sum' returns the mean",
      ('if merge_mode == "sum":\n        return h_fwd + h_bwd',
       'if merge_mode == "sum":\n        return (h_fwd + h_bwd) / 2')),
    *[C("lstm_cell_forward", why, *patches) for why, patches in LSTM_CELL_MISTAKES.items()],
    C("lstm_cell_backward", "the gradient from h_next into the cell state is missing: "
      "dc = dc_next + dh_next * o * (1 - tanh(c_next)**2), not dc_next alone",
      ("dc = dc_next + dh_next * o * (1.0 - tanh_c ** 2)", "dc = dc_next")),
    C("lstm_cell_backward", "wrong sigmoid derivative: for a gate s = sigmoid(a), ds/da = "
      "s * (1 - s), not 1 - s**2", ("i * (1.0 - i)", "(1.0 - i ** 2)"),
      ("f * (1.0 - f)", "(1.0 - f ** 2)"), ("o * (1.0 - o)", "(1.0 - o ** 2)")),
    C("lstm_cell_backward", "gate blocks in the wrong order: the gradient of the "
      "pre-activations was assembled as i, f, o, c (Keras uses i, f, c, o)",
      ("dc * i * (1.0 - g ** 2),       # candidate\n"
       "                         do * o * (1.0 - o)]",
       "do * o * (1.0 - o),\n                         dc * i * (1.0 - g ** 2)]")),
    C("lstm_cell_backward", "dc_prev is missing the forget gate: dc_prev = dc * f",
      ("dc_prev = dc * f", "dc_prev = dc")),
    C("lstm_cell_backward", "tanh applied twice in the candidate's derivative: g is already "
      "tanh(a_c), so dg/da_c = 1 - g**2, not 1 - tanh(g)**2", (TANH_G, TANH_G_TWICE)),
    C("lstm_cell_backward", "tanh applied twice in the cell state's derivative: with tanh_c = "
      "tanh(c_next), d tanh_c / dc = 1 - tanh_c**2, not 1 - tanh(tanh_c)**2",
      (TANH_C, TANH_C_TWICE)),
    C("lstm_cell_backward", "tanh applied twice in both tanh derivatives: g and tanh_c are "
      "already tanh values, so use 1 - g**2 and 1 - tanh_c**2, not 1 - tanh(g)**2 and "
      "1 - tanh(tanh_c)**2", (TANH_G, TANH_G_TWICE), (TANH_C, TANH_C_TWICE)),
    C("lstm_forward", "the cell state is not carried: every step starts from c0",
      (LSTM_IN, "lstm_cell_forward(x[:, t, :], h_t, c0, W, U, b)")),
    C("lstm_forward", "the hidden state is not carried: every step starts from h0",
      (LSTM_IN, "lstm_cell_forward(x[:, t, :], h0, c_t, W, U, b)")),
    C("lstm_forward", "the states are not carried between steps",
      (LSTM_IN, "lstm_cell_forward(x[:, t, :], h0, c0, W, U, b)")),
    C("lstm_forward", "h0 is ignored (zeros used)",
      ("h_t, c_t = h0, c0", "h_t, c_t = np.zeros_like(h0), c0")),
    C("lstm_forward", "c0 is ignored (zeros used)",
      ("h_t, c_t = h0, c0", "h_t, c_t = h0, np.zeros_like(c0)")),
    *[C("lstm_forward", why, *[("lstm_cell_forward", *p) for p in patches])
      for why, patches in LSTM_CELL_MISTAKES.items()],
    C("lstm_forward", "h holds the cell states c instead of the hidden states",
      ("h[:, t, :] = h_t", "h[:, t, :] = c_t")),
    C("lstm_forward", "c holds the hidden states h instead of the cell states",
      ("c[:, t, :] = c_t", "c[:, t, :] = h_t")),
    *[C("gru_cell_forward", why, *patches)
      for why, patches in {**GRU_TRUE_MISTAKES, **GRU_FALSE_MISTAKES}.items()],
    *[C("gru_cell_forward", why + TEXTBOOK, *patches) for why, patches in GRU_COMBOS],
    C("gru_cell_forward", "reset_after is ignored: the reset_after=False formula was used",
      ("h_part = h_prev @ U + b[1]", "h_part = h_prev @ U"),
      (CAND, "h_cand = np.tanh(x_part[:, 2 * H:] + (r * h_prev) @ U[:, 2 * H:])")),
    C("gru_forward", "the state is not carried: every step starts from h0",
      ("gru_cell_forward(x[:, t, :], h_t,", "gru_cell_forward(x[:, t, :], h0,")),
    C("gru_forward", "h0 is ignored (zeros used)", ("h_t = h0", "h_t = np.zeros_like(h0)")),
    *[C("gru_forward", why, *[("gru_cell_forward", *p) for p in patches])
      for why, patches in {**GRU_TRUE_MISTAKES, **GRU_FALSE_MISTAKES}.items()],
    C("gru_forward", "reset_after is not passed on to gru_cell_forward (its default True was "
      "used)", (", reset_after=reset_after)", ")")),
    C("count_rnn_params", "a Bidirectional layer holds two copies: double the count",
      ("(2 if bidirectional else 1)", "1")),
    C("count_rnn_params", "reset_after=True has two bias rows (2, 3H): add 3H",
      ("per_direction += k * units  # the second (recurrent) bias row", "pass")),
    C("count_rnn_params", "reset_after=False has a single bias row (3H,)",
      ('if cell == "gru" and reset_after:', 'if cell == "gru":')),
    C("count_rnn_params", "a GRU has 3 blocks (z, r, h)", ('"gru": 3', '"gru": 4')),
    C("count_rnn_params", "an LSTM has 4 blocks (i, f, c, o)", ('"lstm": 4', '"lstm": 3')),
    C("count_rnn_params", "the recurrent weights (H * H per block) are missing",
      ("input_dim * units + units * units + units", "input_dim * units + units")),
    # with the second bias row, a GRU without biases counts like one without that row:
    # the checks that name the bias come first
    C("count_rnn_params", "the bias (H per block) is missing",
      ("input_dim * units + units * units + units", "input_dim * units + units * units")),
    C("count_rnn_params", "the input weights are counted as H * H instead of D * H",
      ("input_dim * units + units * units + units", "units * units + units * units + units")),
    C("make_recall_task", "the symbol is placed at the last step instead of the first step",
      ("X[np.arange(n), 0, y] = 1.0", "X[np.arange(n), T - 1, y] = 1.0")),
    C("make_recall_task", "the marker channel is missing (all zeros)",
      ("    X[:, 0, num_symbols] = 1.0\n", "")),
    C("make_recall_task", "the noise is not scaled by `noise`",
      ("noise * rng.standard_normal(", "rng.standard_normal(")),
]

# ------------------------------------------------------------ rnn_architectures_part1
M21_LOOP = ("    h = h0\n    for t in range(x.shape[1]):\n"
            "        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)\n    return h @ Wy + by")
M2M_STEP = ("        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)\n"
            "        scores[:, t, :] = h @ Wy + by")
TSL_LOSS = "loss = -(weights * log_probs[rows, targets]).sum() / N"
TSL_GRAD = "dflat *= weights[:, None] / N"
RF = "return int(1 + num_layers * (kernel_size - 1) * dilation_rate)"
SCE_SHIFT = "shifted = logits - logits.max(axis=1, keepdims=True)"
TSL_SHIFT = "shifted = flat - flat.max(axis=1, keepdims=True)"
LOG_SOFTMAX = "log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))"
LOG_OF_SOFTMAX = "log_probs = np.log(np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True))"
OVERFLOW = ("exp overflows for large values: subtract the row maximum before exponentiating "
            "(log-sum-exp)")
UNDERFLOW = ("the softmax of a value far below its row's maximum underflows to 0, and its log "
             "is -inf: compute the log-softmax directly, (z - max) - log(sum(exp(z - max))), "
             "instead of the log of the softmax")
PART1 = [
    C("many_to_one_forward", "the logits come from the first hidden state instead of the last",
      (M21_LOOP, "    h = h0\n    states = []\n    for t in range(x.shape[1]):\n"
                 "        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)\n        states.append(h)\n"
                 "    return states[0] @ Wy + by")),
    C("many_to_one_forward", "the hidden states are averaged instead of taking the last one",
      (M21_LOOP, "    h = h0\n    total = 0\n    for t in range(x.shape[1]):\n"
                 "        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)\n        total = total + h\n"
                 "    return total / x.shape[1] @ Wy + by")),
    C("many_to_one_forward", "the output bias by is missing",
      ("return h @ Wy + by", "return h @ Wy")),
    C("many_to_one_forward", "tanh is missing in the recurrence",
      ("h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)", "h = x[:, t, :] @ Wx + h @ Wh + b")),
    C("many_to_one_forward", "the state is not carried: every step starts again from h0",
      ("+ h @ Wh + b)", "+ h0 @ Wh + b)")),
    C("many_to_one_forward", "h0 is ignored: the recurrence starts from zeros",
      ("    h = h0\n", "    h = np.zeros_like(h0)\n")),
    C("many_to_one_forward", "the logits are computed from h0 (the state before the sequence)",
      ("return h @ Wy + by", "return h0 @ Wy + by")),
    C("softmax_cross_entropy", "the loss is summed over the batch instead of averaged",
      ("loss = -log_probs[rows, y].mean()", "loss = -log_probs[rows, y].sum()")),
    C("softmax_cross_entropy", "the loss has the wrong sign",
      ("loss = -log_probs[rows, y].mean()", "loss = log_probs[rows, y].mean()")),
    C("softmax_cross_entropy", "the loss is the mean over all N*C log-probabilities",
      ("loss = -log_probs[rows, y].mean()", "loss = -log_probs.mean()")),
    C("softmax_cross_entropy", "the gradient is not divided by the batch size N",
      ("    dlogits /= N\n", "")),
    C("softmax_cross_entropy", "forgot to subtract the one-hot of the true class: dlogits = "
      "softmax / N", ("dlogits[rows, y] -= 1.0", "pass")),
    C("softmax_cross_entropy", "the gradient has the wrong sign: (onehot - p) / N",
      ("dlogits /= N", "dlogits /= -N")),
    C("softmax_cross_entropy", "the gradient is the softmax minus one everywhere",
      ("dlogits[rows, y] -= 1.0", "dlogits -= 1.0")),
    C("softmax_cross_entropy", OVERFLOW, (SCE_SHIFT, "shifted = logits")),
    C("softmax_cross_entropy", UNDERFLOW, (LOG_SOFTMAX, LOG_OF_SOFTMAX)),
    C("many_to_many_forward", "off by one: scores[:, t] are computed from the previous state "
      "h_{t-1}", (M2M_STEP, "        scores[:, t, :] = h @ Wy + by\n"
                            "        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)")),
    C("many_to_many_forward", "every step's scores use the final hidden state",
      (M2M_STEP, "        h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)\n    for t in range(T):\n"
                 "        scores[:, t, :] = h @ Wy + by")),
    C("many_to_many_forward", "the output bias by is missing",
      ("scores[:, t, :] = h @ Wy + by", "scores[:, t, :] = h @ Wy")),
    C("many_to_many_forward", "tanh is missing in the recurrence",
      ("h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)", "h = x[:, t, :] @ Wx + h @ Wh + b")),
    C("many_to_many_forward", "the state is not carried: every step starts again from h0",
      ("+ h @ Wh + b)", "+ h0 @ Wh + b)")),
    C("many_to_many_forward", "h0 is ignored: the recurrence starts from zeros",
      ("    h = h0\n", "    h = np.zeros_like(h0)\n")),
    C("temporal_softmax_loss", "the mask is ignored: padded steps are counted",
      (TSL_LOSS, "loss = -log_probs[rows, targets].sum() / N")),
    C("temporal_softmax_loss", "divided by the number of unmasked steps instead of N",
      (TSL_LOSS, TSL_LOSS.replace("/ N", "/ weights.sum()"))),
    C("temporal_softmax_loss", "divided by N*T instead of N",
      (TSL_LOSS, TSL_LOSS.replace("/ N", "/ (N * T)"))),
    C("temporal_softmax_loss", "not divided by N", (TSL_LOSS, TSL_LOSS.replace(" / N", ""))),
    C("temporal_softmax_loss", "the mask is not applied to the gradient", (TSL_GRAD, "dflat /= N")),
    C("temporal_softmax_loss", "the gradient is divided by the number of unmasked steps instead "
      "of N", (TSL_GRAD, "dflat *= weights[:, None] / weights.sum()")),
    C("temporal_softmax_loss", "the gradient is divided by N*T instead of N",
      (TSL_GRAD, "dflat *= weights[:, None] / (N * T)")),
    C("temporal_softmax_loss", "the gradient is not divided by N",
      (TSL_GRAD, "dflat *= weights[:, None]")),
    C("temporal_softmax_loss", "forgot to subtract the one-hot of the targets",
      ("dflat[rows, targets] -= 1.0", "pass")),
    C("temporal_softmax_loss", OVERFLOW, (TSL_SHIFT, "shifted = flat")),
    C("temporal_softmax_loss", UNDERFLOW, (LOG_SOFTMAX, LOG_OF_SOFTMAX)),
    C("build_sequence_tagger", "the output is not a softmax",
      ('layers.Dense(num_tags, activation="softmax")', "layers.Dense(num_tags)")),
    C("conv1d_forward", "the kernel is flipped (a true convolution); Conv1D computes a "
      "cross-correlation", ("@ w[k]", "@ w[K - 1 - k]")),
    C("conv1d_forward", "the bias b is missing",
      ("y = np.zeros((N, T_out, F)) + b", "y = np.zeros((N, T_out, F))")),
    C("conv1d_forward", "the last window is missing (T-K outputs instead of T-K+1)",
      ("T_out = T - K + 1", "T_out = T - K")),
    C("receptive_field", "num_layers * kernel_size (the windows of consecutive layers overlap by "
      "one step: each layer adds kernel_size - 1)", (RF, "return int(num_layers * kernel_size)")),
    C("receptive_field", "kernel_size ** num_layers (the field grows linearly, not "
      "exponentially)", (RF, "return int(kernel_size ** num_layers)")),
    C("receptive_field", "the dilation rate is ignored",
      (RF, "return int(1 + num_layers * (kernel_size - 1))")),
    C("receptive_field", "forgot the + 1 (the output's own step)",
      (RF, "return int(num_layers * (kernel_size - 1) * dilation_rate)")),
    C("receptive_field", "the dilation multiplies the whole field, 1 included",
      (RF, "return int((1 + num_layers * (kernel_size - 1)) * dilation_rate)")),
]

# ------------------------------------------------------------ rnn_architectures_part2
O2O = "h = np.tanh(x @ Wx + b)"
PPL = "return float(np.exp(nll[mask].mean()))"
STEP = "        h = np.tanh(x @ Wx + h @ Wh + b)\n        logits = h @ Wy + by"
EMIT = ("        tokens.append(token)\n"
        "        if stop_idx is not None and token == stop_idx:\n            break\n")
ROLL = "        window = np.append(window[1:], value)\n"
SPLIT_RETURN = ("    return (series[:n_train].copy(), series[n_train:n_train + n_val].copy(),\n"
                "            series[n_train + n_val:].copy())")
SCALER_FIT = "    mean, std = float(train.mean()), float(train.std())\n"
SEASONAL_BODY = ("    last_season = series[len(series) - season:]\n"
                 "    return np.array([last_season[h % season] for h in range(horizon)])")
PART2 = [
    C("one_to_one_forward", "tanh is missing", (O2O, "h = x @ Wx + b")),
    C("one_to_one_forward", "the hidden bias b is missing", (O2O, "h = np.tanh(x @ Wx)")),
    C("one_to_one_forward", "the output bias by is missing",
      ("return h @ Wy + by", "return h @ Wy")),
    C("one_to_one_forward", "sigmoid instead of tanh",
      (O2O, "h = 1 / (1 + np.exp(-(x @ Wx + b)))")),
    C("one_to_one_forward", "ReLU instead of tanh", (O2O, "h = np.maximum(x @ Wx + b, 0)")),
    C("one_to_one_forward", "tanh applied to the output as well (return the logits)",
      ("return h @ Wy + by", "return np.tanh(h @ Wy + by)")),
    C("one_to_one_forward", "softmax applied to the output (return the logits)",
      ("return h @ Wy + by",
       "z = np.exp(h @ Wy + by)\n    return z / z.sum(axis=-1, keepdims=True)")),
    C("sample_with_temperature", "the logits are multiplied by the temperature instead of "
      "divided by it", ("z = logits / temperature", "z = logits * temperature")),
    C("sample_with_temperature", "the temperature is ignored",
      ("z = logits / temperature", "z = logits")),
    C("sample_with_temperature", "tokens are drawn uniformly, ignoring the logits",
      ("rng.choice(len(p), p=p)", "rng.choice(len(p))")),
    C("sample_with_temperature", "always returns the argmax instead of sampling",
      ("return int(rng.choice(len(p), p=p))", "return int(np.argmax(p))")),
    C("sample_with_temperature", "exp overflows for large logits / temperature: subtract the "
      "largest value before exponentiating (softmax(u) = softmax(u - max(u)))",
      ("    z = z - np.max(z)\n", "")),
    C("generate_sequence", "the sampled token is not fed back (every step reads the start token)",
      ("x[token] = 1.0", "x[start_idx] = 1.0")),
    C("generate_sequence", "the hidden state is not updated between steps (h stays h0)",
      (STEP, "        h_next = np.tanh(x @ Wx + h @ Wh + b)\n        logits = h_next @ Wy + by")),
    C("generate_sequence", "the stop token is not included as the last element",
      (EMIT, "        if stop_idx is not None and token == stop_idx:\n            break\n"
             "        tokens.append(token)\n")),
    C("generate_sequence", "the stop token is ignored (generation goes on after it)",
      (EMIT, "        tokens.append(token)\n")),
    C("generate_sequence", "the start token is included in the output",
      ("tokens = []", "tokens = [start_idx]")),
    C("generate_sequence", "the length cap is off by one (one token too few)",
      ("range(length)", "range(length - 1)")),
    C("generate_sequence", "the length cap is off by one (one token too many)",
      ("range(length)", "range(length + 1)")),
    C("generate_sequence", "h0 is ignored (started from zeros)",
      ("h = np.array(h0, dtype=float)", "h = np.zeros(np.shape(h0))")),
    C("generate_sequence", "the logits are read from the previous state, before the RNN step",
      (STEP, "        logits = h @ Wy + by\n        h = np.tanh(x @ Wx + h @ Wh + b)")),
    C("generate_sequence", "tanh is missing in the RNN step",
      ("h = np.tanh(x @ Wx + h @ Wh + b)", "h = x @ Wx + h @ Wh + b")),
    C("generate_sequence", "the argmax is fed back instead of the sampled token",
      ("        token = sample_with_temperature(logits, temperature, rng)\n"
       "        tokens.append(token)\n",
       "        tokens.append(sample_with_temperature(logits, temperature, rng))\n"
       "        token = int(np.argmax(logits))\n")),
    C("generate_sequence", "the temperature is not passed on to the sampler",
      ("sample_with_temperature(logits, temperature, rng)",
       "sample_with_temperature(logits, 1.0, rng)")),
    C("generate_sequence", "the logits are multiplied by the temperature instead of divided by it",
      ("sample_with_temperature", "z = logits / temperature", "z = logits * temperature")),
    C("perplexity", "exp is missing: this is the mean negative log-likelihood, not the perplexity",
      (PPL, "return float(nll[mask].mean())")),
    C("perplexity", "exp of the summed negative log-likelihood (take the mean)",
      (PPL, "return float(np.exp(nll[mask].sum()))")),
    C("perplexity", "the negative log-likelihood is divided by N (the batch size), not by the "
      "number of positions", (PPL, "return float(np.exp(nll[mask].sum() / targets.shape[0]))")),
    C("perplexity", "the mean of per-sequence perplexities (average the log-likelihood over all "
      "positions first)", (PPL, "return float(np.mean([np.exp(nll[i][mask[i]].mean()) "
                                "for i in range(len(nll)) if mask[i].any()]))")),
    C("perplexity", "the sign is flipped (exp of the mean log-likelihood)",
      (PPL, "return float(np.exp(-nll[mask].mean()))")),
    C("perplexity", "the mask is ignored: masked positions are counted",
      (PPL, "return float(np.exp(nll.mean()))")),
    C("perplexity", "masked positions are left out of the sum but counted in the denominator",
      (PPL, "return float(np.exp((nll * mask).sum() / mask.size))")),
    C("perplexity", "the mask is inverted (True means the position counts)",
      (PPL, "return float(np.exp(nll[~mask].mean()))")),
    C("forecast_autoregressive", "the window is not rolled: each step sees the same history",
      (ROLL, "")),
    C("forecast_autoregressive", "the window is rolled the wrong way: append the prediction at "
      "the end and drop the oldest value", ("np.append(window[1:], value)",
                                            "np.append(value, window[:-1])")),
    C("forecast_autoregressive", "the prediction overwrites the last value instead of shifting "
      "the window", (ROLL, "        window[-1] = value\n")),
    C("forecast_autoregressive", "the forecast is shifted by one step (first prediction dropped)",
      ("    return forecast", "    return np.append(forecast[1:], float(step_fn(window)))")),
    C("forecast_autoregressive", "the last observed value is included as the first forecast",
      ("    return forecast",
       "    return np.concatenate([np.asarray(history, dtype=float)[-1:], forecast[:-1]])")),
    C("forecast_autoregressive", "the window keeps the integer dtype of the history, so "
      "predictions are truncated: convert to float first",
      ("window = np.array(history, dtype=float)", "window = np.array(history)"),
      (ROLL, "        window = np.roll(window, -1)\n        window[-1] = value\n")),
    C("forecast_autoregressive", "the history is included in the output",
      ("    return forecast",
       "    return np.concatenate([np.asarray(history, dtype=float), forecast])[:steps]")),
    C("chronological_split", "the series was shuffled before the split: keep time order "
      "(train the oldest values, test the most recent)",
      ("    series = np.asarray(series)\n",
       "    series = np.random.default_rng(0).permutation(np.asarray(series))\n")),
    C("chronological_split", "the test part was taken from the start of the series: the test "
      "part must be the most recent values", (SPLIT_RETURN,
       "    return (series[n_test + n_val:].copy(), series[n_test:n_test + n_val].copy(),\n"
       "            series[:n_test].copy())")),
    C("chronological_split", "validation and test parts are swapped (validation comes before "
      "test in time)", (SPLIT_RETURN,
       "    return (series[:n_train].copy(), series[n - n_val:].copy(),\n"
       "            series[n_train:n_train + n_test].copy())")),
    C("standardize_splits", "the mean and std were computed on all the data, not the training "
      "part only: the future leaks into the scaler", (SCALER_FIT,
       "    everything = np.concatenate([train, val, test])\n"
       "    mean, std = float(everything.mean()), float(everything.std())\n")),
    C("standardize_splits", "the mean and std were computed on the training and validation "
      "parts: fit the scaler on the training part only", (SCALER_FIT,
       "    seen = np.concatenate([train, val])\n"
       "    mean, std = float(seen.mean()), float(seen.std())\n")),
    C("standardize_splits", "the sample std (ddof=1) was used: use np.std's default, ddof=0",
      ("float(train.std())", "float(train.std(ddof=1))")),
    C("standardize_splits", "each part was standardised with its own mean and std: use the "
      "training part's for all three",
      ("    return (train - mean) / std, (val - mean) / std, (test - mean) / std, mean, std",
       "    own = lambda p: (p - p.mean()) / p.std()\n"
       "    return own(train), own(val), own(test), mean, std")),
    C("seasonal_naive_forecast", "the forecast repeats the last `horizon` values instead of the "
      "last `season` values: step h is the value one season before it",
      (SEASONAL_BODY, "    return series[len(series) - horizon:]")),
    C("seasonal_naive_forecast", "each value is taken one step too early (season + 1 steps back)",
      ("series[len(series) - season:]", "series[len(series) - season - 1:len(series) - 1]")),
    C("seasonal_naive_forecast", "the last value is repeated (the naive forecast) whatever the "
      "season", (SEASONAL_BODY, "    return np.full(horizon, series[-1])")),
    C("mae_in_units", "the error is in standardised units: undo the scaling (value * std + "
      "mean) to report it in the series' own units",
      ("* std + mean\n    true", "\n    true"), ("true_std, dtype=float) * std + mean",
                                                 "true_std, dtype=float)")),
    C("mae_in_units", "the scaling was applied again ((value - mean) / std) instead of undone "
      "(value * std + mean)", ("pred_std, dtype=float) * std + mean",
                               "pred_std, dtype=float) - mean) / std"),
      ("np.asarray(pred_std", "(np.asarray(pred_std"),
      ("true_std, dtype=float) * std + mean", "true_std, dtype=float) - mean) / std"),
      ("np.asarray(true_std", "(np.asarray(true_std")),
    C("mae_in_units", "mean squared error instead of mean absolute error",
      ("np.mean(np.abs(pred - true))", "np.mean((pred - true) ** 2)")),
    C("mae_in_units", "root mean squared error instead of mean absolute error",
      ("np.mean(np.abs(pred - true))", "np.sqrt(np.mean((pred - true) ** 2))")),
]

CASES = FUNDAMENTALS + VARIANTS + PART1 + PART2


# ------------------------------------------------------------------------ machinery
@functools.lru_cache(maxsize=None)
def _cells(assignment: str) -> dict[str, str]:
    """grade id -> its code in the generated reference solutions."""
    text = (ROOT / "solutions" / f"{assignment}.py").read_text()
    parts = re.split(r"(?m)^# --- (\S+) ---$", text)
    return dict(zip(parts[1::2], parts[2::2]))


@functools.lru_cache(maxsize=None)
def _sections(assignment: str) -> dict[str, str]:
    """question -> the code of its answer cell."""
    return {name.removeprefix("answer_"): code for name, code in _cells(assignment).items()
            if name.startswith("answer_")}


@functools.lru_cache(maxsize=None)
def _assignment_of(question: str) -> str:
    for assignment in ASSIGNMENTS:
        if question in _sections(assignment):
            return assignment
    raise KeyError(question)


def _exec(code: str, namespace: dict, label: str) -> None:
    exec(compile(code, f"<{label}>", "exec"), namespace)  # noqa: S102 - the course's own code


@functools.lru_cache(maxsize=None)
def _reference(assignment: str) -> dict:
    """What the grading sandbox runs: the setup cells and the answer cells, in order."""
    namespace = {"__name__": f"reference_{assignment}"}
    for name, code in _cells(assignment).items():
        if name.startswith(("setup_", "answer_")):
            _exec(code, namespace, f"{assignment}:{name}")
    return namespace


def _defines(code: str) -> list[str]:
    return [node.name for node in ast.parse(code).body if isinstance(node, ast.FunctionDef)]


def _with_mistake(case: Case) -> dict:
    """The reference namespace whose `case.question` functions carry the mistake."""
    assignment = _assignment_of(case.question)
    sections = _sections(assignment)
    patches = [p if len(p) == 3 else (case.question, *p) for p in case.patches]
    inner = dict(_reference(assignment))
    for question in [q for q in sections if q == case.question or q in {p[0] for p in patches}]:
        code = sections[question]
        for where, old, new in patches:
            if where == question:
                assert old in code, f"{old!r} is not in the reference answer of {question}"
                code = code.replace(old, new)
        _exec(code, inner, f"{assignment}:{question} with a mistake")
    student = dict(_reference(assignment))
    for name in _defines(sections[case.question]):
        student[name] = inner[name]
    return student


@pytest.fixture(scope="module", autouse=True)
def released_harness():
    """The check files import ``_harness`` as released; here it is this very package, so
    their CheckFailed, Rng and StudentRaised are the runner's."""
    names = ("checks", "wire", "student", "testfns")
    modules = {f"autograder.harness.{n}": importlib.import_module(f"autograder.harness.{n}")
               for n in names}
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(sys.modules, "_harness", importlib.import_module("autograder.harness"))
        for name in names:
            mp.setitem(sys.modules, f"_harness.{name}", modules[f"autograder.harness.{name}"])
        yield


def _run(question: str, namespace: dict):
    from autograder.harness.runner import run_checks
    from autograder.harness.kernel_student import KernelStudent
    path = course.public_tests(_assignment_of(question)) / f"test_{question}.py"
    fresh = {k: v for k, v in namespace.items() if k != "__grading_handles__"}  # a new kernel
    return run_checks([path], KernelStudent(fresh)).get(question, [])


@functools.lru_cache(maxsize=None)
def _hidden_texts(assignment: str) -> frozenset[str]:
    """Every string constant of the hidden suite (implicit concatenations joined), and
    those of the public diagnoses it uses: what the definitions of
    ``source/<a>/tests/diagnoses.py`` that the suite names (``diagnoses.rnn_forward_mistakes``;
    ``autograder/suites/public.py`` loads the module) hold, or reach by name."""
    texts, names = set(), set()
    for path in course.hidden_suite(assignment).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.add(node.value)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Name):
                names.add(node.id)
    # the public check helpers the suite loads (``tests/*_checks.py``) reach diagnoses too
    for path in course.public_tests(assignment).glob("*_checks.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Name):
                names.add(node.id)
    public = course.public_tests(assignment) / "diagnoses.py"
    if public.exists():
        texts |= _texts_reached(ast.parse(public.read_text()), names)
    # the other public modules the suite loads (``recall_checks``: its checks, and their
    # words, are the suite's own)
    for module in course.public_tests(assignment).glob("*.py"):
        if module.stem != "diagnoses" and not module.stem.startswith("test_") and \
                any(module.stem in t for t in texts):
            texts |= {n.value for n in ast.walk(ast.parse(module.read_text()))
                      if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return frozenset(texts)


def _texts_reached(module: ast.Module, names: set[str]) -> set[str]:
    """The string constants of the module's top-level definitions named in ``names``,
    and of the definitions those name in turn."""
    definitions = {}
    for node in module.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            definitions[node.name] = node
        elif isinstance(node, ast.Assign):
            definitions.update({t.id: node for t in node.targets if isinstance(t, ast.Name)})
    texts, seen, todo = set(), set(), [n for n in names if n in definitions]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(definitions[name]):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.add(node.value)
            elif isinstance(node, ast.Name) and node.id in definitions:
                todo.append(node.id)
    return texts


# ----------------------------------------------------------------------------- tests
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_public_check_names_the_mistake(case):
    outcomes = _run(case.question, _with_mistake(case))
    failed = [o for o in outcomes if not o.passed]
    report = "\n".join(f"{o.name}: {o.message}" for o in failed)
    assert failed, f"no public check of {case.question} fails on this mistake"
    named = {o.mistake for o in failed} - {None}
    assert case.mistake in named, f"the mistake is not named; failures:\n{report}"
    assert named <= {case.mistake, *case.also}, f"another mistake is named:\n{report}"
    assert any(o.message.endswith(f"Likely mistake: {case.mistake}") for o in failed), report


@pytest.mark.parametrize("question", sorted({c.question for c in CASES}))
def test_reference_passes_and_every_offered_diagnosis_has_a_case(question, monkeypatch):
    import autograder.harness.checks as checks
    offered = set()

    def recording(check):
        def wrapper(*args, likely=None, **kwargs):
            offered.update(likely or {})
            return check(*args, likely=likely, **kwargs)
        return wrapper
    monkeypatch.setattr(checks, "check_close", recording(checks.check_close))
    monkeypatch.setattr(checks, "directional_check", recording(checks.directional_check))
    outcomes = _run(question, _reference(_assignment_of(question)))
    assert outcomes and all(o.passed for o in outcomes), \
        "\n".join(f"{o.name}: {o.message}" for o in outcomes if not o.passed)
    covered = {c.mistake for c in CASES if c.question == question}
    assert offered <= covered, f"diagnoses without a case: {sorted(offered - covered)}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_wording_is_the_hidden_suites(case):
    if case.mistake in PUBLIC_ONLY:
        return
    texts = _hidden_texts(_assignment_of(case.question))
    mistake = case.mistake.removesuffix(TEXTBOOK) if TEXTBOOK in texts else case.mistake
    assert mistake in texts, "the hidden suite has no diagnosis worded like this"
