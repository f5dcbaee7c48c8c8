"""Hidden checks for softmax_cross_entropy: values, numeric gradient, stability."""
import numpy as np
import pytest

import solutions.rnn_architectures_part1 as ref
from autograder.harness.checks import check_close, check_tuple, directional_check, fail
from autograder.harness.student import NonFiniteValue
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part1.common import diagnoses
from autograder.suites import cases

CASES = [(1, 4), (5, 3), (8, 10), (3, 2)]
LOSS = "the loss is the mean over the batch of -log softmax(logits)[i, y_i]"
GRADIENT = "dlogits = (softmax(logits) - onehot(y)) / N"


def _inputs(seed, N, C, scale=2.0):
    rng = np.random.default_rng(5000 + seed)
    return scale * rng.standard_normal((N, C)), rng.integers(0, C, size=N)


def _call(student, logits, y):
    try:
        out = student.softmax_cross_entropy(logits, y)
    except NonFiniteValue as exc:
        fail(str(exc), diagnoses.unstable_softmax(
            lambda z: diagnoses.returns(student.softmax_cross_entropy, z, y), logits))
    out = check_tuple(out, 2, "softmax_cross_entropy")
    if np.ndim(out[0]) != 0:
        fail(f"the loss should be one number (the mean over the batch), got shape "
             f"{np.shape(out[0])}")
    return out


@rule(LOSS)
@pytest.mark.parametrize("case", CASES, ids=cases.ids("N C"))
def test_loss_matches_reference(student, case):
    """the loss on hidden logits"""
    logits, y = _inputs(sum(case), *case)
    loss, _ = _call(student, logits, y)
    check_close(loss, ref.softmax_cross_entropy(logits, y)[0], "loss",
                likely=diagnoses.cross_entropy_loss_mistakes(logits, y))


@rule(GRADIENT)
@pytest.mark.parametrize("case", CASES[:3], ids=cases.ids("N C"))
def test_gradient_matches_reference(student, case):
    """dlogits on hidden logits"""
    logits, y = _inputs(10 + sum(case), *case)
    _, dlogits = _call(student, logits, y)
    check_close(dlogits, ref.softmax_cross_entropy(logits, y)[1], "dlogits",
                likely=diagnoses.cross_entropy_grad_mistakes(logits, y))


@rule(GRADIENT)
def test_numeric_gradient(student):
    """dlogits agrees with a centred finite difference of the loss"""
    logits, y = _inputs(30, 6, 5)
    _, dlogits = _call(student, logits, y)
    directional_check(lambda z: ref.softmax_cross_entropy(z, y)[0], logits, dlogits, "dlogits",
                      seed=3, likely=diagnoses.cross_entropy_grad_mistakes(logits, y))


@rule("logits in the thousands give a finite, correct loss and gradient")
def test_stable_for_huge_logits(student):
    """logits around ±10^4 give finite, correct loss and gradient"""
    logits, y = _inputs(31, 4, 6, scale=1e4)
    loss, dlogits = _call(student, logits, y)
    want_loss, want_grad = ref.softmax_cross_entropy(logits, y)
    check_close(loss, want_loss, "loss for logits around 1e4", rtol=1e-9,
                likely=diagnoses.cross_entropy_loss_mistakes(logits, y))
    check_close(dlogits, want_grad, "dlogits for logits around 1e4",
                likely=diagnoses.cross_entropy_grad_mistakes(logits, y))
