"""Hidden checks for numerical_gradient."""
import numpy as np

from autograder.harness.checks import check_close
from autograder.harness.wire import Fn
from autograder.suites.public import rule
from autograder.suites.rnn_fundamentals.common import diagnoses

RULE = "gradient of sum(f(x) * df) for f(x) = x**3 + sin(x) and f(x) = tanh(x @ W)"


@rule(RULE)
def test_matrix_function(student):
    """gradient of sum(tanh(x @ W) * df) with respect to a matrix x"""
    rng = np.random.default_rng(21)
    x, W = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    df = rng.standard_normal((3, 2))
    grad = student.numerical_gradient(Fn("harness", "affine_tanh", W), x, df)
    exact = (df * (1 - np.tanh(x @ W) ** 2)) @ W.T
    check_close(grad, exact, "numerical gradient of tanh(x @ W)", atol=1e-6)


@rule(RULE)
def test_three_dimensional_input(student):
    """a 3-D x (every entry is perturbed)"""
    rng = np.random.default_rng(22)
    x, df = rng.standard_normal((2, 3, 2)), rng.standard_normal((2, 3, 2))
    grad = student.numerical_gradient(Fn("harness", "cubic_sine"), x, df)
    check_close(grad, (3 * x ** 2 + np.cos(x)) * df, "numerical gradient for a 3-D x",
                atol=1e-6, likely=diagnoses.cubic_sine_gradient_mistakes(x, df, 1e-5))


@rule(RULE)
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


@rule("a correct gradient, with x holding its original values after the call")
def test_input_is_restored_exactly(student):
    """a correct gradient of tanh(x @ W), with x bit-for-bit unchanged afterwards"""
    x = np.random.default_rng(24).standard_normal((3, 3))
    W = np.random.default_rng(25).standard_normal((3, 2))
    grad, (_, after, _) = student.call("numerical_gradient", Fn("harness", "affine_tanh", W), x,
                                       np.ones((3, 2)), _return_args=True)
    check_close(grad, (1 - np.tanh(x @ W) ** 2) @ W.T, "numerical gradient of tanh(x @ W)",
                atol=1e-6)
    check_close(after, x, "x after numerical_gradient (restore each entry you perturb)",
                atol=0, rtol=0)


@rule(RULE)
def test_checks_an_rnn_cell(student):
    """the gradient of an RNN cell's output with respect to its recurrent weight Wh"""
    rng = np.random.default_rng(26)
    x, h = rng.standard_normal((2, 3)), rng.standard_normal((2, 4))
    Wx, Wh, b = rng.standard_normal((3, 4)), rng.standard_normal((4, 4)), rng.standard_normal(4)
    df = rng.standard_normal((2, 4))
    grad = student.numerical_gradient(Fn("harness", "tanh_cell_of_wh", x, h, Wx, b), Wh, df)
    a = x @ Wx + h @ Wh + b
    exact = h.T @ (df * (1 - np.tanh(a) ** 2))
    check_close(grad, exact, "numerical gradient with respect to Wh", atol=1e-6)
