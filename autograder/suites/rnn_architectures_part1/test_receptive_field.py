"""Hidden checks for receptive_field, including a measurement on real Conv1D stacks."""
import numpy as np
import pytest

from autograder.harness.checks import check_raises, fail
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part1.common import diagnoses, keras
from autograder.suites import cases

FORMULA = "r = 1 + num_layers * (kernel_size - 1) * dilation_rate, as an int"
CASES = [(2, 1, 1), (7, 1, 1), (3, 4, 1), (5, 3, 1), (2, 3, 4), (4, 2, 3), (6, 2, 2)]


def _check(student, args, want):
    got = student.receptive_field(*args)
    if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
        fail(f"receptive_field{args} returned {got!r} ({type(got).__name__}); return an int")
    if got != want:
        message = f"receptive_field{args} returned {got}, expected {want}"
        fail(message, diagnoses.named(diagnoses.receptive_field_mistakes(*args), got, want))


@rule(FORMULA)
@pytest.mark.parametrize("case", CASES, ids=cases.ids("K L d"))
def test_known_values(student, case):
    """hidden (kernel_size, num_layers, dilation_rate) combinations"""
    k, n, d = case
    _check(student, case, 1 + n * (k - 1) * d)


def _measured(k, n, d):
    """The span of inputs one output of a real Conv1D stack depends on."""
    kr = keras()
    import tensorflow as tf
    T = 1 + n * (k - 1) * d + 6
    model = kr.Sequential([kr.Input((T, 1))] + [
        kr.layers.Conv1D(1, k, dilation_rate=d, kernel_initializer="ones") for _ in range(n)])
    x = tf.Variable(np.ones((1, T, 1), dtype="float32"))
    with tf.GradientTape() as tape:
        out = model(x)[0, 0, 0]
    grad = np.asarray(tape.gradient(out, x))[0, :, 0]
    used = np.nonzero(grad)[0]
    return int(used.max() - used.min() + 1)


@rule(FORMULA)
@pytest.mark.parametrize("case", [(3, 2, 1), (2, 3, 2)], ids=cases.ids("K L d"))
def test_matches_a_real_conv_stack(student, case):
    """equals the span measured on a stack of keras Conv1D layers"""
    _check(student, case, _measured(*case))


@rule("kernel_size, num_layers or dilation_rate below 1 raise ValueError (1 is fine)")
def test_invalid_arguments_raise(student):
    """kernel_size, num_layers or dilation_rate below 1 raise ValueError (1 is fine)"""
    _check(student, (1, 1, 1), 1)
    _check(student, (2, 3, 1), 4)
    for args in [(0, 2, 1), (3, 0, 1), (3, 2, 0)]:
        check_raises("ValueError", student.receptive_field, *args)
