"""Functions the checks pass *by name* to student functions that take a callable.

They live in the student process (the judge cannot ship code across the boundary),
so they are public and must stay simple closed forms whose derivatives the checks
know.
"""
import numpy as np


def cubic_sine(x):
    """Elementwise ``x**3 + sin(x)``; derivative ``3x**2 + cos(x)``."""
    return x ** 3 + np.sin(x)


def affine_tanh(x, w):
    """``tanh(x @ w)``: a smooth map that mixes entries."""
    return np.tanh(x @ w)


def linear_ar(window, coeffs, bias=0.0):
    """A linear autoregressive step: the next value from the last ``len(coeffs)``."""
    window = np.asarray(window, dtype=float)
    return float(window[-len(coeffs):] @ np.asarray(coeffs, dtype=float) + bias)


def damped_step(window):
    """A nonlinear one-step model that forgets its history: ``0.9 * tanh(last)``."""
    return float(0.9 * np.tanh(np.asarray(window, dtype=float)[-1]))


def tanh_cell_of_wh(wh, x_t, h_prev, wx, b):
    """One tanh RNN step as a function of its recurrent weight: ``tanh(x_t wx + h_prev wh
    + b)`` (so a check of ``numerical_gradient`` needs no student forward pass)."""
    return np.tanh(x_t @ wx + h_prev @ wh + b)
