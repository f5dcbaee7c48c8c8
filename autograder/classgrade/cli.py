"""``python -m autograder.classgrade``: grade a class, write its report.

Run from the course folder (where ``nbgrader_config.py`` is)::

    python -m autograder.classgrade grade                 # every assignment, full mode
    python -m autograder.classgrade grade rnn_fundamentals --mode fast --workers 4
    python -m autograder.classgrade grade --force         # grade everyone again
    python -m autograder.classgrade grade --engine dask --scheduler tcp://host:8786 \\
        --db-url postgresql://grader@dbhost/course
    python -m autograder.classgrade report                # the class report again
    python -m autograder.classgrade similarity            # students whose answers are alike
    python -m autograder.classgrade copy-gradebook postgresql://grader@dbhost/course
    python -m autograder.classgrade collect rnn_fundamentals ~/handins/rnn_fundamentals

Student problems (crashes, timeouts, missing notebooks) never stop a run: they are
recorded and listed in the report. Interrupting a run (Ctrl-C, ``kill``) loses nothing:
a submission being graded keeps its previous grade (``transaction.py``), the run ends
with one line saying so (exit code 130), and the next run grades what is left, forced
or not; after ``kill -9`` the next run puts back what was being graded first.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.classgrade import gradebook
from autograder.classgrade.options import TASK_TIMEOUT
from autograder.classgrade.pipeline import MODES, course_assignments
from autograder.classgrade.run import RUN_DIR, ClassGradingError, GradingInterrupted, \
    RunSummary, grade_class

CONSOLE_ATTENTION = 30  # submissions needing attention listed on the console; all in the report


def _print_list(heading: str, lines: list[str]) -> None:
    """``heading`` and the first ``CONSOLE_ATTENTION`` lines (the report has them all)."""
    if lines:
        print(heading)
    for line in lines[:CONSOLE_ATTENTION]:
        print(f"  {line}")
    if len(lines) > CONSOLE_ATTENTION:
        print(f"  ... and {len(lines) - CONSOLE_ATTENTION} more (see the report)")


def _print_summary(summary: RunSummary) -> None:
    """The class as the report shows it (``report.class_state``), then this run."""
    from autograder.classgrade.report import assignment_line, late_note
    state = summary.state
    for assignment, s in state["assignments"].items():
        print(assignment_line(assignment, s, state["class_size"]))
    attention = state["attention"]
    _print_list(f"{len(attention)} submission(s) need attention:",
                [f"! {a['student']}/{a['assignment']}: {'; '.join(a['reasons'])}"
                 for a in attention])
    late = state.get("late", [])
    _print_list(f"{len(late)} late submission(s), nbgrader's penalty taken off the totals:",
                [f"{x['student']}/{x['assignment']}: {x['total']:.2f} ({late_note(x)})"
                 for x in late])
    n = len(summary.graded)
    print(f"this run: {n} submission(s) in {summary.wall_seconds:.0f} s"
          + (f" ({summary.wall_seconds / n:.1f} s each)" if n else "")
          + (f", {len(summary.problems)} failed" if summary.problems else "")
          + f"; {summary.skipped} skipped as already graded")
    if summary.report:
        print(f"class report: {summary.report}")


def _collect(course: Path, args) -> int:
    from autograder.classgrade.collect import CollectError, collect, parse_timestamp
    try:
        when = parse_timestamp(args.time) if args.time else None
        collected = collect(course, args.assignment, Path(args.handins), when)
    except CollectError as exc:
        raise ClassGradingError(str(exc)) from None
    for item in collected:
        print(item.console_line())
    kept = sum(item.status == "kept" for item in collected)
    print(f"{len(collected) - kept} hand-in(s) of {args.assignment} collected into submitted/"
          + (f"; {kept} kept, the copy already collected being as new" if kept else ""))
    return 0


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
    g.add_argument("--task-timeout", type=float, default=TASK_TIMEOUT,
                   help="seconds before a submission's worker is stopped (local engine); "
                        "on Dask, seconds without a finished submission before the run "
                        "gives up on the unfinished ones")
    g.add_argument("--no-progress", action="store_true")
    r = sub.add_parser("report", help="write the class report from the last runs' records")
    r.add_argument("assignments", nargs="*")
    r.add_argument("--course", default=".")
    s = sub.add_parser("similarity", help="pairs of students whose answers are more alike "
                       "than independent work explains (one line per flagged pair)")
    s.add_argument("assignments", nargs="*")
    s.add_argument("--course", default=".")
    c = sub.add_parser("copy-gradebook", help="copy the course gradebook into an empty one "
                       "(e.g. PostgreSQL), to grade with --db-url")
    c.add_argument("target_url")
    c.add_argument("--course", default=".")
    k = sub.add_parser("collect", help="copy hand-ins received without an nbgrader exchange "
                       "into submitted/, with their submission time (timestamp.txt)")
    k.add_argument("assignment")
    k.add_argument("handins", help="a folder holding <student>/ (the student's files) or "
                   "<student>.ipynb for each student")
    k.add_argument("--time", help="the submission time of every hand-in, e.g. "
                   "'2026-12-10 18:00 Europe/Berlin' (default: each hand-in's newest file time)")
    k.add_argument("--course", default=".")
    args = parser.parse_args(argv)
    from autograder.seal.isolation import SealUnavailable
    try:
        return _run(args)
    except FileNotFoundError as exc:  # not a course folder
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (ClassGradingError, SealUnavailable) as exc:
        raise SystemExit(str(exc)) from None
    except GradingInterrupted as exc:  # one line, no traceback (Ctrl-C's exit code)
        print(exc, file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("interrupted while no submission was being graded", file=sys.stderr)
        return 130


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
        print(write_report(course / RUN_DIR, args.assignments or declared, course))
        return 0
    if args.command == "similarity":
        from autograder.classgrade.similarity import compare_course
        declared, _, _ = course_assignments(course)
        results = compare_course(course, args.assignments or declared)
        for pair in (p for r in results for p in r.flagged):
            print(pair.console_line())
        print(f"{sum(len(r.flagged) for r in results)} flagged pair(s)", file=sys.stderr)
        return 0
    if args.command == "collect":
        return _collect(course, args)
    _, _, url = course_assignments(course)
    rows = gradebook.copy_gradebook(url, args.target_url)
    print(f"copied {rows} rows from {gradebook.display_url(url)} to "
          f"{gradebook.display_url(args.target_url)}")
    return 0
