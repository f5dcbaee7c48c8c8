"""Hidden checks for to_keras_simple_rnn: Keras parity on random weights."""
import numpy as np
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close, fail
from autograder.suites.public import rule
from autograder.suites.rnn_fundamentals.common import SHAPES, diagnoses, params
from autograder.suites import cases


@rule("layer(x) equals the RNN h_t = tanh(x_t Wx + h_{t-1} Wh + b) from h_0 = 0")
@pytest.mark.parametrize("shape", SHAPES[:4], ids=cases.ids("N T D H"))
def test_layer_matches_the_numpy_rnn(student, shape):
    """layer(x) on hidden inputs"""
    x, _, Wx, Wh, b = params(300 + sum(shape), *shape)
    layer = student.to_keras_simple_rnn(Wx, Wh, b)
    got = np.asarray(layer(x.astype("float32")))
    want = ref.rnn_forward(x, np.zeros((shape[0], shape[3])), Wx, Wh, b)[0]
    check_close(got, want, "layer(x)", atol=2e-5, likely=diagnoses.keras_output_mistakes(want))


@rule("the layer holds Wx, Wh and b, in that order")
def test_layer_is_built(student):
    """the layer is built (its weights exist before it is called)"""
    _, _, Wx, Wh, b = params(310, 2, 3, 3, 4)
    layer = student.to_keras_simple_rnn(Wx, Wh, b)
    if not layer.built or len(layer.get_weights()) != 3:
        fail("the layer is not built: call layer.build((None, None, D)) before set_weights")


@rule("layer(x) equals the RNN h_t = tanh(x_t Wx + h_{t-1} Wh + b) from h_0 = 0")
def test_activation_is_tanh(student):
    """the activation is tanh"""
    _, _, Wx, Wh, b = params(311, 2, 3, 3, 4)
    name = getattr(student.to_keras_simple_rnn(Wx, Wh, b).activation, "__name__", "?")
    if name != "tanh":
        fail(f"the activation is {name}; the RNN cell uses tanh")


@rule("the layer holds Wx, Wh and b, in that order")
def test_weight_order(student):
    """kernel, recurrent kernel and bias hold Wx, Wh and b"""
    _, _, Wx, Wh, b = params(312, 2, 3, 4, 4)
    got = student.to_keras_simple_rnn(Wx, Wh, b).get_weights()
    if len(got) != 3:
        fail(f"expected 3 weight arrays (kernel, recurrent kernel, bias), got {len(got)}")
    kernel, recurrent, _ = diagnoses.keras_weight_mistakes(Wx, Wh, b)
    check_close(got[0], Wx, "kernel", atol=1e-6, likely=kernel)
    check_close(got[1], Wh, "recurrent kernel", atol=1e-6, likely=recurrent)
