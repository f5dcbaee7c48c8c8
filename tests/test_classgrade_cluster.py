"""Past one machine: Dask workers grading into a PostgreSQL gradebook.

A local Dask cluster of two worker processes grades part of the ``rnn_fundamentals``
pipeline batch into a PostgreSQL gradebook (a copy of the course's, made with
``copy-gradebook``); the scores must be those of sequential ``nbgrader autograde``
into SQLite, and the course's SQLite gradebook must stay untouched.
"""
from __future__ import annotations

import pytest

from autograder.classgrade import gradebook
from autograder.classgrade.pipeline import course_assignments
from autograder.classgrade.run import grade_class
from autograder.classgrade.record import GRADED
from tests.batches import pipeline_submissions
from tools import grading

A = "rnn_fundamentals"
STUDENTS = ("reference", "blank", "mutant00", "styled_a")  # all graded by the plain run too


@pytest.mark.batch(A)
def test_dask_workers_grade_into_postgres_as_sequential_nbgrader(class_batches, tmp_path,
                                                                  postgres_db):
    course = grading.make_course(tmp_path / "course")
    notebooks, _ = pipeline_submissions(A)
    for student in STUDENTS:
        grading.submit(course, A, student, notebooks[student])
    sqlite = gradebook.default_url(course)
    assert gradebook.copy_gradebook(sqlite, postgres_db) > 0
    summary = grade_class(course, [A], mode="fast", workers=2, engine="dask",
                          db_url=postgres_db, progress=False, report=False)
    assert sorted(r["student"] for r in summary.graded) == sorted(STUDENTS)
    assert all(r["status"] == GRADED for r in summary.graded), summary.problems
    assert len({r["worker"]["pid"] for r in summary.graded}) == 2, "both workers graded"
    _, _, plain = class_batches(A)
    _, course_id, _ = course_assignments(course)
    for student in STUDENTS:
        scores = gradebook.scores_of(postgres_db, course_id, A, student)
        assert {k: s for k, (s, _) in scores.items()} == pytest.approx(
            plain[student].scores, abs=1e-9), student
    assert not gradebook.graded_students(sqlite, course_id, A), "SQLite was written"
