"""One warm grading process: nbgrader's ``Autograde``, submission after submission.

Plain ``nbgrader autograde`` pays for a Python start, TensorFlow's import and a judge
process for every notebook. A worker imports all of it once and judges in-process
(``JudgeTestCells.in_process``); student code still runs only in sealed processes
(the kernel and the judge's sandbox), so a worker holds no student state.

Two modes, with the same judge and so the same scores:

* ``full`` - nbgrader's semantics: the notebook is re-executed for fresh outputs in
  the feedback; judging starts first (``StartJudge``) and runs alongside.
* ``fast`` - only what grading needs: the execute step is left out, the judge runs
  the answer cells in its sandbox and the suites, and the feedback shows the reports.
"""
from __future__ import annotations

import importlib
import json
import os
import resource
import sys
import time
from pathlib import Path

from nbgrader.preprocessors import SaveAutoGrades

from autograder import memory
from autograder.classgrade import causes, gradebook
from autograder.classgrade.options import Options, make_worker
from autograder.classgrade.pipeline import course_config, mode_preprocessors
from autograder.classgrade.record import GRADED, GradeRecord
from autograder.classgrade.tasks import Task
from autograder.classgrade.transaction import Journal
from autograder.course import ROOT
from autograder.grading_settings import GradingLimits
from autograder.harness.quiet import quiet_process
from autograder.verdict import Verdict

# what every submission needs, imported once per worker
WARM_MODULES = ("keras", "nbclient", "numpy", "pytest", "tensorflow", "nbgrader.api",
                "autograder.judge", "autograder.harness.runner", "autograder.harness.student")


class TimedSaveAutoGrades(SaveAutoGrades):
    """nbgrader's SaveAutoGrades, timed for the cost breakdown."""

    seconds = 0.0

    def preprocess(self, nb, resources):
        began = time.perf_counter()
        try:
            return super().preprocess(nb, resources)
        finally:
            TimedSaveAutoGrades.seconds += time.perf_counter() - began


def warm_imports() -> None:
    """What every submission needs (``WARM_MODULES``), imported once per worker."""
    quiet_process()  # before TensorFlow is imported
    for name in WARM_MODULES:
        importlib.import_module(name)


def _limit_memory(limit: int) -> None:
    """The worker judges in-process: bound what a student's values may cost it (the
    soft limit only, so the processes it starts can set their own)."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class Worker:
    def __init__(self, options: Options):
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        self.options = options
        self.course = Path(options.course).resolve()
        self.run_dir = Path(options.run_dir).resolve()
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        os.chdir(self.course)  # nbgrader and the judge read the course from the cwd
        warm_imports()
        config = course_config(self.course)
        self.course_id = config.CourseDirectory.get("course_id", "default_course")
        self.db_url = gradebook.shared_url(options.db_url or gradebook.default_url(self.course))
        config.CourseDirectory.root = str(self.course)
        config.CourseDirectory.db_url = self.db_url
        config.Autograde.autograde_preprocessors = mode_preprocessors(
            config.Autograde.get("autograde_preprocessors", []), options.mode)
        _limit_memory(GradingLimits(config=config).judge_memory_mb * 2**20)
        config.JudgeTestCells.in_process = True
        config.GradingSeal.warm_start = True
        config.JudgeTestCells.verdict_dir = str(self.run_dir / "verdicts")
        if options.training_cache:
            from autograder import training_cache
            os.environ[training_cache.ENV] = options.training_cache
        coursedir = CourseDirectory(config=config)
        self.api = NbGraderAPI(coursedir=coursedir, config=config)
        self.journal = Journal(self.run_dir, self.db_url, self.course_id)
        self._released: dict[str, dict] = {}  # assignment -> gradebook.released_answers

    def inspect(self, task: Task) -> causes.Inspection:
        """The submitted folder of ``task`` against the notebooks nbgrader will grade."""
        if task.assignment not in self._released:
            self._released[task.assignment] = gradebook.released_answers(
                self.db_url, self.course_id, task.assignment)
        released = self._released[task.assignment]
        coursedir = self.api.coursedir
        folder = coursedir.format_path(coursedir.submitted_directory, task.student,
                                       task.assignment)
        return causes.inspect_submission(Path(folder), sorted(released), released)

    def grade(self, task: Task) -> GradeRecord:
        from autograder.preprocessors import SealedExecute
        inspection = self.inspect(task)
        verdict_file = self.run_dir / "verdicts" / task.assignment / f"{task.student}.json"
        verdict_file.unlink(missing_ok=True)  # written again when judging is reached
        executed, saved = SealedExecute.seconds, TimedSaveAutoGrades.seconds
        began = time.perf_counter()
        # the previous grade is kept until the run commits the new one (transaction.py)
        coursedir = self.api.coursedir
        self.journal.begin(task.assignment, task.student, Path(coursedir.format_path(
            coursedir.autograded_directory, task.student, task.assignment)))
        result, raised = causes.autograde(self.api, task.assignment, task.student)
        seconds = time.perf_counter() - began
        verdict = _saved_verdict(verdict_file)
        scores = gradebook.scores_of(self.db_url, self.course_id, task.assignment, task.student)
        log = result.get("log", "") or ""
        status = GRADED if result.get("success") and scores is not None else "failed"
        cause = None
        if status != GRADED:
            cause = causes.failure_cause(result, inspection, raised)
            # the worker's log keeps what nbgrader said, traceback included
            print(f"grading {task.key} failed: {cause.kind}: {cause.message}\n{log}"
                  f"{result.get('error') or ''}", file=sys.stderr, flush=True)
        timings = dict(verdict.timings)
        timings.update(total=seconds, execute=SealedExecute.seconds - executed,
                       gradebook=TimedSaveAutoGrades.seconds - saved)
        return GradeRecord(
            assignment=task.assignment, student=task.student, digest=task.digest,
            status=status, error=cause.message if cause else "",
            kind=cause.kind if cause else "", mode=self.options.mode, seconds=seconds,
            scores={k: s for k, (s, _) in (scores or {}).items()},
            points={k: m for k, (_, m) in (scores or {}).items()},
            total=sum(s for s, _ in (scores or {}).values()),
            max_total=sum(m for _, m in (scores or {}).values()) if scores else None,
            judge_error=verdict.error, failures=list(verdict.failures),
            cell_errors=dict(verdict.cell_errors), unsealed=verdict.unsealed,
            timed_out=verdict.timed_out,
            missing_notebook=bool(cause and cause.kind in ("no_notebook",
                                                           "wrong_notebook_name")),
            notebooks=inspection.found, extra_notebooks=inspection.extra if cause is None
            else [], execution_stopped=verdict.execution_stopped,
            unanswered=inspection.unanswered, answer_cells=inspection.answer_cells,
            warnings=[line for line in log.splitlines() if line.startswith("[WARNING]")][:20],
            timings=timings,
            worker={"pid": os.getpid(), "host": os.uname().nodename,
                    "rss_mib": memory.peak_rss_mib(),
                    "children_rss_mib": memory.children_peak_kib() / 1024})


def _saved_verdict(path: Path) -> Verdict:
    """The verdict ``JudgeTestCells`` saved for this grading; none when grading stopped
    before judging (the file was removed before it began)."""
    try:
        return Verdict.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return Verdict()


_WARM: dict[Options, Worker] = {}


def grade_here(task: Task, options: Options) -> GradeRecord:
    """Grade ``task`` in this process, with the worker it already warmed (Dask calls this)."""
    if options not in _WARM:
        _WARM[options] = make_worker(options)
    return _WARM[options].grade(task)
