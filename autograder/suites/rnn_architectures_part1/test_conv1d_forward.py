"""Hidden checks for conv1d_forward: values, Keras Conv1D parity, errors."""
import numpy as np
import pytest

import solutions.rnn_architectures_part1 as ref
from autograder.harness.checks import check_close, check_raises, fail
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part1.common import diagnoses, keras
from autograder.suites import cases

# (N, T, D, K, F): batch of 1, T = K (one output), K = 1, D = 1, F = 1, ...
VALUES = "y[:, t] = b + sum_k x[:, t+k] @ w[k] with several channels and filters"
CASES = [(1, 5, 3, 2, 4), (2, 7, 1, 3, 1), (3, 4, 2, 4, 5), (2, 9, 4, 1, 3), (2, 12, 3, 5, 2)]


def _inputs(seed, N, T, D, K, F):
    rng = np.random.default_rng(7000 + seed)
    return rng.standard_normal((N, T, D)), rng.standard_normal((K, D, F)), \
        rng.standard_normal(F)


def _check(student, args, what):
    x, w, b = args
    want = ref.conv1d_forward(x, w, b)
    got = np.asarray(student.conv1d_forward(x, w, b))
    if got.shape != want.shape:
        hint = ""
        if got.ndim == 3 and got.shape[1] == x.shape[1]:
            hint = ": that is 'same' padding; use 'valid' (no padding), T-K+1 outputs"
        fail(f"{what} has shape {got.shape}, expected {want.shape}{hint}")
    check_close(got, want, what, likely=diagnoses.conv1d_mistakes(x, w, b))


@rule(VALUES)
@pytest.mark.parametrize("case", CASES, ids=cases.ids("N T D K F"))
def test_matches_reference(student, case):
    """y on hidden inputs"""
    _check(student, _inputs(sum(case), *case), "y (N={}, T={}, D={}, K={}, F={})".format(*case))


@rule(VALUES)
@pytest.mark.parametrize("case", [(2, 10, 3, 3, 4), (1, 6, 5, 2, 3)],
                         ids=cases.ids("N T D K F"))
def test_keras_parity(student, case):
    """equals keras Conv1D(padding="valid") with random weights"""
    k = keras()
    N, T, D, K, F = case
    x = np.random.default_rng(7100 + sum(case)).standard_normal((N, T, D))
    k.utils.set_random_seed(sum(case))
    layer = k.layers.Conv1D(F, K, padding="valid", bias_initializer="random_normal")
    layer.build((None, T, D))
    w, b = [np.asarray(a, dtype=float) for a in layer.get_weights()]
    want = np.asarray(layer(x.astype("float32")), dtype=float)
    got = np.asarray(student.conv1d_forward(x, w, b))
    check_close(got, want, "y compared with keras Conv1D", atol=1e-5,
                likely=diagnoses.conv1d_mistakes(x, w, b))


@rule("T = K gives one output, T < K raises ValueError")
def test_short_sequence_raises(student):
    """T = K works, T < K raises ValueError"""
    _check(student, _inputs(51, 2, 4, 2, 4, 3), "y for T = K")
    check_raises("ValueError", student.conv1d_forward, np.zeros((2, 3, 2)), np.zeros((4, 2, 1)),
                 np.zeros(1))


@rule("x with D channels and w expecting another number raises ValueError")
def test_channel_mismatch_raises(student):
    """x with D channels and w expecting another number raises ValueError"""
    _check(student, _inputs(52, 1, 6, 3, 2, 2), "y")
    check_raises("ValueError", student.conv1d_forward, np.zeros((2, 6, 3)), np.zeros((2, 4, 1)),
                 np.zeros(1))

