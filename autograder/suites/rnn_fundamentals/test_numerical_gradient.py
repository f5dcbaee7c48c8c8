"""Hidden checks for numerical_gradient."""
import numpy as np

from autograder.harness.checks import check_close
from autograder.harness.wire import Fn
from autograder.suites.rnn_fundamentals.common import diagnoses


def test_matrix_function(student):
    """gradient of sum(tanh(x @ W) * df) with respect to a matrix x"""
    rng = np.random.default_rng(21)
    x, W = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    df = rng.standard_normal((3, 2))
    grad = student.numerical_gradient(Fn("harness", "affine_tanh", W), x, df)
    exact = (df * (1 - np.tanh(x @ W) ** 2)) @ W.T
    check_close(grad, exact, "numerical gradient of tanh(x @ W)", atol=1e-6)


def test_three_dimensional_input(student):
    """works for a 3-D x (iterate over every entry)"""
    rng = np.random.default_rng(22)
    x, df = rng.standard_normal((2, 3, 2)), rng.standard_normal((2, 3, 2))
    grad = student.numerical_gradient(Fn("harness", "cubic_sine"), x, df)
    check_close(grad, (3 * x ** 2 + np.cos(x)) * df, "numerical gradient for a 3-D x",
                atol=1e-6, likely=diagnoses.cubic_sine_gradient_mistakes(x, df, 1e-5))


def test_uses_centred_differences_with_the_given_eps(student):
    """with eps=1e-3 the error is that of a centred difference"""
    rng = np.random.default_rng(23)
    x, df = rng.standard_normal(6), rng.standard_normal(6)
    eps = 1e-3
    grad = student.numerical_gradient(Fn("harness", "cubic_sine"), x, df, eps)
    f = lambda v: v ** 3 + np.sin(v)  # noqa: E731
    centred = (f(x + eps) - f(x - eps)) / (2 * eps) * df
    check_close(grad, centred, "numerical gradient with eps=1e-3", atol=1e-9, rtol=1e-7,
                likely=diagnoses.cubic_sine_gradient_mistakes(x, df, eps))


def test_input_is_restored_exactly(student):
    """a correct gradient, with x bit-for-bit unchanged afterwards"""
    x = np.random.default_rng(24).standard_normal((3, 3))
    W = np.random.default_rng(25).standard_normal((3, 2))
    grad, (_, after, _) = student.call("numerical_gradient", Fn("harness", "affine_tanh", W), x,
                                       np.ones((3, 2)), _return_args=True)
    check_close(grad, (1 - np.tanh(x @ W) ** 2) @ W.T, "numerical gradient of tanh(x @ W)",
                atol=1e-6)
    check_close(after, x, "x after the call: restore every entry you perturb", atol=0, rtol=0)


def test_checks_an_rnn_cell(student):
    """differentiates your own rnn_cell_forward with respect to Wh"""
    rng = np.random.default_rng(26)
    x, h = rng.standard_normal((2, 3)), rng.standard_normal((2, 4))
    Wx, Wh, b = rng.standard_normal((3, 4)), rng.standard_normal((4, 4)), rng.standard_normal(4)
    df = rng.standard_normal((2, 4))
    # f(W) = rnn_cell_forward(x, h, Wx, W, b)[0]: the student's cell, Wh in position 3
    f = Fn("student", "rnn_cell_forward", x, h, Wx, b, output=0, argpos=3)
    grad = student.numerical_gradient(f, Wh, df)
    a = x @ Wx + h @ Wh + b
    exact = h.T @ (df * (1 - np.tanh(a) ** 2))
    check_close(grad, exact, "numerical gradient with respect to Wh", atol=1e-6)
