"""Submissions reach the course with their submission time, with or without an exchange.

nbgrader reads a submission's time from ``submitted/<student>/<a>/timestamp.txt``;
without it the gradebook has no time, formgrader shows "None" and no submission is
ever late. ``nbgrader submit`` writes the file, and so does ``python -m
autograder.classgrade collect`` for hand-ins that come another way. The end-to-end
test runs the README's exchange workflow on a real exchange folder with two students
(each with their own home and cache, named by ``--student`` as nbgrader's own tests
do: the test cannot switch users), and a third student handed in late by e-mail.
"""
from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from authoring import submissions
from autograder.classgrade import cli
from autograder.classgrade.collect import format_timestamp
from autograder.classgrade.tasks import submission_digest
from tests.batches import WARM_JUDGE
from tools import grading

A = "rnn_fundamentals"
UTC = datetime.timezone.utc


def _set_mtime(path: Path, when: datetime.datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def _read_time(folder: Path) -> datetime.datetime:
    """The submission time exactly as ``nbgrader autograde`` reads it."""
    from nbgrader.coursedir import CourseDirectory
    return CourseDirectory().get_existing_timestamp(str(folder)).replace(tzinfo=UTC)


def _set_due_date(course: Path, due: datetime.datetime) -> None:
    """The way the README tells an instructor to set one."""
    grading.nbgrader(course, "db", "assignment", "add", A,
                     f"--duedate={due.strftime('%Y-%m-%d %H:%M:%S')} UTC")


def _gradebook(course: Path) -> dict[str, dict]:
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: {"score": s.score, "max": s.max_score,
                               "penalty": s.late_submission_penalty,
                               "late": s.total_seconds_late,
                               "time": s.timestamp and s.timestamp.replace(tzinfo=UTC)}
                for s in gb.assignment_submissions(A)}


def _collect(course: Path, handins: Path, *extra: str, capsys) -> dict[str, str]:
    assert cli.main(["collect", A, str(handins), "--course", str(course), *extra]) == 0
    lines = capsys.readouterr().out.splitlines()
    return {line.split()[0]: line for line in lines[:-1]}


def test_collection_without_an_exchange_records_the_submission_time(tmp_path, capsys):
    course = grading.make_course(tmp_path / "course")
    due = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    _set_due_date(course, due)
    handins = tmp_path / "handins"
    notebook = submissions.correct(A)
    # a folder per student, with what a student's folder gathers besides the notebook
    ana = submissions.write(notebook, handins / "ana" / f"{A}.ipynb")
    (handins / "ana" / "_harness").mkdir()
    (handins / "ana" / "_harness" / "checks.py").write_text("# the student's own copy\n")
    (handins / "ana" / ".ipynb_checkpoints").mkdir()
    (handins / "ana" / ".ipynb_checkpoints" / f"{A}-checkpoint.ipynb").write_text("{}")
    notes = handins / "ana" / "notes.txt"
    notes.write_text("helper file\n")
    _set_mtime(notes, due - datetime.timedelta(days=3))
    _set_mtime(ana, due - datetime.timedelta(hours=1))
    # a lone notebook named after the student; a zipped assignment folder
    ben = submissions.write(notebook, handins / "ben.ipynb")
    _set_mtime(ben, due + datetime.timedelta(hours=2, minutes=30))
    cleo = submissions.write(notebook, handins / "cleo" / A / "my copy.ipynb")
    _set_mtime(cleo, due - datetime.timedelta(minutes=5))

    lines = _collect(course, handins, capsys=capsys)
    submitted = course / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == ["ana", "ben", "cleo"]
    assert _read_time(submitted / "ana" / A) == due - datetime.timedelta(hours=1)
    assert _read_time(submitted / "ben" / A) == due + datetime.timedelta(hours=2, minutes=30)
    assert _read_time(submitted / "cleo" / A) == due - datetime.timedelta(minutes=5)
    # nbgrader's own format, as its exchange writes it
    assert (submitted / "ana" / A / "timestamp.txt").read_text() == \
        "2026-11-30 11:00:00.000000 UTC"
    # the course's ignore list applies: the grader provides the harness
    assert sorted(p.name for p in (submitted / "ana" / A).iterdir()) == \
        ["notes.txt", f"{A}.ipynb", "submission_secret.txt", "timestamp.txt"]
    assert sorted(p.name for p in (submitted / "ben" / A).iterdir()) == \
        [f"{A}.ipynb", "submission_secret.txt", "timestamp.txt"]
    assert "2 h 30 min after the due date" in lines["ben"]
    assert "after the due date" not in lines["ana"]
    assert f"expected {A}.ipynb, found my copy.ipynb" in lines["cleo"]

    # collecting the same folder again changes nothing (and so regrades nothing)
    digests = {s: submission_digest(submitted / s / A) for s in ("ana", "ben", "cleo")}
    lines = _collect(course, handins, capsys=capsys)
    assert all(" kept " in line for line in lines.values()), lines
    assert digests == {s: submission_digest(submitted / s / A) for s in digests}

    # a later re-submission replaces the collected one; --time overrides file times
    resubmitted = submissions.write(submissions.released_notebook(A), ana)
    _set_mtime(resubmitted, due + datetime.timedelta(days=1))
    lines = _collect(course, handins, capsys=capsys)
    assert " replaced " in lines["ana"] and "24 h 00 min after the due date" in lines["ana"]
    assert (submitted / "ana" / A / f"{A}.ipynb").read_text() == resubmitted.read_text()
    assert _read_time(submitted / "ana" / A) == due + datetime.timedelta(days=1)
    lines = _collect(course, handins, "--time", "2026-12-05 09:00 Europe/Berlin",
                     capsys=capsys)
    assert _read_time(submitted / "ben" / A) == datetime.datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    assert not list(submitted.glob("*/.*")), "staging folders left behind"

    with pytest.raises(SystemExit, match="unknown assignment rnn_basics"):
        cli.main(["collect", "rnn_basics", str(handins), "--course", str(course)])


def test_exchange_workflow_end_to_end(tmp_path, capsys, monkeypatch):
    """release_assignment, fetch and submit by two students, collect (and a late
    e-mailed hand-in), autograde with a due date, feedback back to the students."""
    course = grading.make_course(tmp_path / "course")
    exchange = tmp_path / "exchange"
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write(f"\nc.Exchange.root = {str(exchange)!r}\n"
                 "c.LateSubmissionPlugin.penalty_method = 'zero'\n")
    started = datetime.datetime.now(UTC)
    due = started.replace(microsecond=0) + datetime.timedelta(hours=1)
    _set_due_date(course, due)
    grading.nbgrader(course, "release_assignment", A)
    assert (exchange / "rnn-week4-day1" / "outbound" / A / "_harness" / "checks.py").exists()

    def student(name: str, *args: str) -> None:
        """A student's command, in their own home: in this process, as nbgrader's own
        tests run them (a new Python and nbgrader import would cost 3 s each)."""
        from nbgrader.tests import run_nbgrader
        home = tmp_path / name
        home.mkdir(exist_ok=True)
        monkeypatch.chdir(home)
        monkeypatch.setenv("HOME", str(home))
        run_nbgrader([*args, "--course", "rnn-week4-day1", "--student", name,
                      f"--Exchange.root={exchange}", f"--Exchange.cache={home / '.cache'}"])

    answers = {"alice": submissions.correct(A), "bob": None}  # bob hands in the release
    for name, notebook in answers.items():
        student(name, "fetch_assignment", A)
        fetched = tmp_path / name / A
        assert (fetched / "_harness" / "checks.py").exists(), "the public checks need it"
        if notebook is not None:
            submissions.write(notebook, fetched / f"{A}.ipynb")
        student(name, "submit", A)
    submitted = datetime.datetime.now(UTC)
    grading.nbgrader(course, "collect", A)
    # carol e-mailed the same notebook as alice's, two hours after the due date
    late = due + datetime.timedelta(hours=2)
    carol = submissions.write(answers["alice"], tmp_path / "mail" / "carol.ipynb")
    _set_mtime(carol, late)
    _collect(course, tmp_path / "mail", capsys=capsys)

    # the judge class grading uses (proven to score as the shipped one, tests/batches.py):
    # what this test is about is the exchange, the times and the penalty
    grading.nbgrader(course, "autograde", A, *WARM_JUDGE)
    book = _gradebook(course)
    assert {s: (b["score"], b["max"]) for s, b in book.items()} == \
        {"alice": (100.0, 100.0), "bob": (0.0, 100.0), "carol": (100.0, 100.0)}
    for name in answers:  # the time nbgrader submit wrote reached the gradebook
        assert book[name]["time"] == _read_time(course / "submitted" / name / A)
        assert started <= book[name]["time"] <= submitted
        assert book[name]["late"] == 0 and book[name]["penalty"] == 0
    assert book["carol"]["time"] == late
    assert book["carol"]["late"] == 7200 and book["carol"]["penalty"] == 100.0

    grading.nbgrader(course, "generate_feedback", A)
    grading.nbgrader(course, "release_feedback", A)
    released = exchange / "rnn-week4-day1" / "feedback"
    assert len(list(released.glob("*.html"))) == 3  # carol's too: nobody else can fetch it
    for name in answers:
        student(name, "fetch_feedback", A)
        stamp = (course / "submitted" / name / A / "timestamp.txt").read_text()
        page = tmp_path / name / A / "feedback" / stamp / f"{A}.html"
        assert page.exists(), sorted(p.name for p in (tmp_path / name / A).iterdir())
        text = page.read_text(encoding="utf-8")
        assert ("not implemented yet" in text) == (name == "bob")
    carol_page = (course / "feedback" / "carol" / A / f"{A}.html").read_text(encoding="utf-8")
    assert "Late submission penalty" in carol_page
    assert format_timestamp(late) in (course / "submitted" / "carol" / A /
                                      "timestamp.txt").read_text()
