"""Public checks for make_recall_task (the rules in ``recall_checks.py``)."""
from _harness.checks import check_raises
from _harness.wire import Rng
from recall_checks import (check_first_step, check_label_free_noise, check_noise,
                           check_reproducible, check_shapes, check_silent, check_uniform_labels,
                           data)

CALLS = ()  # graded functions of this notebook that make_recall_task calls


def test_shapes_and_types(student):
    """X is (n, T, num_symbols + 1) float and y is (n,) int labels in 0..num_symbols-1"""
    X, y = data(student, 50, 6, Rng(0), num_symbols=3)
    check_shapes(X, y, 50, 6, 3)


def test_first_step_is_the_marked_symbol(student):
    """step 0 holds the one-hot label and marker 1; later markers are 0"""
    X, y = data(student, 40, 5, Rng(1), num_symbols=3)
    check_first_step(X, y, 3)


def test_labels_are_uniform(student):
    """labels are drawn uniformly over the symbols"""
    _, y = data(student, 1500, 2, Rng(5), num_symbols=3)
    check_uniform_labels(y, 3)


def test_noise_statistics(student):
    """after step 0: Gaussian noise, mean 0, standard deviation `noise`, in every channel"""
    X, _ = data(student, 1000, 4, Rng(2), num_symbols=2, noise=2.0)
    check_noise(X, 2, 2.0)


def test_noise_is_independent_of_the_label(student):
    """the noise after step 0 carries no information about the label"""
    X, y = data(student, 1000, 4, Rng(6), num_symbols=2, noise=1.0)
    check_first_step(X, y, 2)
    check_label_free_noise(X, y, 2, 1.0)


def test_zero_noise_gives_silent_steps(student):
    """noise=0 leaves every step after the first at zero"""
    X, y = data(student, 10, 4, Rng(7), num_symbols=2, noise=0.0)
    check_first_step(X, y, 2)
    check_silent(X, 2)


def test_randomness_comes_from_rng(student):
    """the same rng seed gives the same data, another seed different data"""
    check_reproducible(student, 20, 3, 8, 9)


def test_bad_arguments_are_rejected(student):
    """n < 1, T < 1 or num_symbols < 2 raise ValueError; n = T = 1 works"""
    X, y = data(student, 1, 1, Rng(3))
    check_shapes(X, y, 1, 1, 2)
    check_raises("ValueError", student.make_recall_task, 0, 4, Rng(3))
    check_raises("ValueError", student.make_recall_task, 10, 0, Rng(3))
    check_raises("ValueError", student.make_recall_task, 10, 4, Rng(3), num_symbols=1)
