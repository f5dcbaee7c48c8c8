"""Public checks for to_keras_simple_rnn."""
import numpy as np

from _harness.checks import check_close, fail
from diagnoses import LAST_STATE_ONLY, keras_weight_mistakes

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
    weights = student.to_keras_simple_rnn(Wx, Wh, b).get_weights()
    if len(weights) != 3:
        fail(f"expected 3 weight arrays (kernel, recurrent kernel, bias), got {len(weights)}")
    for got, want, name, why in zip(weights, (Wx, Wh, b), ("kernel", "recurrent_kernel", "bias"),
                                    keras_weight_mistakes(Wx, Wh, b)):
        check_close(got, want, f"layer {name}", atol=1e-6, likely=why)


def test_agrees_with_your_rnn_forward(student):
    """layer(x) equals your rnn_forward(x, zeros, Wx, Wh, b)"""
    Wx, Wh, b = _weights(2)
    x = np.random.default_rng(3).standard_normal((2, 5, 3))
    layer = student.to_keras_simple_rnn(Wx, Wh, b)
    ours = student.call("rnn_forward", x, np.zeros((2, 4)), Wx, Wh, b, _keep=1)[0]
    check_close(np.asarray(layer(x.astype("float32"))), ours, "layer(x)", atol=1e-5)
