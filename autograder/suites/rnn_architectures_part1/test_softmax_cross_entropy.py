"""Hidden checks for softmax_cross_entropy: values, numeric gradient, stability."""
import numpy as np
import pytest

import solutions.rnn_architectures_part1 as ref
from autograder.harness.checks import check_close, check_tuple, directional_check, fail
from autograder.suites.rnn_architectures_part1.common import diagnoses

CASES = [(1, 4), (5, 3), (8, 10), (3, 2)]


def _inputs(seed, N, C, scale=2.0):
    rng = np.random.default_rng(5000 + seed)
    return scale * rng.standard_normal((N, C)), rng.integers(0, C, size=N)


def _call(student, logits, y):
    out = check_tuple(student.softmax_cross_entropy(logits, y), 2, "softmax_cross_entropy")
    if np.ndim(out[0]) != 0:
        fail(f"the loss should be one number (the mean over the batch), got shape "
             f"{np.shape(out[0])}")
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda c: "N{}-C{}".format(*c))
def test_loss_matches_reference(student, case):
    """the loss on hidden logits (batch of 1, two classes, ...)"""
    logits, y = _inputs(sum(case), *case)
    loss, _ = _call(student, logits, y)
    check_close(loss, ref.softmax_cross_entropy(logits, y)[0], "loss",
                likely=diagnoses.cross_entropy_loss_mistakes(logits, y))


@pytest.mark.parametrize("case", CASES[:3], ids=lambda c: "N{}-C{}".format(*c))
def test_gradient_matches_reference(student, case):
    """dlogits on hidden logits"""
    logits, y = _inputs(10 + sum(case), *case)
    _, dlogits = _call(student, logits, y)
    check_close(dlogits, ref.softmax_cross_entropy(logits, y)[1], "dlogits",
                likely=diagnoses.cross_entropy_grad_mistakes(logits, y))


def test_numeric_gradient(student):
    """dlogits agrees with a centred finite difference of the loss"""
    logits, y = _inputs(30, 6, 5)
    _, dlogits = _call(student, logits, y)
    directional_check(lambda z: ref.softmax_cross_entropy(z, y)[0], logits, dlogits, "dlogits",
                      seed=3, likely=diagnoses.cross_entropy_grad_mistakes(logits, y))


def test_stable_for_huge_logits(student):
    """logits around ±10^4 give finite, correct loss and gradient"""
    logits, y = _inputs(31, 4, 6, scale=1e4)
    with np.errstate(all="ignore"):
        loss, dlogits = _call(student, logits, y)
    if not np.isfinite(loss) or not np.all(np.isfinite(dlogits)):
        fail("the loss or the gradient is not finite for large logits: subtract the row "
             "maximum before exponentiating (log-sum-exp)")
    want_loss, want_grad = ref.softmax_cross_entropy(logits, y)
    check_close(loss, want_loss, "loss for logits around 1e4", rtol=1e-9)
    check_close(dlogits, want_grad, "dlogits for logits around 1e4")


def test_logits_unchanged(student):
    """a correct gradient, with the logits array left unchanged"""
    logits, y = _inputs(32, 3, 4)
    before = logits.copy()
    out, after = student.call("softmax_cross_entropy", logits, y, _return_args=True)
    check_tuple(out, 2, "softmax_cross_entropy")
    check_close(out[1], ref.softmax_cross_entropy(before, y)[1], "dlogits",
                likely=diagnoses.cross_entropy_grad_mistakes(before, y))
    if not np.array_equal(after[0], before):
        fail("softmax_cross_entropy modified the logits in place (e.g. `logits -= max`); "
             "work on a new array")
