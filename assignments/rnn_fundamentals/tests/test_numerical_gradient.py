"""Public checks for numerical_gradient."""
import numpy as np

from _harness.checks import check_close
from _harness.wire import Fn
from diagnoses import cubic_sine_gradient_mistakes

CALLS = ()  # graded functions of this notebook that numerical_gradient calls


def test_elementwise_function(student):
    """gradient of sum(f(x) * df) for f(x) = x**3 + sin(x) and f(x) = tanh(x @ W)"""
    rng = np.random.default_rng(0)
    x, df = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    grad = student.numerical_gradient(Fn("harness", "cubic_sine"), x, df)
    check_close(grad, (3 * x ** 2 + np.cos(x)) * df, "numerical gradient", atol=1e-6,
                likely=cubic_sine_gradient_mistakes(x, df, 1e-5))
    # and for a function that mixes the entries, f(x) = tanh(x @ W)
    W, df = rng.standard_normal((4, 2)), rng.standard_normal((3, 2))
    grad = student.numerical_gradient(Fn("harness", "affine_tanh", W), x, df)
    check_close(grad, (df * (1 - np.tanh(x @ W) ** 2)) @ W.T,
                "numerical gradient of tanh(x @ W)", atol=1e-6)


def test_input_is_restored(student):
    """a correct gradient, with x holding its original values after the call"""
    x = np.random.default_rng(1).standard_normal((2, 3))
    grad, (_, x_after, _) = student.call("numerical_gradient", Fn("harness", "cubic_sine"), x,
                                         np.ones((2, 3)), _return_args=True)
    check_close(grad, 3 * x ** 2 + np.cos(x), "numerical gradient", atol=1e-6,
                likely=cubic_sine_gradient_mistakes(x, np.ones((2, 3)), 1e-5))
    check_close(x_after, x, "x after numerical_gradient (restore each entry you perturb)",
                atol=0, rtol=0)
