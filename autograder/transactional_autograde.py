"""Plain ``nbgrader autograde`` grading each submission as a transaction.

nbgrader 0.9.6's ``Autograde`` deletes ``autograded/<student>/<a>/`` in
``init_destination`` when it grades a submission again (``--force``, or a newer
submission), before any configurable step runs; it writes the gradebook cell by cell
while it grades; on Ctrl-C it deletes what it wrote and ends with a traceback. A
regrade stopped midway left the student with no autograded notebook (so
``nbgrader generate_feedback`` silently wrote no feedback) while the gradebook still
showed the old grade, and the next run without ``--force`` skipped them as graded.

:class:`TransactionalAutograde` grades every submission under class grading's journal
(``autograder/classgrade/transaction.py``: one mechanism for both):

* before nbgrader decides whether to grade a submission (``init_destination``), the
  journal keeps its gradebook row, its class-grading record and a copy of its
  autograded folder;
* once nbgrader has written the whole grade (``set_permissions``, its last step for a
  submission), the journal commits: the new grade stands;
* a grading that does not complete (an error nbgrader logs, Ctrl-C, ``kill``) is rolled
  back: the previous autograded folder, gradebook row and record come back. Ctrl-C and
  ``kill`` end the run with one line naming who was being graded; after ``kill -9`` the
  next run rolls back first.

What a ``--force`` run has not finished (the submission it was grading, those it had
not reached, those whose grading failed) stays in class grading's ``forced.json``, and
the next run, with or without ``--force``, grades them, as the next class-grading run
does: running the interrupted command again finishes it.

nbgrader has no option for the converter class (``AutogradeApp.start`` instantiates
the name ``Autograde`` of its own module), so :func:`install`, called by the course's
``nbgrader_config.py``, points that one name at this subclass: the ``nbgrader
autograde`` command, nothing else. ``NbGraderAPI`` (class grading's workers,
formgrader) keeps nbgrader's own ``Autograde``; class grading journals its gradings
itself, with the record, and commits them once the record is saved.
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
from pathlib import Path

from nbgrader.converters import Autograde
from traitlets import Bool

from autograder.classgrade.run import RUN_DIR  # its journal and forced.json
from autograder.classgrade.tasks import Forced, Task, submission_digest
from autograder.classgrade.transaction import Journal, outcome

STOPPING = (signal.SIGINT, signal.SIGTERM)


class GradingInterrupted(BaseException):
    """Ctrl-C or ``kill`` during a run. Not a ``KeyboardInterrupt``: nbgrader's handler
    of one (delete the autograded folder, log "Canceled", re-raise for a traceback)
    lets it pass, and so does every ``except Exception``."""


class TransactionalAutograde(Autograde):
    """nbgrader's ``Autograde``, one submission at a time as a transaction."""

    transaction = Bool(True, help=(
        "Grade each submission as a transaction: until its new grade is whole, its "
        "previous autograded notebook and gradebook row stay as they were "
        "(autograder/transactional_autograde.py).")).tag(config=True)

    _journal: Journal | None = None
    _forced: Forced | None = None
    _grading: tuple[str, str] | None = None  # begun, not yet committed or rolled back
    _committed = 0
    _holding = False        # signals wait while a commit or a rollback runs
    _pending: int | None = None

    # -- nbgrader's steps ----------------------------------------------------------

    def convert_notebooks(self) -> None:
        if not self.transaction:
            return super().convert_notebooks()
        run_dir = Path(self.coursedir.root).resolve() / RUN_DIR
        self._journal = Journal(run_dir, self.coursedir.db_url, self.coursedir.course_id)
        self._forced = Forced(run_dir)
        self._grading, self._committed = None, 0
        handlers = self._catch_signals()
        try:
            try:
                submissions = self._submissions()
                self._recover(submissions)
                if self.force:  # until each is graded again, the next run grades it
                    self._forced.add(self._tasks(submissions))
                super().convert_notebooks()
            except (GradingInterrupted, KeyboardInterrupt):
                raise
            except BaseException:  # nbgrader gave up (its database, say): said why
                self._failed()
                raise
            self._failed()  # the last submission's grading failed: nbgrader said why
        except (GradingInterrupted, KeyboardInterrupt):
            self._holding = True  # a second Ctrl-C waits for the rollback
            what = self._roll_back() or "nothing was being graded"
            self.log.error("interrupted: %d graded; %s; run again to finish",
                           self._committed, what)
            raise SystemExit(130) from None
        finally:
            for signum, handler in handlers.items():
                signal.signal(signum, handler)
            self._holding, self._pending = False, None

    def init_destination(self, assignment_id: str, student_id: str) -> bool:
        if not self.transaction:
            return super().init_destination(assignment_id, student_id)
        self._failed()  # the submission before did not commit: nbgrader said why
        key = (assignment_id, student_id)
        dest = Path(os.path.normpath(self._format_dest(assignment_id, student_id)))
        self._grading = key
        try:  # a copy: nbgrader decides from the folder whether to grade it again
            self._journal.begin(assignment_id, student_id, dest, copy=True)
        except OSError as exc:  # a full disk, say: nbgrader must not delete the folder
            with self._held():
                self._journal.commit(assignment_id, student_id)  # drop what it kept
                self._grading = None
            self.log.error("%s (%s) is not graded: its previous grade cannot be kept "
                           "while it is graded again (%s)", student_id, assignment_id, exc)
            return False
        unfinished = f"{assignment_id}/{student_id}" in self._forced.load()
        with _forcing(self, self.force or unfinished):
            grade = super().init_destination(assignment_id, student_id)
        if not grade:
            with self._held():
                self._journal.commit(assignment_id, student_id)  # nothing changed
                self._grading = None
        return grade

    def set_permissions(self, assignment_id: str, student_id: str) -> None:
        """nbgrader's last step for a submission (``convert_notebooks``): after it, the
        new grade is whole, and the journal commits."""
        super().set_permissions(assignment_id, student_id)
        if self.transaction and self._grading == (assignment_id, student_id):
            with self._held():
                self._journal.commit(assignment_id, student_id)
                self._forced.discard(f"{assignment_id}/{student_id}")
                self._grading = None
                self._committed += 1

    # -- the transaction -----------------------------------------------------------

    def _submissions(self) -> list[tuple[str, str]]:
        """(assignment, student) of every submission this run was asked to grade."""
        pattern = self._format_source("(?P<assignment_id>.*)", "(?P<student_id>.*)",
                                      escape=True)
        excluded = set(filter(None, self.coursedir.student_id_exclude.split(",")))
        found = []
        for folder in sorted(self.assignments):
            match = re.match(pattern, folder)
            if match and match["student_id"] not in excluded:
                found.append((match["assignment_id"], match["student_id"]))
        return found

    def _recover(self, submissions: list[tuple[str, str]]) -> None:
        """Put back what a killed run was grading, and have this run grade it again."""
        wanted = set(submissions)
        killed = [k for k in self._journal.in_flight(sorted({a for a, _ in wanted}),
                                                     sorted({s for _, s in wanted}))
                  if k in wanted]
        self._forced.add(self._tasks(killed))
        for assignment, student in killed:
            with self._held():
                state = self._journal.rollback(assignment, student)
            self.log.warning("a run that was killed: %s; grading it again",
                             outcome(assignment, student, state))

    def _tasks(self, submissions: list[tuple[str, str]]) -> list[Task]:
        return [Task(a, s, submission_digest(Path(self._format_source(a, s))))
                for a, s in submissions]

    def _roll_back(self) -> str | None:
        """Undo the grading under way, if any; says what it left the student with."""
        if self._grading is None:
            return None
        assignment, student = self._grading
        state = self._journal.rollback(assignment, student)
        self._grading = None
        return outcome(assignment, student, state) if state is not None else None

    def _failed(self) -> None:
        """The grading under way ended without its commit (nbgrader logged the error):
        the previous grade comes back, and the next run grades it again."""
        with self._held():
            what = self._roll_back()
        if what:
            self.log.warning("%s: its grading did not complete; the next run grades it "
                             "again", what)

    def _catch_signals(self) -> dict:
        """SIGINT and SIGTERM raise :class:`GradingInterrupted` (main thread only; a
        signal the caller ignores stays ignored). Returns the handlers replaced."""
        if threading.current_thread() is not threading.main_thread():
            return {}
        replaced = {}
        for signum in STOPPING:
            if signal.getsignal(signum) is not signal.SIG_IGN:
                replaced[signum] = signal.signal(signum, self._on_signal)
        return replaced

    def _on_signal(self, signum, frame) -> None:
        if self._holding:
            self._pending = signum
            return
        raise GradingInterrupted(signum)

    @contextlib.contextmanager
    def _held(self):
        """Signals wait until the block is done: a commit is never cut in half."""
        outer = self._holding
        self._holding = True
        try:
            yield
        finally:
            self._holding = outer
        if not outer and self._pending is not None:
            self._pending = None
            raise GradingInterrupted()


@contextlib.contextmanager
def _forcing(converter: Autograde, force: bool):
    """``converter.force`` set to ``force`` for one submission."""
    before = converter.force
    converter.force = force
    try:
        yield
    finally:
        converter.force = before


def install() -> None:
    """Make ``nbgrader autograde`` use :class:`TransactionalAutograde` (the course's
    ``nbgrader_config.py`` calls this; nbgrader 0.9 has no option for it)."""
    from nbgrader.apps import autogradeapp
    if not issubclass(autogradeapp.Autograde, TransactionalAutograde):
        autogradeapp.Autograde = TransactionalAutograde
