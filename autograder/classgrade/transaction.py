"""Grading one submission as a transaction: the previous grade stands until the new
one is whole.

nbgrader's ``Autograde`` deletes ``autograded/<student>/<a>/`` before it grades again
(``BaseConverter.init_destination``), writes the gradebook one cell at a time, and on
Ctrl-C or any error deletes what it wrote. A run stopped midway used to leave a student
with no autograded notebook (so no feedback) while the gradebook and the record still
showed the old grade, and the next run skipped the student as graded.

Class grading, and plain ``nbgrader autograde`` in a course of this repository
(``autograder/transactional_autograde.py``), wrap every grading of a submission in a
journal, ``<run>/inflight/<a>/<student>/`` (``<run>``: ``class_grading/``):

* :meth:`Journal.begin` (before nbgrader changes anything): ``previous.json`` saves
  the submission's gradebook row and record, then the previous autograded folder is
  moved into the journal (one rename), or copied there when nbgrader has yet to
  decide from it whether to grade again (plain ``nbgrader autograde``);
* :meth:`Journal.commit` (class grading: once the new record is saved; plain nbgrader:
  once nbgrader has written the whole grade): the journal is deleted, and with it the
  previous folder; the new grade stands;
* :meth:`Journal.rollback` (the run, for a grading that did not complete: interrupted,
  crashed, timed out or failed; or the next run, for a journal a killed run left):
  the autograded folder, the gradebook row and the record go back to what they were.

``previous.json`` is the journal's marker: written whole (renamed into place) before
anything changes and deleted first on commit, and last on rollback, so every step can
be killed and done again. Feedback (``nbgrader generate_feedback``) is never touched
by grading; with the autograded notebook kept, it can always be generated again.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from autograder import atomic
from autograder.classgrade import gradebook

MARKER = "previous.json"
KEPT = "autograded"  # the previous autograded folder, inside the journal


def _move(source: Path, target: Path) -> None:
    """Move a folder whole: a rename, or (across filesystems) a copy renamed into place
    before the source is deleted, so one of the two is always complete."""
    try:
        os.rename(source, target)
    except OSError:
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(source, partial, symlinks=True)
        os.rename(partial, target)
        shutil.rmtree(source)


def _copy(source: Path, target: Path) -> None:
    """Copy a folder whole (renamed into place), leaving the source where it is."""
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(source, partial, symlinks=True)
    os.rename(partial, target)


def _remove(folder: Path) -> None:
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)


class Journal:
    """The in-flight gradings of one class-grading folder (``run_dir``)."""

    def __init__(self, run_dir: Path, db_url: str, course_id: str):
        self.folder = Path(run_dir) / "inflight"
        self.records = Path(run_dir) / "records"
        self.db_url = db_url
        self.course_id = course_id

    def _dir(self, assignment: str, student: str) -> Path:
        return self.folder / assignment / student

    def begin(self, assignment: str, student: str, autograded: Path,
              copy: bool = False) -> None:
        """Keep what ``student``'s ``assignment`` has now, before nbgrader changes it;
        ``autograded`` is the folder nbgrader writes the graded notebook to. ``copy``
        keeps a copy of it and leaves it in place (for nbgrader to decide from it
        whether to grade again); by default it is moved into the journal."""
        journal = self._dir(assignment, student)
        if (journal / MARKER).exists():  # an earlier attempt that never ended
            self.rollback(assignment, student)
        shutil.rmtree(journal, ignore_errors=True)
        journal.mkdir(parents=True)
        record = self.records / assignment / f"{student}.json"
        try:
            previous_record = record.read_text(encoding="utf-8")
        except OSError:
            previous_record = None
        autograded = Path(autograded)
        atomic.write_json(journal / MARKER, {
            "autograded": str(autograded),
            "had_autograded": autograded.exists(),
            "gradebook": gradebook.submission_row(self.db_url, self.course_id, assignment,
                                                  student),
            "record": previous_record,
        }, indent=1)
        if autograded.exists():
            (_copy if copy else _move)(autograded, journal / KEPT)

    def commit(self, assignment: str, student: str) -> None:
        """The new grade is whole (autograded, gradebook and record): drop the old."""
        journal = self._dir(assignment, student)
        (journal / MARKER).unlink(missing_ok=True)
        shutil.rmtree(journal, ignore_errors=True)

    def rollback(self, assignment: str, student: str) -> dict | None:
        """Put back the autograded folder, gradebook row and record the journal kept;
        returns what it kept (``gradebook``: the row, ``record``), or None when no
        grading had begun."""
        journal = self._dir(assignment, student)
        try:
            state = json.loads((journal / MARKER).read_text(encoding="utf-8"))
        except FileNotFoundError:
            shutil.rmtree(journal, ignore_errors=True)  # never began: nothing changed
            return None
        autograded, kept = Path(state["autograded"]), journal / KEPT
        if kept.exists():
            _remove(autograded)
            autograded.parent.mkdir(parents=True, exist_ok=True)
            _move(kept, autograded)
        elif not state["had_autograded"]:
            _remove(autograded)
        # else: stopped before the move (or the copy), the previous folder never left
        # its place
        gradebook.restore_submission_row(self.db_url, self.course_id, assignment, student,
                                         state["gradebook"])
        record = self.records / assignment / f"{student}.json"
        if state["record"] is None:
            record.unlink(missing_ok=True)
        else:
            atomic.write_text(record, state["record"])
        (journal / MARKER).unlink()
        shutil.rmtree(journal, ignore_errors=True)
        return state

    def in_flight(self, assignments=None, students=None) -> list[tuple[str, str]]:
        """(assignment, student) of every begun grading not yet committed or rolled
        back, limited to ``assignments`` and ``students`` when given."""
        found = []
        for marker in sorted(self.folder.glob(f"*/*/{MARKER}")):
            assignment, student = marker.parent.parent.name, marker.parent.name
            if (assignments is None or assignment in assignments) and \
                    (not students or student in students):
                found.append((assignment, student))
        return found


def outcome(assignment: str, student: str, state: dict | None) -> str:
    """What a rolled-back grading (``state``, from :meth:`Journal.rollback`) left the
    student with, as the line an interrupted run ends with says it."""
    had = state and (state["gradebook"] or state["record"])
    return (f"{student} ({assignment}) was being graded and "
            + ("keeps its previous grade" if had else "stays ungraded"))
