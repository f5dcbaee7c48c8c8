"""Hidden checks for chronological_split: other lengths and fractions."""
import numpy as np
import pytest

from autograder.suites.public import rule
from autograder.suites.rnn_architectures_part2.common import forecast_checks
from autograder.suites import cases

# (length, val_fraction, test_fraction)
CASES = [(57, 0.1, 0.2), (100, 0.3, 0.1), (13, 0.0, 0.25), (9, 0.2, 0.0), (525, 0.15, 0.15)]


@rule("train, validation and test keep time order, with int(n * fraction) values each")
@pytest.mark.parametrize("case", CASES, ids=cases.ids("n val test"))
def test_split_matches(student, case):
    """hidden series split at hidden fractions"""
    n, vf, tf = case
    rng = np.random.default_rng(500 + n)
    series = np.cumsum(rng.standard_normal(n))
    forecast_checks.check_split(student.chronological_split(series, vf, tf), series, vf, tf,
                                f"{n} values split with val_fraction={vf}, test_fraction={tf}")


@rule("no shuffling: the three parts together are the series, in order")
def test_not_shuffled(student):
    """a hidden seasonal series stays in time order"""
    t = np.arange(120)
    series = 300 + 0.1 * t + 3 * np.sin(2 * np.pi * t / 12)
    forecast_checks.check_split(student.chronological_split(series, 0.2, 0.1), series, 0.2,
                                0.1, "a 120-month seasonal series split 70/20/10")


@rule("the validation and test sizes are rounded down")
def test_rounded_down(student):
    """sizes rounded down on a hidden length"""
    series = np.arange(31.0) ** 1.5
    forecast_checks.check_split(student.chronological_split(series, 0.13, 0.17), series, 0.13,
                                0.17, "31 values split with fractions 0.13 and 0.17")
