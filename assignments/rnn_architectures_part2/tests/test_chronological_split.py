"""Public checks for chronological_split."""
import numpy as np

from forecast_checks import check_split

CALLS = ()  # graded functions of this notebook that chronological_split calls


def test_sizes_and_order(student):
    """train, validation and test keep time order, with int(n * fraction) values each"""
    series = np.arange(20.0)
    check_split(student.chronological_split(series, 0.25, 0.15), series, 0.25, 0.15,
                "20 values split with val_fraction=0.25, test_fraction=0.15")


def test_not_shuffled(student):
    """no shuffling: the three parts together are the series, in order"""
    series = np.sin(np.arange(40) * 0.7) + 0.05 * np.arange(40)
    check_split(student.chronological_split(series, 0.2, 0.2), series, 0.2, 0.2,
                "a 40-value series split 60/20/20")


def test_rounded_down(student):
    """the validation and test sizes are rounded down"""
    series = np.linspace(300.0, 310.0, 11)
    check_split(student.chronological_split(series, 0.15, 0.15), series, 0.15, 0.15,
                "11 values split with both fractions 0.15 (1 value each)")
