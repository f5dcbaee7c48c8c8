"""An interrupted grading loses nothing (issue 24): real class-grading runs and real
``nbgrader autograde --force`` runs are stopped by SIGINT and SIGKILL at chosen points,
and everything on disk and in the gradebook is compared with what it was.

The course is two students of ``rnn_fundamentals`` (NumPy), graded in fast mode by one
worker, then by plain nbgrader with the course's configuration; every run is
``python -m autograder.classgrade`` or ``python -m nbgrader`` in a session of its own,
so a signal reaches its whole process group (the run, its worker, their sealed
processes), as Ctrl-C in a terminal does. The points are found by watching the course
folder: a submission's journal (``transaction.py``) and nbgrader's new autograded
notebook.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.classgrade import gradebook
from autograder.classgrade.collect import format_timestamp
from autograder.classgrade.transaction import KEPT, MARKER, Journal
from autograder.harness.quiet import child_environment
from authoring import submissions
from tools import grading

A = "rnn_fundamentals"
STUDENTS = ("alice", "bob")  # graded in this order (one worker, name order)
TABLES = ("submitted_assignment", "submitted_notebook", "grade", "comment")


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def _gradebook_rows(course: Path) -> dict[str, list]:
    """Every row grading may touch, read with plain SQL (not the code under test)."""
    with sqlite3.connect(course / "gradebook.db") as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}


def _state(course: Path) -> dict:
    """What an instructor relies on: autograded notebooks, feedback, gradebook, records."""
    return {"autograded": _files(course / "autograded"),
            "feedback": _files(course / "feedback"),
            "gradebook": _gradebook_rows(course),
            "records": _files(course / "class_grading" / "records")}


def _start(course: Path, module: str, *args: str) -> subprocess.Popen:
    """``python -m module args`` in a session of its own, as from a terminal."""
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=course, env=child_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
        # as from a terminal, whatever this test inherited (a background job ignores it)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _grade(course: Path, *args: str) -> subprocess.Popen:
    return _start(course, "autograder.classgrade", "grade", A, "--mode", "fast",
                  "--workers", "1", "--no-progress", *args)


def _when(proc: subprocess.Popen, ready, timeout: float = 300) -> None:
    """Wait until ``ready()`` holds while ``proc`` runs."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, f"the run ended first:\n{proc.communicate()}"
        assert time.monotonic() < deadline, "the point was never reached"
        time.sleep(0.05)


def _stop(proc: subprocess.Popen, sig: int) -> tuple[int, str, str]:
    os.killpg(proc.pid, sig)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _when_gone(pids: list[int], timeout: float = 30) -> None:
    """Wait until none of ``pids`` runs (gone, or a zombie nobody reaped yet)."""
    def running(pid):
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    deadline = time.monotonic() + timeout
    while any(running(p) for p in pids):
        assert time.monotonic() < deadline, f"{pids} outlived their run"
        time.sleep(0.1)


def _finish(proc: subprocess.Popen) -> tuple[str, str]:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    return out, err


def _scores(course: Path) -> dict[str, float]:
    return {s: g.total for s, g in grading.results(course, A).items()}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = grading.make_course(tmp_path_factory.mktemp("interrupts"))
    grading.submit(course, A, "alice", submissions.correct(A))
    grading.submit(course, A, "bob", submissions.released_notebook(A))
    _finish(_grade(course))
    grading.nbgrader(course, "generate_feedback", A)
    return course


def test_sigint_during_a_forced_regrade_keeps_the_previous_grade(course):
    before = _state(course)
    assert set(_scores(course)) == set(STUDENTS) and _scores(course)["alice"] == 100
    journal = course / "class_grading" / "inflight" / A / "alice"
    notebook = course / "autograded" / "alice" / A / f"{A}.ipynb"
    run = _grade(course, "--force")
    # nbgrader is grading alice: it has written its new (not yet graded) notebook
    _when(run, lambda: (journal / KEPT).exists() and notebook.exists())
    code, out, err = _stop(run, signal.SIGINT)
    assert code == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.strip().splitlines()[-1] == (
        "interrupted: 0 of 2 graded; alice (rnn_fundamentals) was being graded and keeps "
        "its previous grade; run again to finish"), err
    assert _state(course) == before
    assert not journal.exists()


def test_the_next_run_finishes_a_forced_regrade_and_a_killed_one(course):
    before = _state(course)
    records = course / "class_grading" / "records" / A
    journal = course / "class_grading" / "inflight" / A / "bob"
    old_alice = (records / "alice.json").read_text()
    # the forced run of the test before was stopped: this one, unforced, grades both
    run = _grade(course)
    # SIGKILL to the run alone once alice's new grade stands and bob's is under way:
    # its worker dies with it, and nothing else can put bob back
    _when(run, lambda: (records / "alice.json").read_text() != old_alice
          and (journal / MARKER).exists())
    workers = _children(run.pid)
    assert workers
    run.kill()
    run.communicate(timeout=60)
    _when_gone(workers)
    assert not (course / "autograded" / "bob" / A).exists() or (journal / KEPT).exists()
    # the next run puts bob back and grades exactly him
    out, err = _finish(_grade(course))
    assert "grading 1 submission(s)" in err and "1 already graded" in err, err
    assert "1 submission(s)" in out, out
    after = _state(course)
    assert after["feedback"] == before["feedback"]
    assert _scores(course) == {"alice": 100, "bob": 0}
    assert not (course / "class_grading" / "forced.json").exists()
    assert not list((course / "class_grading" / "inflight").glob("*/*"))
    for student in STUDENTS:
        record = json.loads((records / f"{student}.json").read_text())
        assert record["status"] == "graded" and record["total"] == _scores(course)[student]
    grading.nbgrader(course, "generate_feedback", A, "--force")
    assert all((course / "feedback" / s / A / f"{A}.html").exists() for s in STUDENTS)


def test_rollback_undoes_every_state_a_killed_grading_can_leave(tmp_path):
    """The windows a signal cannot be aimed at (microseconds wide), built by hand: each
    rollback puts back the autograded folder, the gradebook row and the record."""
    course = grading.make_course(tmp_path / "course")
    url = gradebook.default_url(course)
    course_id = "rnn-week4-day1"
    gradebook.ensure_students(url, course_id, ["carol"])
    from nbgrader.api import Gradebook
    with Gradebook(url, course_id) as gb:
        gb.add_submission(A, "carol")
        grade = gb.find_submission(A, "carol").notebooks[0].grades[0]
        grade.auto_score = 1.5
        gb.db.commit()
    run_dir = course / "class_grading"
    record = run_dir / "records" / A / "carol.json"
    record.parent.mkdir(parents=True)
    record.write_text('{"status": "graded"}')
    dest = course / "autograded" / "carol" / A
    dest.mkdir(parents=True)
    (dest / f"{A}.ipynb").write_text("previous")
    before = _state(course)
    journal = Journal(run_dir, url, course_id)

    def grade_partly(step: int) -> None:
        """nbgrader's part of a grading, stopped after ``step`` of its steps."""
        if step >= 1:
            dest.mkdir(parents=True, exist_ok=True)
            (dest / f"{A}.ipynb").write_text("half graded")
        if step >= 2:
            with Gradebook(url, course_id) as gb:
                gb.find_submission(A, "carol").notebooks[0].grades[0].auto_score = 0.0
                gb.db.commit()
        if step >= 3:
            record.write_text('{"status": "graded", "new": true}')

    for step in range(4):
        journal.begin(A, "carol", dest)
        grade_partly(step)
        assert journal.in_flight() == [(A, "carol")]
        assert journal.rollback(A, "carol") is not None
        assert _state(course) == before, step
    # stopped before the previous folder was moved, and during a rollback
    jdir = run_dir / "inflight" / A / "carol"
    journal.begin(A, "carol", dest)
    os.rename(jdir / KEPT, dest)  # as if killed between the marker and the move
    assert journal.rollback(A, "carol") and _state(course) == before
    journal.begin(A, "carol", dest)
    grade_partly(3)
    os.rename(jdir / KEPT, tmp_path / "kept")
    shutil.rmtree(dest)
    os.rename(tmp_path / "kept", dest)  # killed after putting the folder back
    assert journal.rollback(A, "carol") and _state(course) == before
    # a grading of a submission the gradebook never had leaves none behind
    journal.begin(A, "dave", course / "autograded" / "dave" / A)
    gradebook.ensure_students(url, course_id, ["dave"])
    with Gradebook(url, course_id) as gb:
        gb.add_submission(A, "dave")
    (course / "autograded" / "dave" / A).mkdir(parents=True)
    assert journal.rollback(A, "dave") is not None
    assert gradebook.submission_row(url, course_id, A, "dave") is None
    assert not (course / "autograded" / "dave" / A).exists()
    # a commit keeps the new grade
    journal.begin(A, "carol", dest)
    grade_partly(3)
    journal.commit(A, "carol")
    assert journal.in_flight() == [] and (dest / f"{A}.ipynb").read_text() == "half graded"


def _autograde(course: Path, *args: str) -> subprocess.Popen:
    """The instructor's own ``nbgrader autograde``, with the course's configuration."""
    return _start(course, "nbgrader", "autograde", A, *args)


def _written_after(path: Path, since: int) -> bool:
    """``path`` exists and was written after ``since`` (its old st_mtime_ns)."""
    try:
        return path.stat().st_mtime_ns != since
    except FileNotFoundError:
        return False


def _resubmit(course: Path, student: str, hour: int) -> None:
    """A new submission time: nbgrader writes it to the gradebook as soon as it begins
    grading the student, so a grading stopped midway has changed the gradebook."""
    when = datetime.datetime(2026, 12, 7, hour, tzinfo=datetime.timezone.utc)
    (course / "submitted" / student / A / "timestamp.txt").write_text(format_timestamp(when))


def test_plain_nbgrader_force_keeps_the_previous_grade_until_the_new_one_is_whole(course):
    """``nbgrader autograde --force`` as an instructor runs it: stopped by SIGINT as soon
    as a grading begins and while nbgrader autogrades, failing on a broken re-submission,
    and stopped by SIGKILL after one student is graded again and while the next is; the
    next run regrades exactly what is left."""
    for student, hour in (("alice", 9), ("bob", 10)):
        _resubmit(course, student, hour)
    before = _state(course)
    inflight = course / "class_grading" / "inflight" / A
    forced = course / "class_grading" / "forced.json"
    notebook = {s: course / "autograded" / s / A / f"{A}.ipynb" for s in STUDENTS}
    written = {s: notebook[s].stat().st_mtime_ns for s in STUDENTS}
    grading_alice = {  # the points: nbgrader begins grading alice, then autogrades her
        "begins": lambda: (inflight / "alice" / MARKER).exists(),
        "autogrades": lambda: (inflight / "alice" / MARKER).exists()
        and _written_after(notebook["alice"], written["alice"])}
    for point, ready in grading_alice.items():
        run = _autograde(course, "--force")
        _when(run, ready)
        code, _, err = _stop(run, signal.SIGINT)
        assert code == 130 and "Traceback" not in err, err[-3000:]
        assert err.strip().splitlines()[-1] == (
            "[AutogradeApp | ERROR] interrupted: 0 graded; alice (rnn_fundamentals) was "
            "being graded and keeps its previous grade; run again to finish"), err[-3000:]
        assert _state(course) == before, point
        assert not list(inflight.iterdir()), point
    # a grading that fails (a re-submission that is not JSON) keeps the previous grade
    submitted = course / "submitted" / "alice" / A / f"{A}.ipynb"
    handed_in = submitted.read_bytes()
    submitted.write_text("{not a notebook")
    failed = grading.nbgrader(course, "autograde", A, "--force", "--student", "alice",
                              check=False)
    submitted.write_bytes(handed_in)
    assert failed.returncode == 1, failed.stderr[-3000:]
    assert ("alice (rnn_fundamentals) was being graded and keeps its previous grade: its "
            "grading did not complete; the next run grades it again") in failed.stderr
    assert _state(course) == before and not list(inflight.iterdir())
    # what the forced runs did not finish is graded by the next run, forced or not
    assert set(json.loads(forced.read_text())) == {f"{A}/alice", f"{A}/bob"}
    run = _autograde(course)
    # alice's new grade stands; bob's grading has begun, and nbgrader autogrades him
    _when(run, lambda: not (inflight / "alice").exists()
          and _written_after(notebook["alice"], written["alice"])
          and (inflight / "bob" / MARKER).exists()
          and _written_after(notebook["bob"], written["bob"]))
    _stop(run, signal.SIGKILL)
    assert set(json.loads(forced.read_text())) == {f"{A}/bob"}
    # the journal holds bob's previous autograded folder, which nbgrader had deleted
    assert _files(inflight / "bob" / KEPT) == {
        name.removeprefix(f"bob/{A}/"): digest
        for name, digest in before["autograded"].items() if name.startswith(f"bob/{A}/")}
    again = grading.nbgrader(course, "autograde", A)
    assert ("a run that was killed: bob (rnn_fundamentals) was being graded and keeps "
            "its previous grade; grading it again") in again.stderr, again.stderr[-3000:]
    assert f"Skipping existing assignment: {course / 'autograded' / 'alice' / A}" \
        in again.stderr and f"Autograding {notebook['bob']}" in again.stderr, \
        again.stderr[-3000:]
    after = _state(course)
    assert after["feedback"] == before["feedback"] and after["records"] == before["records"]
    assert _scores(course) == {"alice": 100, "bob": 0}
    with sqlite3.connect(course / "gradebook.db") as db:  # both graded anew
        assert sorted(db.execute("SELECT student_id, timestamp FROM submitted_assignment")) \
            == [("alice", "2026-12-07 09:00:00.000000"), ("bob", "2026-12-07 10:00:00.000000")]
    assert not forced.exists() and not list(inflight.iterdir())
    assert all(notebook[s].exists() for s in STUDENTS)  # what generate_feedback reads
