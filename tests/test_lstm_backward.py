"""lstm_cell_backward (rnn_variants_overview): the reference, its diagnoses and mutants.

Fast, in-process checks; the real grading of the reference, the release and the mutants
runs in ``tests/test_pipeline.py`` (``-k rnn_variants_overview``).
"""
from __future__ import annotations

import numpy as np
import pytest

import solutions.rnn_variants_overview as ref
from autograder.suites.rnn_variants_overview import common
from authoring.mutants import load
from tools import release

A = "rnn_variants_overview"
NAMES = ("dx_t", "dh_prev", "dc_prev", "dW", "dU", "db")


def _numeric(args, k, eps=1e-6):
    dh, dc, *inputs = args
    value = np.asarray(inputs[k], dtype=float)
    grad = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        parts = []
        for sign in (1, -1):
            changed = list(inputs)
            changed[k] = value.copy()
            changed[k][index] += sign * eps
            h, c = ref.lstm_cell_forward(*changed)
            parts.append(np.sum(dh * h) + np.sum(dc * c))
        grad[index] = (parts[0] - parts[1]) / (2 * eps)
    return grad


def _args(seed, N, D, H):
    x, h, c, W, U, b = common.lstm_inputs(seed, N, 1, D, H)
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((N, H)), rng.standard_normal((N, H)), x[:, 0], h, c, W, U, b)


@pytest.mark.parametrize("shape", [(1, 3, 5), (3, 2, 6), (2, 4, 4)])
def test_reference_matches_finite_differences(shape):
    args = _args(sum(shape), *shape)
    grads = ref.lstm_cell_backward(*args)
    assert len(grads) == 6
    for k, name in enumerate(NAMES):
        assert grads[k].shape == np.shape(args[2 + k]), name
        np.testing.assert_allclose(grads[k], _numeric(args, k), atol=1e-7, rtol=1e-6,
                                   err_msg=name)


def test_dc_prev_is_dc_times_forget_gate():
    """The highway: with dh_next = 0, dc_prev = dc_next * f exactly."""
    dh, dc, x, h, c, W, U, b = _args(3, 2, 3, 4)
    H = 4
    f = ref.sigmoid((x @ W + h @ U + b)[:, H:2 * H])
    dc_prev = ref.lstm_cell_backward(0 * dh, dc, x, h, c, W, U, b)[2]
    np.testing.assert_allclose(dc_prev, dc * f, rtol=1e-12)


def test_public_expected_values_are_the_reference():
    """The public checks' finite differences of the LSTM step equal the reference."""
    dh, dc, *args = _args(12, 2, 3, 4)
    for k, (num, want) in enumerate(zip(common.diagnoses.lstm_step_gradients(dh, dc, args),
                                        ref.lstm_cell_backward(dh, dc, *args))):
        np.testing.assert_allclose(num, want, atol=1e-7, err_msg=NAMES[k])


def test_every_mistake_is_named_on_random_inputs():
    dh, dc, *args = _args(11, 2, 3, 4)
    named = set().union(*map(set, common.diagnoses.lstm_cell_backward_mistakes(dh, dc, args)))
    assert len(named) == 7, sorted(named)


MUTANTS = [m for m in load(A) if m.question == "lstm_cell_backward"]


def test_at_least_four_mutants():
    assert len(MUTANTS) >= 4


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.mistake)
def test_mutant_is_the_mistake_it_names(mutant):
    """Each mutant applies to the reference once, and its gradients are exactly the
    numeric stand-ins (diagnoses.py) of the mistake whose name contains its message:
    the real mistaken code proves the stand-ins the checks name mistakes with."""
    text = (release.ROOT / "solutions" / f"{A}.py").read_text()
    section = text.split("# --- answer_lstm_cell_backward ---", 1)[1].split("\n# --- ", 1)[0]
    assert section.count(mutant.old) == 1
    namespace = {"np": np, "sigmoid": ref.sigmoid}
    exec(compile(section.replace(mutant.old, mutant.new), "<mutant>", "exec"), namespace)
    args = _args(21, 3, 2, 5)
    dh, dc, *inputs = args
    mistakes = common.diagnoses.lstm_cell_backward_mistakes(dh, dc, inputs)
    (why,) = {w for m in mistakes for w in m if mutant.message.lower() in w.lower()}
    got = namespace["lstm_cell_backward"](*[np.copy(a) for a in args])
    right = ref.lstm_cell_backward(*args)
    assert any(not np.allclose(g, r) for g, r in zip(got, right)), "the mutant changes nothing"
    named = [k for k in range(6) if why in mistakes[k]]  # where no other mistake agrees
    assert named, "the mistake is named for no gradient"
    for k in named:
        np.testing.assert_allclose(got[k], mistakes[k][why], atol=1e-7, err_msg=NAMES[k])
