"""Public checks for receptive_field."""
import numpy as np

from _harness.checks import check_raises, fail
from diagnoses import named, receptive_field_mistakes

CALLS = ()  # graded functions of this notebook that receptive_field calls


def _check(student, args, want):
    got = student.receptive_field(*args)
    if not isinstance(got, (int, np.integer)) or isinstance(got, bool) or got != want:
        mistake = None
        if isinstance(got, (int, np.integer)) and not isinstance(got, bool):
            mistake = named(receptive_field_mistakes(*args), got, want)
        fail(f"receptive_field{tuple(args)} returned {got!r}, expected the int {want}", mistake)


def test_one_layer(student):
    """one layer sees kernel_size inputs"""
    _check(student, (5, 1), 5)


def test_stacked_layers(student):
    """three layers of kernel 3 see 7 inputs"""
    _check(student, (3, 3), 7)


def test_dilation(student):
    """two layers of kernel 3, dilation 2, span 9 inputs"""
    _check(student, (3, 2, 2), 9)


def test_formula(student):
    """r = 1 + num_layers * (kernel_size - 1) * dilation_rate, as an int"""
    for args in [(4, 3, 1), (2, 4, 3), (5, 2, 2)]:
        k, n, d = args
        _check(student, args, 1 + n * (k - 1) * d)


def test_invalid(student):
    """kernel_size, num_layers or dilation_rate below 1 raise ValueError (1 is fine)"""
    _check(student, (1, 2), 1)
    _check(student, (2, 3), 4)
    for args in [(0, 2), (3, 0), (3, 2, 0)]:
        check_raises("ValueError", student.receptive_field, *args)
