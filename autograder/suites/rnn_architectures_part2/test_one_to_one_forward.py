"""Hidden checks for one_to_one_forward."""
import numpy as np
import pytest

import solutions.rnn_architectures_part2 as ref
from autograder.harness.checks import check_close
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import diagnoses
from autograder.suites import cases

# (N, D, H, C): batch of 1, H != D, C = 1, wide hidden layer
SHAPES = [(1, 3, 4, 2), (5, 2, 6, 3), (4, 6, 3, 6), (2, 1, 1, 1), (8, 4, 9, 5)]


def _inputs(seed, N, D, H, C):
    rng = np.random.default_rng(100 + seed)
    return (rng.standard_normal((N, D)), rng.standard_normal((D, H)) / np.sqrt(D),
            0.5 * rng.standard_normal(H), rng.standard_normal((H, C)), 0.5 * rng.standard_normal(C))


@rule("logits = tanh(x Wx + b) Wy + by")
@pytest.mark.parametrize("shape", SHAPES, ids=cases.ids("N D H C"))
def test_matches_reference(student, shape):
    """logits on hidden inputs"""
    args = _inputs(sum(shape), *shape)
    check_close(student.one_to_one_forward(*args), ref.one_to_one_forward(*args),
                "logits (N={}, D={}, H={}, C={})".format(*shape),
                likely=diagnoses.one_to_one_mistakes(*args))


@rule("logits = tanh(x Wx + b) Wy + by")
def test_equals_keras_rnn_step_and_dense(student):
    """equals a Keras SimpleRNN step from h0 = 0 followed by Dense"""
    import keras
    N, D, H, C = 4, 3, 5, 2
    x, Wx, b, Wy, by = _inputs(50, N, D, H, C)
    Wh = np.random.default_rng(51).standard_normal((H, H))
    rnn = keras.layers.SimpleRNN(H)
    rnn.build((None, None, D))
    rnn.set_weights([Wx, Wh, b])
    dense = keras.layers.Dense(C)
    dense.build((None, H))
    dense.set_weights([Wy, by])
    want = np.asarray(dense(rnn(x[:, None, :].astype("float32"))), dtype=float)
    check_close(student.one_to_one_forward(x, Wx, b, Wy, by), want,
                "logits compared with Keras SimpleRNN (T = 1) + Dense", atol=1e-5, rtol=1e-4,
                likely=diagnoses.one_to_one_mistakes(x, Wx, b, Wy, by))
