"""Hidden checks for many_to_one_forward."""
import numpy as np
import pytest

import solutions.rnn_architectures_part1 as ref
from autograder.harness.checks import check_close
from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part1.common import SHAPES, diagnoses, keras, rnn_params
from autograder.suites import cases

RULE = "logits come from the last hidden state h_{T-1}"


@rule(RULE)
@pytest.mark.parametrize("shape", SHAPES, ids=cases.ids("N T D H C"))
def test_matches_reference(student, shape):
    """logits on hidden inputs"""
    args = rnn_params(sum(shape), *shape)
    check_close(student.many_to_one_forward(*args), ref.many_to_one_forward(*args),
                "logits (N={}, T={}, D={}, H={}, C={})".format(*shape),
                likely=diagnoses.many_to_one_mistakes(*args))


@rule(RULE)
def test_keras_parity(student):
    """equals keras SimpleRNN(H) + Dense(C) holding the same weights"""
    k = keras()
    x, _, Wx, Wh, b, Wy, by = rnn_params(41, 3, 6, 4, 5, 3)
    model = k.Sequential([k.Input((6, 4)), k.layers.SimpleRNN(5), k.layers.Dense(3)])
    model.set_weights([Wx, Wh, b, Wy, by])
    want = np.asarray(model(x.astype("float32")), dtype=float)
    got = student.many_to_one_forward(x, np.zeros((3, 5)), Wx, Wh, b, Wy, by)
    check_close(got, want, "logits compared with keras SimpleRNN + Dense", atol=1e-5,
                likely=diagnoses.many_to_one_mistakes(x, np.zeros((3, 5)), Wx, Wh, b, Wy, by))


@rule(RULE)
def test_long_sequence(student):
    """a 40-step sequence with large recurrent weights stays finite and correct"""
    args = rnn_params(42, 2, 40, 3, 4, 2, wh_scale=3.0)
    check_close(student.many_to_one_forward(*args), ref.many_to_one_forward(*args),
                "logits for a 40-step sequence",
                likely=diagnoses.many_to_one_mistakes(*args))

