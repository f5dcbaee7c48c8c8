"""Grading workers writing one gradebook at once lose nothing, on SQLite and PostgreSQL.

Four processes write the grades of 8 students each into the same gradebook, as
class-grading workers do (students created up front by the coordinator). Every
grade must arrive, and no writer may fail with "database is locked".
"""
from __future__ import annotations

import multiprocessing
import shutil

import pytest

from autograder.classgrade import gradebook
from autograder.classgrade.pipeline import course_assignments
from tools.grading import ROOT

A = "rnn_fundamentals"
WRITERS, PER_WRITER = 4, 8
_, COURSE_ID, _ = course_assignments(ROOT)


def _student(writer: int, i: int) -> str:
    return f"w{writer}s{i:02d}"


def _score(student: str, grade_id: str, points: float) -> float:
    return (len(student) * 7 + len(grade_id)) % 5 / 4 * points


def _write(url: str, writer: int) -> None:
    from nbgrader.api import Gradebook
    for i in range(PER_WRITER):
        student = _student(writer, i)
        with Gradebook(url, COURSE_ID) as gb:
            submission = gb.update_or_create_submission(A, student)
            for nb in submission.notebooks:
                for grade in nb.grades:
                    grade.auto_score = _score(student, grade.name, grade.max_score)
            gb.db.commit()


def _hammer(url: str) -> None:
    students = [_student(w, i) for w in range(WRITERS) for i in range(PER_WRITER)]
    gradebook.ensure_students(url, COURSE_ID, students)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write, args=(url, w)) for w in range(WRITERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * WRITERS, "a writer failed (see its traceback)"
    assert gradebook.graded_students(url, COURSE_ID, A) >= set(students)
    for student in students:
        scores = gradebook.scores_of(url, COURSE_ID, A, student)
        assert scores, f"{student} has no grades"
        for grade_id, (score, points) in scores.items():
            assert score == pytest.approx(_score(student, grade_id, points)), (student, grade_id)


def test_sqlite_gradebook_takes_concurrent_workers(tmp_path):
    shutil.copy(ROOT / "gradebook.db", tmp_path / "gradebook.db")
    _hammer(gradebook.shared_url(gradebook.default_url(tmp_path)))


def test_postgres_gradebook_takes_concurrent_workers(tmp_path, postgres_db):
    rows = gradebook.copy_gradebook(gradebook.default_url(ROOT), postgres_db)
    assert rows > 0
    before = gradebook.graded_students(postgres_db, COURSE_ID, A)
    _hammer(postgres_db)
    assert not before


def test_shared_url_adds_a_busy_timeout_to_sqlite_only():
    assert gradebook.shared_url("sqlite:////x/gradebook.db") == \
        f"sqlite:////x/gradebook.db?timeout={gradebook.BUSY_TIMEOUT_S}"
    assert gradebook.shared_url("sqlite:////x/g.db?timeout=5") == "sqlite:////x/g.db?timeout=5"
    assert gradebook.shared_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert gradebook.display_url("postgresql://u:secret@h/db") == "postgresql://u:***@h/db"
