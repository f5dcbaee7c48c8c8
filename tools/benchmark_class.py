"""How fast a whole class is graded: the class-grading command against plain nbgrader.

``python -m tools.benchmark_class [--students 20] [--subset 4] [--workers N]``

Builds a synthetic class in scratch courses (per assignment and student: the
reference solution, the untouched release, or a mutant group of the corpus, in the
ratio 1:1:3; every student submits all four assignments) and grades it:

* ``fast`` mode on the whole class with ``--workers`` workers: the headline figure,
  extrapolated to 200 students x 4 assignments;
* on the first ``--subset`` students: plain sequential ``nbgrader autograde`` (the
  baseline), the same with the judge switched off (the floor: executing each notebook
  once), and both modes on one worker pinned to one core, on one worker, and on
  ``--workers`` workers. Parallel efficiency is the textbook one: time on one core /
  (cores x time on all of them). One unpinned worker already uses more than one core
  in full mode (judging runs alongside the notebook's execution), so its ratio to
  ``--workers`` workers is printed as well.

It prints seconds per notebook per mode, wall times, speed-ups over the baseline,
parallel efficiency, peak memory per worker, and the cost breakdown from the
per-submission records (sandbox start, suites, Keras training, gradebook writes).
Nothing here asserts a time: the tests check behaviour, this script reports speed.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path

from autograder.classgrade.cli import grade_class
from tests.mutants import pack
from tools import grading, release, submissions

TARGET_STUDENTS = 200


def synthetic_class(students: int) -> dict[str, dict[str, dict]]:
    """assignment -> student -> notebook, mixing reference, blank and mutants 1:1:3."""
    out = {}
    for assignment in release.available():
        correct = submissions.correct(assignment)
        blank = submissions.released_notebook(assignment)
        groups = pack(assignment)
        singles = [[m] for g in groups for m in g]
        variants = groups + singles
        out[assignment] = {}
        for i in range(students):
            kind = i % 5
            if kind == 0:
                nb = correct
            elif kind == 1:
                nb = blank
            else:
                nb = submissions.mutate(correct, variants[(i * 3 + kind) % len(variants)])
            out[assignment][f"s{i:03d}"] = nb
    return out


def build_course(path: Path, klass: dict, students: list[str], judge: bool = True) -> Path:
    course = grading.make_course(path)
    if not judge:  # the floor: nbgrader with the hidden-suite step switched off
        with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
            fh.write("\nc.Autograde.autograde_preprocessors = [p for p in "
                     "c.Autograde.autograde_preprocessors if 'JudgeTestCells' not in p]\n")
    for assignment, by_student in klass.items():
        for student in students:
            grading.submit(course, assignment, student, by_student[student])
    return course


def plain_nbgrader(course: Path) -> float:
    began = time.perf_counter()
    for assignment in release.available():
        grading.autograde(course, assignment)
    return time.perf_counter() - began


def classgrade(course: Path, mode: str, workers: int) -> tuple[float, list[dict]]:
    summary = grade_class(course, mode=mode, workers=workers, progress=False, report=False)
    problems = summary.problems
    if problems:
        print(f"  ({len(problems)} submission(s) not graded: "
              f"{', '.join(r['student'] + '/' + r['assignment'] for r in problems[:5])})")
    return summary.wall_seconds, summary.graded


@contextlib.contextmanager
def one_core():
    """Everything started inside (workers, kernels, sandboxes) runs on one core."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def breakdown(records: list[dict]) -> dict[str, float]:
    """Mean seconds per notebook spent in each part of grading."""
    parts = {"sandbox start": [], "suites": [], "Keras training": [], "gradebook writes": [],
             "notebook execution": [], "judge (all)": [], "total": []}
    for r in records:
        t = r.get("timings") or {}
        if "judge" not in t:
            continue
        parts["sandbox start"].append(t["sandbox_start"])
        parts["Keras training"].append(t["training"])
        parts["suites"].append(t["judge"] - t["sandbox_start"] - t["training"])
        parts["gradebook writes"].append(t["gradebook"])
        parts["notebook execution"].append(t["execute"])
        parts["judge (all)"].append(t["judge"])
        parts["total"].append(t["total"])
    return {k: statistics.mean(v) if v else 0.0 for k, v in parts.items()}


def peak_mib(records: list[dict]) -> tuple[float, float]:
    own = max((r.get("worker", {}).get("rss_mib", 0) for r in records), default=0)
    children = max((r.get("worker", {}).get("children_rss_mib", 0) for r in records), default=0)
    return own, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20, help="class size for fast mode")
    parser.add_argument("--subset", type=int, default=4,
                        help="students for the baseline, floor and one-worker runs")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip", default="", help="comma-separated runs to leave out: "
                        "baseline, floor, fast, full, onecore, oneworker, class")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    names = release.available()
    klass = synthetic_class(max(args.students, args.subset))
    everyone = sorted(klass[names[0]])[:args.students]
    subset = everyone[:args.subset]
    W = args.workers
    rows = []  # (label, notebooks, wall seconds, records)
    with tempfile.TemporaryDirectory(prefix="bench-class-") as tmp:
        tmp = Path(tmp)

        def run(label, students, fn, **kw):
            course = build_course(tmp / label.replace(" ", "_"), klass, students, **kw)
            print(f"running: {label} ({len(students) * len(names)} notebooks)...", flush=True)
            wall, records = fn(course)
            rows.append((label, len(students) * len(names), wall, records))
            return wall, records

        if "baseline" not in skip:
            run("plain nbgrader, sequential", subset, lambda c: (plain_nbgrader(c), []))
        if "floor" not in skip:
            run("plain nbgrader, no judge (floor)", subset,
                lambda c: (plain_nbgrader(c), []), judge=False)
        for mode in ("fast", "full"):
            if mode in skip:
                continue
            if "onecore" not in skip:
                with one_core():
                    run(f"{mode}, 1 worker, 1 core", subset,
                        lambda c, m=mode: classgrade(c, m, 1))
            if "oneworker" not in skip:
                run(f"{mode}, 1 worker", subset, lambda c, m=mode: classgrade(c, m, 1))
            run(f"{mode}, {W} workers", subset, lambda c, m=mode: classgrade(c, m, W))
        if "class" not in skip:
            run(f"fast, {W} workers, whole class", everyone, lambda c: classgrade(c, "fast", W))

    by_label = {label: (n, wall, recs) for label, n, wall, recs in rows}
    print(f"\nsynthetic class: {len(everyone)} students x {len(names)} assignments; "
          f"subset {len(subset)} students; {W} worker(s) on {os.cpu_count()} cores\n")
    print(f"{'run':40s} {'notebooks':>9s} {'wall s':>8s} {'s/notebook':>10s}")
    for label, n, wall, _ in rows:
        print(f"{label:40s} {n:9d} {wall:8.0f} {wall / n:10.1f}")
    base = by_label.get("plain nbgrader, sequential")
    floor = by_label.get("plain nbgrader, no judge (floor)")
    print()
    for mode in ("fast", "full"):
        core = by_label.get(f"{mode}, 1 worker, 1 core")
        one, many = by_label.get(f"{mode}, 1 worker"), by_label.get(f"{mode}, {W} workers")
        if not many:
            continue
        parts = []
        if core:
            parts.append(f"parallel efficiency on {W} cores {core[1] / (W * many[1]):.0%}")
        if one:
            parts.append(f"1 worker / {W} workers: {one[1] / (W * many[1]):.0%}")
        if base:
            parts.append(f"speed-up over sequential nbgrader {base[1] / many[1]:.1f}x")
        if floor and one and mode == "full":
            parts.append(f"per notebook {one[1] / floor[1]:.2f}x the floor (1 worker)")
        print(f"{mode:5s}: " + "; ".join(parts))
    whole = by_label.get(f"fast, {W} workers, whole class")
    if whole:
        per_nb = whole[1] / whole[0]
        print(f"fast, whole class: {per_nb:.1f} s per notebook on {W} workers -> "
              f"{TARGET_STUDENTS} students x {len(names)} assignments in "
              f"{per_nb * TARGET_STUDENTS * len(names) / 3600:.2f} h")
        if base:
            print(f"  speed-up over sequential nbgrader: {base[1] / base[0] / per_nb:.1f}x")
    print("\ncost breakdown, mean seconds per notebook (from the records):")
    labelled = [(label, recs) for label, _, _, recs in rows if recs]
    parts = {label: breakdown(recs) for label, recs in labelled}
    keys = list(next(iter(parts.values()))) if parts else []
    print(f"{'':22s}" + "".join(f"{label[:24]:>26s}" for label, _ in labelled))
    for k in keys:
        print(f"{k:22s}" + "".join(f"{parts[label][k]:26.2f}" for label, _ in labelled))
    print("\npeak memory per worker (MiB): worker process / largest child (kernel, sandbox)")
    for label, recs in labelled:
        own, children = peak_mib(recs)
        print(f"  {label:40s} {own:7.0f} / {children:7.0f}")


if __name__ == "__main__":
    main()
