"""Hidden checks for many_to_many_forward."""
import numpy as np
import pytest

import solutions.rnn_architectures_part1 as ref
from autograder.harness.checks import check_close, check_shape
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part1.common import SHAPES, diagnoses, keras, rnn_params
from autograder.suites import cases

RULE = "scores[:, t] = h_t Wy + by at every step"


@rule(RULE)
@pytest.mark.parametrize("shape", SHAPES, ids=cases.ids("N T D H C"))
def test_matches_reference(student, shape):
    """scores on hidden inputs"""
    args = rnn_params(100 + sum(shape), *shape)
    check_close(student.many_to_many_forward(*args), ref.many_to_many_forward(*args),
                "scores (N={}, T={}, D={}, H={}, C={})".format(*shape),
                likely=diagnoses.many_to_many_mistakes(*args))


@rule(RULE)
def test_keras_parity(student):
    """equals keras SimpleRNN(H, return_sequences=True) + Dense(C) with the same weights"""
    k = keras()
    x, _, Wx, Wh, b, Wy, by = rnn_params(141, 2, 5, 3, 6, 4)
    model = k.Sequential([k.Input((5, 3)), k.layers.SimpleRNN(6, return_sequences=True),
                          k.layers.Dense(4)])
    model.set_weights([Wx, Wh, b, Wy, by])
    want = np.asarray(model(x.astype("float32")), dtype=float)
    got = student.many_to_many_forward(x, np.zeros((2, 6)), Wx, Wh, b, Wy, by)
    check_close(got, want, "scores compared with keras SimpleRNN + Dense", atol=1e-5,
                likely=diagnoses.many_to_many_mistakes(x, np.zeros((2, 6)), Wx, Wh, b, Wy, by))


@rule(RULE)
def test_last_step_is_many_to_one(student):
    """the last step's scores equal the many-to-one logits"""
    args = rnn_params(142, 3, 6, 2, 3, 2)
    scores = check_shape(student.many_to_many_forward(*args), (3, 6, 2), "scores")
    check_close(scores[:, -1], ref.many_to_one_forward(*args), "scores[:, -1]",
                likely={why: wrong[:, -1]
                        for why, wrong in diagnoses.many_to_many_mistakes(*args).items()})
