"""Public checks for to_keras_simple_rnn."""
import numpy as np

from _harness.checks import check_close, fail
from diagnoses import LAST_STATE_ONLY, keras_output_mistakes, keras_weight_mistakes, unfold

CALLS = ()  # graded functions of this notebook that to_keras_simple_rnn calls


def _weights(seed=0, D=3, H=4):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)), rng.standard_normal(H)


def test_is_a_simple_rnn_returning_sequences(student):
    """a SimpleRNN layer with return_sequences=True"""
    layer = student.to_keras_simple_rnn(*_weights())
    if type(layer).__name__ != "SimpleRNN":
        fail(f"expected a keras.layers.SimpleRNN, got {type(layer).__name__}")
    if not layer.return_sequences:
        fail("the layer must return every hidden state: return_sequences=True", LAST_STATE_ONLY)


def test_holds_the_weights(student):
    """the layer holds Wx, Wh and b, in that order"""
    Wx, Wh, b = _weights(1, D=4)  # D = H: swapped or transposed weights still fit
    layer = student.to_keras_simple_rnn(Wx, Wh, b)
    if not layer.built:
        fail("the layer is not built: call layer.build((None, None, D)) before set_weights")
    weights = layer.get_weights()
    if len(weights) != 3:
        fail(f"expected 3 weight arrays (kernel, recurrent kernel, bias), got {len(weights)}")
    for got, want, name, why in zip(weights, (Wx, Wh, b), ("kernel", "recurrent_kernel", "bias"),
                                    keras_weight_mistakes(Wx, Wh, b)):
        check_close(got, want, f"layer {name}", atol=1e-6, likely=why)


def test_agrees_with_the_rnn(student):
    """layer(x) equals the RNN h_t = tanh(x_t Wx + h_{t-1} Wh + b) from h_0 = 0"""
    Wx, Wh, b = _weights(2)
    x = np.random.default_rng(3).standard_normal((2, 5, 3))
    layer = student.to_keras_simple_rnn(Wx, Wh, b)
    name = getattr(layer.activation, "__name__", "?")
    if name != "tanh":
        fail(f"the activation is {name}; the RNN cell uses tanh")
    want = unfold(x, np.zeros((2, 4)), lambda x_t, h: np.tanh(x_t @ Wx + h @ Wh + b))
    check_close(np.asarray(layer(x.astype("float32"))), want, "layer(x)", atol=1e-5,
                likely=keras_output_mistakes(want))
