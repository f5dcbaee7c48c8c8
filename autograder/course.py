"""The course: where it lives, which assignments it has (in teaching order), what
grading each costs, where each assignment's parts are, and how its cells' grade ids
name questions.

``nbgrader_config.py`` declares these assignments to nbgrader, the release builds
them, and the tests grade them; they all read the list and the places here. ``root``
is another copy of the course (the release builds in a scratch copy).
"""
from __future__ import annotations

from pathlib import Path

# The grade ids: ``setup...`` (locked setup cells), ``answer_<q>`` (the answer cell of
# question q), ``check_<q>`` (its check cell, and its grade in the gradebook). The
# students' side reads them too and cannot import this module, so they are defined with
# the other notebook conventions (harness/notebook.py); grading code reads them here.
from autograder.harness.notebook import ANSWER, CHECK, SETUP, answer_question, \
    check_question, is_setup  # noqa: F401 - the course's grade-id rules

ROOT = Path(__file__).resolve().parents[1]  # the course repository
ASSIGNMENTS = ("rnn_fundamentals", "rnn_variants_overview",
               "rnn_architectures_part1", "rnn_architectures_part2")
# seconds one submission takes to grade, roughly (class grading starts the costliest
# assignments first, so that the slowest tasks do not trail at the end of a run)
GRADING_SECONDS = {"rnn_architectures_part1": 30.0, "rnn_variants_overview": 20.0,
                   "rnn_architectures_part2": 18.0, "rnn_fundamentals": 10.0}


def sources(root: Path = ROOT) -> Path:
    """Every assignment's source folder is in here (nbgrader's ``source`` directory)."""
    return root / "source"


def suites(root: Path = ROOT) -> Path:
    """Every assignment's hidden suite is in here, beside the suites' shared modules."""
    return root / "autograder" / "suites"


def source_folder(assignment: str, root: Path = ROOT) -> Path:
    """The instructor's version: notebook with solutions, public checks, helpers."""
    return sources(root) / assignment


def source_notebook(assignment: str, root: Path = ROOT) -> Path:
    return source_folder(assignment, root) / f"{assignment}.ipynb"


def public_tests(assignment: str, root: Path = ROOT) -> Path:
    """The public checks (``test_<question>.py``), the ones students run too."""
    return source_folder(assignment, root) / "tests"


def hidden_suite(assignment: str, root: Path = ROOT) -> Path:
    """The hidden checks, which only the autograder runs."""
    return suites(root) / assignment


def release_folder(assignment: str, root: Path = ROOT) -> Path:
    """What students get (generated from the source folder; committed)."""
    return root / "assignments" / assignment


def release_notebook(assignment: str, root: Path = ROOT) -> Path:
    return release_folder(assignment, root) / f"{assignment}.ipynb"
