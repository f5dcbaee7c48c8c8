"""``python -m autograder.classgrade``: grade a class, write its report.

Run from the course folder (where ``nbgrader_config.py`` is)::

    python -m autograder.classgrade grade                 # every assignment, full mode
    python -m autograder.classgrade grade rnn_fundamentals --mode fast --workers 4
    python -m autograder.classgrade grade --force         # grade everyone again
    python -m autograder.classgrade grade --engine dask --scheduler tcp://host:8786 \\
        --db-url postgresql://grader@dbhost/course
    python -m autograder.classgrade report                # the class report again
    python -m autograder.classgrade copy-gradebook postgresql://grader@dbhost/course

Student problems (crashes, timeouts, missing notebooks) never stop a run: they are
recorded and listed in the report. Interrupting a run loses nothing; the next run
goes on with the submissions not yet graded.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

from autograder.classgrade import gradebook
from autograder.classgrade.tasks import GRADED, Records, discover
from autograder.classgrade.worker import MODES, Options, course_config

RUN_DIR = "class_grading"


@dataclasses.dataclass
class RunSummary:
    graded: list[dict]       # records of this run, in completion order
    skipped: int             # already graded, not forced
    wall_seconds: float
    run_dir: Path
    report: Path | None = None

    @property
    def problems(self) -> list[dict]:
        return [r for r in self.graded if r["status"] != GRADED]


def course_assignments(course: Path) -> tuple[list[str], str, str]:
    """The assignments, course id and gradebook URL the course config declares."""
    config = course_config(course)
    names = [a["name"] for a in config.CourseDirectory.get("db_assignments", [])]
    course_id = config.CourseDirectory.get("course_id", "default_course")
    url = config.CourseDirectory.get("db_url", "") or gradebook.default_url(course)
    return names, course_id, url


def grade_class(course: Path, assignments: list[str] | None = None, mode: str = "full",
                workers: int | None = None, force: bool = False,
                students: list[str] | None = None, engine: str = "local",
                scheduler: str | None = None, db_url: str = "", task_timeout: float = 3600,
                run_dir: Path | None = None, progress: bool = True,
                report: bool = True) -> RunSummary:
    """Autograde every submission of ``assignments``; returns this run's records."""
    course = Path(course).resolve()
    declared, course_id, configured_url = course_assignments(course)
    assignments = assignments or declared
    unknown = sorted(set(assignments) - set(declared))
    if unknown:
        raise SystemExit(f"unknown assignment(s) {', '.join(unknown)}; the course has "
                         f"{', '.join(declared)}")
    if mode not in MODES:
        raise SystemExit(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    _refuse_unless_sealed(course)
    url = gradebook.shared_url(db_url or configured_url)
    run_dir = Path(run_dir or course / RUN_DIR).resolve()
    records = Records(run_dir)
    tasks = discover(course, assignments, students)
    if not force:
        done = {a: gradebook.graded_students(url, course_id, a) for a in assignments}
        todo = [t for t in tasks if not records.is_done(t, done[t.assignment])]
    else:
        todo = tasks
    skipped = len(tasks) - len(todo)
    gradebook.ensure_students(url, course_id, [t.student for t in todo])
    options = Options(str(course), mode, url, str(run_dir))
    workers = max(1, workers or os.cpu_count() or 1)
    began = time.perf_counter()
    print(f"grading {len(todo)} submission(s) of {', '.join(assignments)} in {mode} mode on "
          f"{workers} {engine} worker(s); {skipped} already graded"
          f"{' (use --force to grade them again)' if skipped else ''}", file=sys.stderr)
    if engine == "dask":
        from autograder.classgrade.dask_engine import run_dask
        stream = run_dask(todo, options, workers, scheduler)
    elif engine == "local":
        from autograder.classgrade.local import run_local
        stream = run_local(todo, options, workers, task_timeout, run_dir / "logs")
    else:
        raise SystemExit(f"unknown engine {engine!r}: use local or dask")
    graded = []
    bar = _progress(len(todo), progress)
    try:
        for record in stream:
            records.save(record)
            graded.append(record)
            bar.update(1)
            problems = sum(r["status"] != GRADED for r in graded)
            bar.set_postfix_str(f"last {record['student']}/{record['assignment']}"
                                + (f", {problems} need attention" if problems else ""))
    finally:
        bar.close()
    wall = time.perf_counter() - began
    _log_run(run_dir, {"mode": mode, "engine": engine, "workers": workers,
                       "assignments": assignments, "graded": len(graded), "skipped": skipped,
                       "wall_seconds": wall, "gradebook": gradebook.display_url(url)})
    summary = RunSummary(graded, skipped, wall, run_dir)
    if report:
        from autograder.classgrade.report import write_report
        summary.report = write_report(run_dir, assignments)
    return summary


def _refuse_unless_sealed(course: Path) -> None:
    """Fail closed before any worker starts (see ``autograder/seal/settings.py``)."""
    from autograder.seal.settings import GradingSeal
    from autograder.seal.isolation import SealUnavailable
    try:
        GradingSeal(config=course_config(course)).bubblewrap()
    except SealUnavailable as exc:
        raise SystemExit(str(exc)) from None


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


def _print_summary(summary: RunSummary) -> None:
    by_assignment: dict[str, list[dict]] = {}
    for record in summary.graded:
        by_assignment.setdefault(record["assignment"], []).append(record)
    for assignment, recs in sorted(by_assignment.items()):
        ok = [r for r in recs if r["status"] == GRADED]
        mean = sum(r["total"] for r in ok) / len(ok) if ok else 0.0
        top = max((r["max_total"] or 0 for r in ok), default=0)
        print(f"{assignment:26s} {len(ok):4d} graded, mean {mean:6.2f}/{top:g}, "
              f"{len(recs) - len(ok)} need attention")
    for r in summary.problems:
        print(f"  ! {r['student']}/{r['assignment']}: {r['status']} - {r['error']}")
    n = len(summary.graded)
    print(f"{n} submission(s) in {summary.wall_seconds:.0f} s"
          + (f" ({summary.wall_seconds / n:.1f} s each)" if n else "")
          + f"; {summary.skipped} skipped as already graded")
    if summary.report:
        print(f"class report: {summary.report}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.classgrade",
                                     description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="autograde every submission (resumable)")
    g.add_argument("assignments", nargs="*", help="default: every assignment of the course")
    g.add_argument("--course", default=".", help="the course folder (default: here)")
    g.add_argument("--mode", choices=MODES, default="full",
                   help="full: re-execute notebooks, as nbgrader does (default); "
                        "fast: only the answer cells and the suites, same scores")
    g.add_argument("--workers", type=int, default=None, help="default: one per core")
    g.add_argument("--force", action="store_true", help="grade already graded ones again")
    g.add_argument("--student", action="append", dest="students", help="only these students")
    g.add_argument("--engine", choices=("local", "dask"), default="local")
    g.add_argument("--scheduler", help="a running Dask scheduler's address (engine dask)")
    g.add_argument("--db-url", default="", help="gradebook URL (default: the course's)")
    g.add_argument("--task-timeout", type=float, default=3600,
                   help="seconds before a submission's worker is stopped (local engine)")
    g.add_argument("--no-progress", action="store_true")
    r = sub.add_parser("report", help="write the class report from the last runs' records")
    r.add_argument("assignments", nargs="*")
    r.add_argument("--course", default=".")
    c = sub.add_parser("copy-gradebook", help="copy the course gradebook into an empty one "
                       "(e.g. PostgreSQL), to grade with --db-url")
    c.add_argument("target_url")
    c.add_argument("--course", default=".")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except FileNotFoundError as exc:  # not a course folder
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args) -> int:
    course = Path(args.course).resolve()
    if args.command == "grade":
        from autograder.classgrade.local import WorkerStartError
        try:
            summary = grade_class(course, args.assignments, args.mode, args.workers,
                                  args.force, args.students, args.engine, args.scheduler,
                                  args.db_url, args.task_timeout,
                                  progress=not args.no_progress)
        except WorkerStartError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        _print_summary(summary)
        return 0
    if args.command == "report":
        from autograder.classgrade.report import write_report
        declared, _, _ = course_assignments(course)
        print(write_report(course / RUN_DIR, args.assignments or declared))
        return 0
    _, _, url = course_assignments(course)
    rows = gradebook.copy_gradebook(url, args.target_url)
    print(f"copied {rows} rows from {gradebook.display_url(url)} to "
          f"{gradebook.display_url(args.target_url)}")
    return 0
