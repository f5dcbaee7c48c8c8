"""How fast a whole class is graded: the class-grading command against plain nbgrader.

``python -m tools.benchmark_class [--students 40] [--subset 4] [--workers N]``

Builds an honest class in scratch courses: every student submits all four
assignments, and no two students need hand in the same notebook.

* correct answers come in the styles real students write (``authoring/styles``: loops or
  vectorised, their own helpers, Sequential or functional Keras), mixed per question
  and per student, so the training cache meets architectures that differ in form;
* the class mixes, per assignment: 35% entirely correct, 35% with one or two of the
  corpus's mistakes (``authoring/mutants``), 15% with three or more, 10% who left some
  questions unanswered, 5% who handed in the untouched release.

It grades it:

* ``fast`` mode on the whole class with ``--workers`` workers: the headline figure,
  extrapolated to 200 students x 4 assignments, with the training-cache hit rate;
* on the first ``--subset`` students: plain sequential ``nbgrader autograde`` (the
  baseline), the same with the judge switched off (the floor: executing each notebook
  once), and both modes on one worker pinned to one core, on one worker, and on
  ``--workers`` workers. Parallel efficiency is the textbook one: time on one core /
  (cores x time on all of them).

It prints seconds per notebook per mode, wall times, speed-ups over the baseline,
parallel efficiency, peak memory per worker, and the cost breakdown from the
per-submission records (student process start, suites, Keras training, gradebook writes).
Nothing here asserts a time: the tests check behaviour, this script reports speed.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from autograder.classgrade.record import GradeRecord
from autograder.classgrade.run import grade_class
from authoring import styles
from authoring.mutants import load as load_mutants
from tools import grading, release
from authoring import submissions

TARGET_STUDENTS = 200
# (kind, share of the class)
MIX = (("correct", 0.35), ("one or two mistakes", 0.35), ("three or more mistakes", 0.15),
       ("some questions unanswered", 0.10), ("untouched release", 0.05))


def kinds(students: int) -> list[str]:
    """The kind of each student, in the proportions of ``MIX``, shuffled once."""
    out = []
    for kind, share in MIX:
        out += [kind] * round(share * students)
    out = (out + ["correct"] * students)[:students]
    random.Random(0).shuffle(out)
    return out


def honest_notebook(assignment: str, kind: str, rng: random.Random) -> dict:
    """One student's notebook of ``kind``: styles mixed per question, then mistakes."""
    if kind == "untouched release":
        return submissions.released_notebook(assignment)
    nb = styles.mixed(assignment, rng.random())
    mutants = load_mutants(assignment)
    if kind in ("one or two mistakes", "three or more mistakes"):
        count = rng.choice((1, 2)) if kind.startswith("one") else rng.choice((3, 4, 5))
        chosen, questions = [], set()
        for mutant in rng.sample(mutants, len(mutants)):
            if mutant.question not in questions:
                chosen.append(mutant)
                questions.add(mutant.question)
            if len(chosen) == count:
                break
        reference = submissions.correct(assignment)  # a mistake is made in reference text
        for mutant in chosen:
            cell = submissions.answer_cell(reference, mutant.question)
            submissions.answer_cell(nb, mutant.question)["source"] = cell["source"]
        nb = submissions.mutate(nb, chosen)
    elif kind == "some questions unanswered":
        stubs = submissions.released_notebook(assignment)
        questions = sorted(styles.load(assignment))
        for question in rng.sample(questions, rng.randint(1, max(1, len(questions) // 2))):
            stub = submissions.answer_cell(stubs, question)["source"]
            submissions.answer_cell(nb, question)["source"] = stub
    return nb


def honest_class(students: int) -> dict[str, dict[str, dict]]:
    """assignment -> student -> notebook (see the module docstring)."""
    rng = random.Random(1)
    each = kinds(students)
    return {assignment: {f"s{i:03d}": honest_notebook(assignment, each[i], rng)
                         for i in range(students)}
            for assignment in release.available()}


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


def classgrade(course: Path, mode: str, workers: int) -> tuple[float, list[GradeRecord]]:
    summary = grade_class(course, mode=mode, workers=workers, progress=False, report=False)
    problems = summary.problems
    if problems:
        print(f"  ({len(problems)} submission(s) not graded: "
              f"{', '.join(r['student'] + '/' + r['assignment'] for r in problems[:5])})")
    return summary.wall_seconds, [GradeRecord.from_json(r) for r in summary.graded]


@contextlib.contextmanager
def one_core():
    """Everything started inside (workers, kernels, sandboxes) runs on one core."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def breakdown(records: list[GradeRecord]) -> dict[str, float]:
    """Mean seconds per notebook spent in each part of grading."""
    parts = {"student process start": [], "suites": [], "Keras training": [],
             "gradebook writes": [], "notebook execution": [], "judge (all)": [],
             "total": []}
    for r in records:
        t = r.timings or {}
        if "judge" not in t:
            continue
        parts["student process start"].append(t["student_process_start"])
        parts["Keras training"].append(t["training"])
        parts["suites"].append(t["judge"] - t["student_process_start"] - t["training"])
        parts["gradebook writes"].append(t["gradebook"])
        parts["notebook execution"].append(t["execute"])
        parts["judge (all)"].append(t["judge"])
        parts["total"].append(t["total"])
    return {k: statistics.mean(v) if v else 0.0 for k, v in parts.items()}


def peak_mib(records: list[GradeRecord]) -> tuple[float, float]:
    own = max(((r.worker or {}).get("rss_mib", 0) for r in records), default=0)
    children = max(((r.worker or {}).get("children_rss_mib", 0) for r in records), default=0)
    return own, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40, help="class size for fast mode")
    parser.add_argument("--subset", type=int, default=4,
                        help="students for the baseline, floor and one-worker runs")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip", default="", help="comma-separated runs to leave out: "
                        "baseline, floor, fast, full, onecore, oneworker, class")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    names = release.available()
    klass = honest_class(max(args.students, args.subset))
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
    print(f"\nhonest class: {len(everyone)} students x {len(names)} assignments; "
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
        trained = sum((r.timings or {}).get("trained", 0) for r in whole[2])
        reused = sum((r.timings or {}).get("reused", 0) for r in whole[2])
        if trained + reused:
            print(f"  training cache: {reused} of {trained + reused} training results reused "
                  f"({reused / (trained + reused):.0%}); {trained} architectures trained")
        rebuilt = sum((r.timings or {}).get("models_rebuilt", 0) for r in whole[2])
        lent = sum((r.timings or {}).get("models_reused", 0) for r in whole[2])
        if rebuilt + lent:
            print(f"  student models: {lent} of {rebuilt + lent} reused from an earlier "
                  f"notebook ({lent / (rebuilt + lent):.0%}), {rebuilt} rebuilt")
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
