"""Hidden checks for temporal_softmax_loss: masking, scaling, numeric gradient."""
import numpy as np
import pytest

import solutions.rnn_architectures_part1 as ref
from autograder.harness.checks import check_close, check_tuple, directional_check, fail
from autograder.harness.student import NonFiniteValue
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part1.common import diagnoses
from autograder.suites import cases

# (N, T, C, mask kind)
CASES = [(1, 1, 3, "full"), (3, 5, 4, "ragged"), (4, 6, 2, "one_empty"), (2, 7, 6, "random")]


def _inputs(seed, N, T, C, kind, scale=2.0):
    rng = np.random.default_rng(6000 + seed)
    scores = scale * rng.standard_normal((N, T, C))
    y = rng.integers(0, C, size=(N, T))
    if kind == "full":
        mask = np.ones((N, T), dtype=bool)
    elif kind == "ragged":
        lengths = rng.integers(1, T + 1, size=N)
        lengths[0] = T
        mask = np.arange(T)[None, :] < lengths[:, None]
    elif kind == "one_empty":
        mask = np.arange(T)[None, :] < rng.integers(2, T + 1, size=N)[:, None]
        mask[-1] = False
    else:
        mask = rng.random((N, T)) < 0.6
    return scores, y, mask


LOSS = "the loss sums -log softmax(scores)[y] over the real steps, divided by N (not their count)"
GRADIENT = "dscores = (softmax(scores) - onehot(y)) / N at real steps and 0 at padded ones"


def _call(student, scores, y, mask):
    try:
        out = student.temporal_softmax_loss(scores, y, mask)
    except NonFiniteValue as exc:
        fail(str(exc), diagnoses.unstable_softmax(
            lambda s: diagnoses.returns(student.temporal_softmax_loss, s, y, mask), scores))
    out = check_tuple(out, 2, "temporal_softmax_loss")
    if np.ndim(out[0]) != 0:
        fail(f"the loss should be one number, got shape {np.shape(out[0])}")
    return out


@rule(LOSS)
@pytest.mark.parametrize("case", CASES, ids=cases.ids("N T C mask:"))
def test_loss_matches_reference(student, case):
    """the loss on hidden inputs"""
    args = _inputs(sum(case[:3]), *case)
    loss, _ = _call(student, *args)
    check_close(loss, ref.temporal_softmax_loss(*args)[0], "loss",
                likely=diagnoses.temporal_loss_mistakes(*args))


@rule(GRADIENT)
@pytest.mark.parametrize("case", CASES, ids=cases.ids("N T C mask:"))
def test_gradient_matches_reference(student, case):
    """dscores on hidden inputs"""
    args = _inputs(20 + sum(case[:3]), *case)
    _, dscores = _call(student, *args)
    check_close(dscores, ref.temporal_softmax_loss(*args)[1], "dscores",
                likely=diagnoses.temporal_grad_mistakes(*args))


@rule(GRADIENT)
def test_numeric_gradient(student):
    """dscores agrees with a centred finite difference of the loss"""
    scores, y, mask = _inputs(40, 3, 4, 5, "ragged")
    _, dscores = _call(student, scores, y, mask)
    directional_check(lambda s: ref.temporal_softmax_loss(s, y, mask)[0], scores, dscores,
                      "dscores", seed=4, likely=diagnoses.temporal_grad_mistakes(scores, y, mask))


@rule("scores in the thousands give a finite, correct loss and gradient")
def test_stable_for_huge_scores(student):
    """scores around ±10^4 give a finite, correct loss and gradient"""
    scores, y, mask = _inputs(41, 2, 3, 4, "ragged", scale=1e4)
    loss, dscores = _call(student, scores, y, mask)
    want_loss, want_grad = ref.temporal_softmax_loss(scores, y, mask)
    check_close(loss, want_loss, "loss for scores around 1e4", rtol=1e-9,
                likely=diagnoses.temporal_loss_mistakes(scores, y, mask))
    check_close(dscores, want_grad, "dscores for scores around 1e4",
                likely=diagnoses.temporal_grad_mistakes(scores, y, mask))
