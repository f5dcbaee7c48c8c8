"""What there is to grade, and the records that make a class-grading run resumable.

A task is one student's submission of one assignment (``submitted/<student>/<a>/``).
Its record (``<run>/records/<a>/<student>.json``) says how grading went; a task whose
record says ``graded`` for the same submission content, and whose grades are in the
gradebook, is skipped by the next run unless forced. What a ``--force`` run has not
reached yet (``<run>/forced.json``) is graded by the next run, forced or not.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from autograder import atomic
from autograder.course import GRADING_SECONDS


@dataclasses.dataclass(frozen=True)
class Task:
    assignment: str
    student: str
    digest: str  # of the submitted files: a re-submission is graded again

    @property
    def key(self) -> str:
        return f"{self.assignment}/{self.student}"


def submission_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def discover(course: Path, assignments: list[str], students: list[str] | None = None
             ) -> list[Task]:
    """Every submission of the given assignments, costliest assignment first."""
    tasks = []
    submitted = course / "submitted"
    for student_dir in sorted(submitted.iterdir()) if submitted.is_dir() else []:
        if not student_dir.is_dir() or (students and student_dir.name not in students):
            continue
        for assignment in assignments:
            folder = student_dir / assignment
            if folder.is_dir():
                tasks.append(Task(assignment, student_dir.name, submission_digest(folder)))
    tasks.sort(key=lambda t: -GRADING_SECONDS.get(t.assignment, 15.0))  # costliest first
    return tasks


class Forced:
    """The submissions a ``--force`` run has not yet graded again
    (``<run>/forced.json``, key -> digest): the next run, forced or not, grades them,
    so an interrupted forced run is finished by running again, not by starting over."""

    def __init__(self, run_dir: Path):
        self.path = run_dir / "forced.json"

    def load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def add(self, tasks: list[Task]) -> None:
        if tasks:
            atomic.write_json(self.path, {**self.load(), **{t.key: t.digest for t in tasks}})

    def discard(self, key: str) -> None:
        pending = self.load()
        if pending.pop(key, None) is None:
            return
        if pending:
            atomic.write_json(self.path, pending)
        else:
            self.path.unlink(missing_ok=True)
