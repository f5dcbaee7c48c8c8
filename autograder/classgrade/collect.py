"""Collecting hand-ins without an nbgrader exchange (an LMS download, e-mail, a shared drive).

``python -m autograder.classgrade collect <assignment> <folder>`` copies each student's
hand-in into ``submitted/<student>/<assignment>/``, nbgrader's layout, and writes the
submission time into ``timestamp.txt`` as ``nbgrader submit`` does. ``nbgrader
autograde`` reads that file into the gradebook: formgrader shows the time, and a due
date set for the assignment gives late penalties (``AssignLatePenalties``). Without
the file nbgrader records no time, and no submission is ever late.

It also writes a ``submission_secret.txt``, as ``nbgrader submit`` does: ``nbgrader
release_feedback`` stops with a traceback at the first feedback folder without one, so
in a course where some hand-ins come through the exchange and some not, the feedback of
the students after that one would never reach the exchange. (The feedback of a hand-in collected here goes back the way it came: it is
in ``feedback/<student>/<assignment>/``.)

The submission time is the newest modification time of the hand-in's files (copies
that keep file times: ``unzip``, ``cp -p``, ``rsync -t``), a ``timestamp.txt`` the
hand-in already has (one from an exchange), or ``--time`` for all of them.
"""
from __future__ import annotations

import dataclasses
import datetime
import fnmatch
import os
import secrets
import shutil
from pathlib import Path

# nbgrader's own format (Exchange.timestamp_format), in UTC as its exchange writes it
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
TIMESTAMP_FILE = "timestamp.txt"
SECRET_FILE = "submission_secret.txt"  # what release_feedback names the feedback by
# nbgrader's default CourseDirectory.ignore, for a course config that sets none
DEFAULT_IGNORE = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]


class CollectError(ValueError):
    """The hand-ins cannot be collected as asked (no such assignment or folder)."""


@dataclasses.dataclass(frozen=True)
class Collected:
    student: str
    assignment: str
    submitted: datetime.datetime   # UTC, timezone-aware
    status: str                    # "collected", "replaced" or "kept" (the collected one is as new)
    notebooks: tuple[str, ...]     # the notebook names handed in
    late_seconds: float = 0.0      # after the assignment's due date, if it has one

    def console_line(self) -> str:
        when = format_timestamp(self.submitted)[:19] + " UTC"
        line = f"{self.student:20s} {self.status:9s} submitted {when}"
        if self.late_seconds > 0:
            line += f", {_duration(self.late_seconds)} after the due date"
        expected = f"{self.assignment}.ipynb"
        if expected not in self.notebooks:  # grading will say so too; say it now
            found = ", ".join(self.notebooks) or "no notebook"
            line += f"; expected {expected}, found {found}"
        return line


def format_timestamp(when: datetime.datetime) -> str:
    """``when`` as nbgrader writes ``timestamp.txt``: ``2026-12-06 23:30:10.726024 UTC``."""
    return when.astimezone(datetime.timezone.utc).strftime(TIMESTAMP_FORMAT)


def parse_timestamp(text: str) -> datetime.datetime:
    """A time as nbgrader reads it (``parse_utc``: a zone name or offset, else UTC)."""
    from nbgrader.utils import parse_utc
    try:
        naive_utc = parse_utc(text.strip())
    except (ValueError, OverflowError) as exc:
        raise CollectError(f"not a time nbgrader can read: {text.strip()!r} ({exc})") from None
    return naive_utc.replace(tzinfo=datetime.timezone.utc)


def _ignored(name: str, ignore: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in ignore)


def handin_files(folder: Path, ignore: list[str]) -> list[Path]:
    """The files of a hand-in that get collected (the course's ignore list applies)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not _ignored(d, ignore))
        out += [Path(dirpath) / f for f in sorted(filenames) if not _ignored(f, ignore)]
    return out


def handin_time(handin: Path, files: list[Path]) -> datetime.datetime:
    """When the hand-in was complete: its own ``timestamp.txt``, else its newest file."""
    stamp = handin / TIMESTAMP_FILE
    if stamp in files:
        return parse_timestamp(stamp.read_text(encoding="utf-8"))
    newest = max(f.stat().st_mtime for f in files)
    return datetime.datetime.fromtimestamp(newest, datetime.timezone.utc)


def find_handins(folder: Path, assignment: str) -> dict[str, Path]:
    """Each student's hand-in in ``folder``: ``<student>/`` (its files, or its
    ``<assignment>/`` folder when it has one) or a lone ``<student>.ipynb``."""
    handins = {}
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            inner = entry / assignment
            handins[entry.name] = inner if inner.is_dir() else entry
        elif entry.suffix == ".ipynb":
            handins[entry.stem] = entry
    bad = sorted(s for s in handins if "+" in s or "*" in s)
    if bad:  # nbgrader's exchange refuses these ids too
        raise CollectError(f"student ids may contain neither '+' nor '*': {', '.join(bad)}")
    return handins


def collect(course: Path, assignment: str, folder: Path,
            when: datetime.datetime | None = None) -> list[Collected]:
    """Copy every hand-in in ``folder`` into the course's ``submitted/`` with its time.

    A hand-in replaces the collected submission unless that one is at least as new
    (as ``nbgrader collect --update`` does), so collecting the same folder again
    changes nothing, and a later re-submission is graded again.
    """
    from autograder.classgrade.pipeline import course_config
    from autograder.classgrade.pipeline import course_assignments
    course, folder = Path(course).resolve(), Path(folder).resolve()
    declared, course_id, url = course_assignments(course)
    if assignment not in declared:
        raise CollectError(f"unknown assignment {assignment}; the course has "
                           f"{', '.join(declared)}")
    if not folder.is_dir():
        raise CollectError(f"no folder of hand-ins at {folder}")
    ignore = list(course_config(course).CourseDirectory.get("ignore", DEFAULT_IGNORE))
    due = _due_date(url, course_id, assignment)
    out = []
    for student, handin in find_handins(folder, assignment).items():
        files = [handin] if handin.is_file() else handin_files(handin, ignore)
        if not files:
            continue
        submitted = when or handin_time(handin, files)
        target = course / "submitted" / student / assignment
        previous = _collected_time(target)
        notebooks = ((f"{assignment}.ipynb",) if handin.is_file() else
                     tuple(sorted(f.name for f in files if f.suffix == ".ipynb")))
        if previous is not None and previous >= submitted:
            status, submitted = "kept", previous
        else:
            status = "replaced" if target.exists() else "collected"
            _place(target, handin, files, assignment, submitted)
        late = max(0.0, (submitted - due).total_seconds()) if due else 0.0
        out.append(Collected(student, assignment, submitted, status, notebooks, late))
    return out


def _collected_time(target: Path) -> datetime.datetime | None:
    stamp = target / TIMESTAMP_FILE
    if not stamp.is_file():
        return None
    try:
        return parse_timestamp(stamp.read_text(encoding="utf-8"))
    except CollectError:
        return None


def _place(target: Path, handin: Path, files: list[Path], assignment: str,
           submitted: datetime.datetime) -> None:
    """Build the submission beside ``target`` and swap it in: a reader sees the old
    submission or the new one, never half of one."""
    staging = target.parent / f".{target.name}.collecting"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    if handin.is_file():  # <student>.ipynb: the notebook takes the assignment's name
        shutil.copy2(handin, staging / f"{assignment}.ipynb")
    else:
        for f in files:
            dest = staging / f.relative_to(handin)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest)
    (staging / TIMESTAMP_FILE).write_text(format_timestamp(submitted), encoding="utf-8")
    if not (staging / SECRET_FILE).exists():
        (staging / SECRET_FILE).write_text(secrets.token_hex(64), encoding="utf-8")
    if target.exists():
        old = target.parent / f".{target.name}.replaced"
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old)
    else:
        staging.rename(target)


def _due_date(url: str, course_id: str, assignment: str) -> datetime.datetime | None:
    from nbgrader.api import Gradebook
    with Gradebook(url, course_id) as gb:
        due = gb.find_assignment(assignment).duedate
    return due.replace(tzinfo=datetime.timezone.utc) if due else None


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{max(minutes, 1)} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours < 48 else f"{hours // 24} days"
