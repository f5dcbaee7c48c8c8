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

import dataclasses
import hashlib
import json
import os
import resource
import sys
import time
from pathlib import Path

from nbgrader.preprocessors import SaveAutoGrades

from autograder.classgrade import gradebook
from autograder.classgrade.tasks import GRADED, Task
from autograder.harness.quiet import quiet_process
from autograder.course import ROOT
MODES = ("full", "fast")
EXECUTE_STEPS = ("autograder.preprocessors.SealedExecute", "nbgrader.preprocessors.Execute")
START_JUDGE = "autograder.preprocessors.StartJudge"
SAVE_GRADES = "nbgrader.preprocessors.SaveAutoGrades"
TIMED_SAVE = "autograder.classgrade.worker.TimedSaveAutoGrades"


@dataclasses.dataclass(frozen=True)
class Options:
    """Everything a worker needs; plain data, so it crosses to Dask workers too."""
    course: str
    mode: str = "fast"
    db_url: str = ""
    run_dir: str = ""
    worker: str = "autograder.classgrade.worker:Worker"  # "module:class"; tests swap it


def make_worker(options: Options):
    import importlib
    module, _, name = options.worker.partition(":")
    return getattr(importlib.import_module(module), name)(options)


class TimedSaveAutoGrades(SaveAutoGrades):
    """nbgrader's SaveAutoGrades, timed for the cost breakdown."""

    seconds = 0.0

    def preprocess(self, nb, resources):
        began = time.perf_counter()
        try:
            return super().preprocess(nb, resources)
        finally:
            TimedSaveAutoGrades.seconds += time.perf_counter() - began


def _name(step) -> str:
    return step if isinstance(step, str) else f"{step.__module__}.{step.__name__}"


def mode_preprocessors(configured, mode: str) -> list[str]:
    """The course's autograde preprocessors, adapted to ``mode``."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    steps = []
    for step in map(_name, configured):
        if step in EXECUTE_STEPS:
            if mode == "fast":
                continue
            steps.append(START_JUDGE)
        steps.append(TIMED_SAVE if step == SAVE_GRADES else step)
    return steps


def suites_version() -> str:
    """A digest of every check file and helper: cached training verdicts are only
    reused while the suites that produced them are unchanged."""
    digest = hashlib.sha256()
    for folder in (ROOT / "autograder" / "suites", ROOT / "source"):
        for path in sorted(folder.rglob("*.py")):
            if "_harness" not in path.parts and "__pycache__" not in path.parts:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def course_config(course: Path):
    from traitlets.config.loader import PyFileConfigLoader
    path = course / "nbgrader_config.py"
    if not path.exists():
        raise FileNotFoundError(f"{course} has no nbgrader_config.py: is it a course folder?")
    return PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()


def warm_imports() -> None:
    """What every submission needs, imported once per worker."""
    quiet_process()
    import keras  # noqa: F401
    import nbclient  # noqa: F401
    import numpy  # noqa: F401
    import pytest  # noqa: F401
    import tensorflow  # noqa: F401

    import autograder.judge  # noqa: F401
    from autograder.harness import runner, student  # noqa: F401


def _limit_memory(megabytes: int) -> None:
    """The worker judges in-process: bound what a student's values may cost it (the
    soft limit only, so the processes it starts can set their own)."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = int(megabytes) * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class Worker:
    def __init__(self, options: Options):
        from nbgrader.api import Gradebook  # noqa: F401 - part of the warm-up
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
        _limit_memory(config.JudgeTestCells.get("judge_memory_mb", 8192))
        config.JudgeTestCells.in_process = True
        config.JudgeTestCells.warm_start = True
        config.JudgeTestCells.verdict_dir = str(self.run_dir / "verdicts")
        from autograder import training_cache
        os.environ[training_cache.ENV] = str(self.run_dir / "training-cache" / suites_version())
        coursedir = CourseDirectory(config=config)
        self.api = NbGraderAPI(coursedir=coursedir, config=config)

    def grade(self, task: Task) -> dict:
        from autograder.preprocessors import SealedExecute
        verdict_path = self.run_dir / "verdicts" / task.assignment / f"{task.student}.json"
        verdict_path.unlink(missing_ok=True)
        executed, saved = SealedExecute.seconds, TimedSaveAutoGrades.seconds
        began = time.perf_counter()
        result = self.api.autograde(task.assignment, task.student, force=True, create=False)
        seconds = time.perf_counter() - began
        try:
            verdict = json.loads(verdict_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            verdict = {}
        scores = gradebook.scores_of(self.db_url, self.course_id, task.assignment, task.student)
        log = result.get("log", "") or ""
        status = GRADED if result.get("success") and scores is not None else "failed"
        error = ""
        if status != GRADED:
            error = (result.get("error") or "").strip().splitlines()[-1:] or ["no grades written"]
            error = error[0]
        timings = dict(verdict.get("timings", {}))
        timings.update(total=seconds, execute=SealedExecute.seconds - executed,
                       gradebook=TimedSaveAutoGrades.seconds - saved)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "assignment": task.assignment, "student": task.student, "digest": task.digest,
            "status": status, "error": error, "mode": self.options.mode, "seconds": seconds,
            "scores": {k: s for k, (s, _) in (scores or {}).items()},
            "points": {k: m for k, (_, m) in (scores or {}).items()},
            "total": sum(s for s, _ in (scores or {}).values()),
            "max_total": sum(m for _, m in (scores or {}).values()) if scores else None,
            "judge_error": verdict.get("error", ""),
            "failures": verdict.get("failures", []),
            "cell_errors": verdict.get("cell_errors", {}),
            "unsealed": bool(verdict.get("unsealed")),
            "timed_out": bool(verdict.get("timed_out")),
            "missing_notebook": any(s in f"{log}{error}" for s in (
                "No submitted file", "No notebooks found", "No notebooks were matched")),
            "warnings": [line for line in log.splitlines() if line.startswith("[WARNING]")][:20],
            "timings": timings,
            "worker": {"pid": os.getpid(), "host": os.uname().nodename,
                       "rss_mib": usage.ru_maxrss / 1024,
                       "children_rss_mib": children.ru_maxrss / 1024},
        }


_WARM: dict[Options, Worker] = {}


def grade_here(task: Task, options: Options) -> dict:
    """Grade ``task`` in this process, with the worker it already warmed (Dask calls this)."""
    if options not in _WARM:
        _WARM[options] = make_worker(options)
    return _WARM[options].grade(task)
