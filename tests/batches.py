"""The class batches the pipeline tests grade (see conftest.py for scheduling)."""
from __future__ import annotations

import json

from tests import hostile
from tests.mutants import pack
from tools import grading, submissions

HOSTILE = "hostile:rnn_fundamentals"


def expected_cost(key: str) -> float:
    """Rough relative cost, to start the longest batches first."""
    return {HOSTILE: 3.0, "rnn_architectures_part1": 2.5, "rnn_variants_overview": 2.0,
            "rnn_architectures_part2": 1.5}.get(key, 1.0)


def grade(key: str, course):
    if key == HOSTILE:
        return hostile_batch(course)
    return pipeline_batch(key, course)


def pipeline_batch(assignment: str, course):
    """Reference (twice), untouched release, packed mutants and cheaters, one run."""
    correct = submissions.correct(assignment)
    grading.submit(course, assignment, "reference", correct)
    grading.submit(course, assignment, "reference_twin", correct)
    grading.submit(course, assignment, "blank", submissions.released_notebook(assignment))
    groups = pack(assignment)
    for i, group in enumerate(groups):
        grading.submit(course, assignment, f"mutant{i:02d}", submissions.mutate(correct, group))
    for name, nb in hostile.cheaters(assignment).items():
        grading.submit(course, assignment, name, nb)
    grading.autograde(course, assignment)
    return course, groups, grading.results(course, assignment)


def hostile_batch(course):
    """Broken and hostile submissions of rnn_fundamentals with one correct student."""
    from tests.test_hostile_batch import A, CASES, CORRECT, NOT_NOTEBOOKS
    for student, (nb, _) in CASES.items():
        grading.submit(course, A, student, nb)
    for student, text in NOT_NOTEBOOKS.items():
        grading.submit(course, A, student, text)
    extra = course / "submitted" / "correct" / A / "scratch.ipynb"
    extra.write_text(json.dumps(CORRECT))  # an extra notebook is ignored
    proc = grading.nbgrader(course, "autograde", A, "--force", check=False)
    return course, proc, grading.results(course, A)
