"""A class-grading run: every submission of a course, graded by warm workers.

:func:`grade_class` is the engine the command (:mod:`cli`), the main job and the tests
call. It raises :class:`ClassGradingError` for a request it cannot carry out and
``SealUnavailable`` where student code cannot be sealed; student problems (crashes,
timeouts, missing notebooks) never stop a run, they are recorded.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import time
import uuid
from pathlib import Path

from autograder.classgrade import gradebook
from autograder.classgrade.options import TASK_TIMEOUT, Options
from autograder.classgrade.pipeline import MODES, course_assignments, course_config
from autograder.classgrade.record import GRADED, Records
from autograder.classgrade.tasks import Forced, discover
from autograder.classgrade.transaction import Journal, outcome


class ClassGradingError(ValueError):
    """The run was asked for something the course does not have."""


class GradingInterrupted(Exception):
    """Ctrl-C stopped the run; the message says what it left as it was (one line)."""


RUN_DIR = "class_grading"


@dataclasses.dataclass
class RunSummary:
    graded: list[dict]       # records of this run (GradeRecord.to_json), in completion order
    skipped: int             # already graded, not forced
    wall_seconds: float
    run_dir: Path
    report: Path | None = None
    state: dict | None = None  # the whole class after this run (report.class_state)

    @property
    def problems(self) -> list[dict]:
        return [r for r in self.graded if r["status"] != GRADED]


def grade_class(course: Path, assignments: list[str] | None = None, mode: str = "full",
                workers: int | None = None, force: bool = False,
                students: list[str] | None = None, engine: str = "local",
                scheduler: str | None = None, db_url: str = "",
                task_timeout: float = TASK_TIMEOUT,
                run_dir: Path | None = None, progress: bool = True,
                report: bool = True, training_cache: Path | None = None) -> RunSummary:
    """Autograde every submission of ``assignments``; returns this run's records.

    ``training_cache``: a folder of training results to share with other runs, kept
    (the tests' two class-grading batches); by default the run's own, removed at its end.
    """
    course = Path(course).resolve()
    declared, course_id, configured_url = course_assignments(course)
    assignments = assignments or declared
    unknown = sorted(set(assignments) - set(declared))
    if unknown:
        raise ClassGradingError(f"unknown assignment(s) {', '.join(unknown)}; the course "
                                f"has {', '.join(declared)}")
    if mode not in MODES:
        raise ClassGradingError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    _refuse_unless_sealed(course)
    url = gradebook.shared_url(db_url or configured_url)
    run_dir = Path(run_dir or course / RUN_DIR).resolve()
    records = Records(run_dir)
    tasks = discover(course, assignments, students)
    _refuse_unknown_students(course, assignments, students or [], tasks)
    # what a killed run was grading goes back to its previous grade, and is graded again
    journal = Journal(run_dir, url, course_id)
    for assignment, student in journal.in_flight(assignments, students):
        journal.rollback(assignment, student)
    forced = Forced(run_dir)
    if not force:
        done = {a: gradebook.graded_students(url, course_id, a) for a in assignments}
        pending = forced.load()
        todo = [t for t in tasks if t.key in pending
                or not records.is_done(t, done[t.assignment])]
    else:
        todo = tasks
        forced.add(todo)
    skipped = len(tasks) - len(todo)
    gradebook.ensure_students(url, course_id, [t.student for t in todo])
    # training results are shared by this run's workers only, then thrown away
    cache = Path(training_cache or run_dir / "training-cache" / f"run-{uuid.uuid4().hex[:12]}")
    options = Options(str(course), mode, url, str(run_dir), training_cache=str(cache))
    workers = max(1, workers or os.cpu_count() or 1)
    began = time.perf_counter()
    print(f"grading {len(todo)} submission(s) of {', '.join(assignments)} in {mode} mode on "
          f"{workers} {engine} worker(s); {skipped} already graded"
          f"{' (use --force to grade them again)' if skipped else ''}", file=sys.stderr)
    if engine == "dask":
        from autograder.classgrade.dask_engine import run_dask
        stream = run_dask(todo, options, workers, scheduler, task_timeout)
    elif engine == "local":
        from autograder.classgrade.local import run_local
        stream = run_local(todo, options, workers, task_timeout, run_dir / "logs")
    else:
        raise ClassGradingError(f"unknown engine {engine!r}: use local or dask")
    graded = []
    bar = _progress(len(todo), progress)
    try:
        for record in stream:
            # the record is written last when a new grade stands; any other outcome
            # leaves the previous grade as it was and records why
            if record.status == GRADED:
                records.save(record)
                journal.commit(record.assignment, record.student)
            else:
                journal.rollback(record.assignment, record.student)
                records.save(record)
            forced.discard(f"{record.assignment}/{record.student}")
            graded.append(record.to_json())
            bar.update(1)
            problems = sum(r["status"] != GRADED for r in graded)
            bar.set_postfix_str(f"last {record.student}/{record.assignment}"
                                + (f", {problems} need attention" if problems else ""))
    except KeyboardInterrupt:
        bar.close()
        raise _interrupted(stream, journal, len(graded), len(todo), assignments, students,
                           remote=engine == "dask" and bool(scheduler)) from None
    finally:
        bar.close()
        if training_cache is None:
            shutil.rmtree(cache, ignore_errors=True)
    wall = time.perf_counter() - began
    _log_run(run_dir, {"mode": mode, "engine": engine, "workers": workers,
                       "assignments": assignments, "graded": len(graded), "skipped": skipped,
                       "wall_seconds": wall, "gradebook": gradebook.display_url(url),
                       "training_cache": str(cache)})
    # the whole class, whatever this run was limited to: its report and console agree
    from autograder.classgrade.report import class_state, write_report
    summary = RunSummary(graded, skipped, wall, run_dir,
                         state=class_state(run_dir, declared, course))
    if report:
        summary.report = write_report(run_dir, declared, course)
    return summary


def _interrupted(stream, journal: Journal, done: int, total: int, assignments: list[str],
                 students: list[str] | None, remote: bool) -> GradingInterrupted:
    """Stop the workers, put back what they were grading, and say so in one line."""
    import signal
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits
    try:
        stream.close()  # the engine stops its workers (a local Dask cluster too)
        flight = journal.in_flight(assignments, students)
        kept = []
        for assignment, student in flight:
            if remote:  # its task may still run on the cluster: the next run undoes it
                continue
            kept.append(outcome(assignment, student, journal.rollback(assignment, student)))
    finally:
        signal.signal(signal.SIGINT, previous)
    if remote and flight:
        what = (f"{', '.join(f'{s} ({a})' for a, s in flight)} "
                f"{'was' if len(flight) == 1 else 'were'} being graded on the cluster; "
                "the next run puts back their previous grades and grades them again")
    elif kept:
        what = "; ".join(kept)
    else:
        what = "nothing was being graded"
    return GradingInterrupted(f"interrupted: {done} of {total} graded; {what}; "
                              "run again to finish")


def _refuse_unknown_students(course: Path, assignments: list[str], students: list[str],
                             tasks: list) -> None:
    """A ``--student`` who submitted none of ``assignments`` is a typo or a wrong
    assignment, not a run of nothing: raise ``ClassGradingError`` naming who did."""
    found = {t.student for t in tasks}
    absent = [s for s in dict.fromkeys(students) if s not in found]
    if not absent:
        return
    submitted = course / "submitted"
    everyone = sorted(p.name for p in submitted.iterdir() if p.is_dir()) \
        if submitted.is_dir() else []
    of = {a: sorted(p.parent.name for p in submitted.glob(f"*/{a}") if p.is_dir())
          for a in assignments} if submitted.is_dir() else {}
    unknown = [s for s in absent if s not in everyone]
    lines = []
    if unknown:
        lines.append(f"no student {', '.join(unknown)} in {submitted}: it has "
                     + (_listing(everyone) if everyone else "no students"))
    for student in (s for s in absent if s in everyone):
        lines.append(f"{student} submitted none of {', '.join(assignments)}")
    for assignment, who in of.items():
        lines.append(f"  {assignment}: " + (_listing(who) if who else "no submissions"))
    raise ClassGradingError("\n".join(lines))


def _listing(names: list[str], most: int = 30) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _refuse_unless_sealed(course: Path) -> None:
    """Fail closed before any worker starts (see ``autograder/seal/settings.py``):
    raises ``SealUnavailable``, saying why and how to enable the seal."""
    from autograder.seal.settings import GradingSeal
    GradingSeal(config=course_config(course)).bubblewrap()


def _progress(total: int, enabled: bool):
    from tqdm import tqdm
    return tqdm(total=total, unit="nb", desc="grading", file=sys.stderr, disable=not enabled,
                dynamic_ncols=True, smoothing=0.1,
                bar_format="{desc} {n_fmt}/{total_fmt} |{bar}| {elapsed}<{remaining} "
                           "{rate_fmt} {postfix}")


def _log_run(run_dir: Path, entry: dict) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    entry["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    with open(run_dir / "runs.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")
