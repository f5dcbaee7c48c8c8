"""The course: where it lives, which assignments it has (in teaching order), what
grading each costs, and where each assignment's parts are.

``nbgrader_config.py`` declares these assignments to nbgrader, the release builds
them, and the tests grade them; they all read the list and the places here. ``root``
is another copy of the course (the release builds in a scratch copy).
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the course repository
ASSIGNMENTS = ("rnn_fundamentals", "rnn_variants_overview",
               "rnn_architectures_part1", "rnn_architectures_part2")
# seconds one submission takes to grade, roughly (class grading starts the costliest
# assignments first, so that the slowest tasks do not trail at the end of a run)
GRADING_SECONDS = {"rnn_architectures_part1": 30.0, "rnn_variants_overview": 20.0,
                   "rnn_architectures_part2": 18.0, "rnn_fundamentals": 10.0}


def source_folder(assignment: str, root: Path = ROOT) -> Path:
    """The instructor's version: notebook with solutions, public checks, helpers."""
    return root / "source" / assignment


def source_notebook(assignment: str, root: Path = ROOT) -> Path:
    return source_folder(assignment, root) / f"{assignment}.ipynb"


def public_tests(assignment: str, root: Path = ROOT) -> Path:
    """The public checks (``test_<question>.py``), the ones students run too."""
    return source_folder(assignment, root) / "tests"


def hidden_suite(assignment: str, root: Path = ROOT) -> Path:
    """The hidden checks, which only the autograder runs."""
    return root / "autograder" / "suites" / assignment


def release_folder(assignment: str, root: Path = ROOT) -> Path:
    """What students get (generated from the source folder; committed)."""
    return root / "assignments" / assignment


def release_notebook(assignment: str, root: Path = ROOT) -> Path:
    return release_folder(assignment, root) / f"{assignment}.ipynb"
