"""Public checks for numerical_gradient."""
import numpy as np

from _harness.checks import check_close
from _harness.wire import Fn

CALLS = ()  # graded functions of this notebook that numerical_gradient calls


def _cubic_variants(x, df, eps):
    """The gradient of sum(f(x) * df), f(x) = x**3 + sin(x), as common mistakes compute it."""
    exact = (3 * x ** 2 + np.cos(x)) * df
    f = lambda v: v ** 3 + np.sin(v)  # noqa: E731
    return {
        "one-sided difference divided by 2*eps: x is not moved to x - eps (half the gradient)":
            (f(x + eps) - f(x)) / (2 * eps) * df,
        "forward difference (f(x+eps) - f(x)) / eps instead of the centred difference":
            (f(x + eps) - f(x)) / eps * df,
        "the upstream gradient df is ignored: differentiate sum(f(x) * df)":
            (3 * x ** 2 + np.cos(x)),
        "divided by eps instead of 2*eps (twice the gradient)": 2 * exact,
    }


def test_elementwise_function(student):
    """gradient of sum(f(x) * df) for f(x) = x**3 + sin(x)"""
    rng = np.random.default_rng(0)
    x, df = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    grad = student.numerical_gradient(Fn("harness", "cubic_sine"), x, df)
    check_close(grad, (3 * x ** 2 + np.cos(x)) * df, "numerical gradient", atol=1e-6,
                likely=_cubic_variants(x, df, 1e-5))


def test_input_is_restored(student):
    """a correct gradient, with x holding its original values after the call"""
    x = np.random.default_rng(1).standard_normal((2, 3))
    grad, (_, x_after, _) = student.call("numerical_gradient", Fn("harness", "cubic_sine"), x,
                                         np.ones((2, 3)), _return_args=True)
    check_close(grad, 3 * x ** 2 + np.cos(x), "numerical gradient", atol=1e-6,
                likely=_cubic_variants(x, np.ones((2, 3)), 1e-5))
    check_close(x_after, x, "x after numerical_gradient (restore each entry you perturb)",
                atol=0, rtol=0)
