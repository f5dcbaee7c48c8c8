"""The main job: release, autograde a small sample class, feedback, export, grade table.

``python -m tools.sample_grading [--course build/sample-course] [assignments...]``

1. regenerates the release from ``source/`` (``tools.release``);
2. builds a scratch course (``build/sample-course``) whose gradebook starts as a copy
   of the committed one, so the committed ``gradebook.db`` stays clean;
3. submits four students per assignment: ``alice`` (the reference solution),
   ``bob`` (the untouched release), ``carol`` and ``dave`` (realistic mistakes from the
   mutant corpus);
4. grades them with the class-grading command (``autograder.classgrade``, full mode,
   one worker per core: nbgrader's Autograde in parallel), runs ``generate_feedback``
   and ``export``, prints the grade table read from the scratch ``gradebook.db`` and
   writes the class report.
"""
from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from autograder.classgrade.run import grade_class
from authoring.mutants import pack
from tools import grading, release
from authoring import submissions
from autograder.course import ROOT


def sample_class(assignment: str) -> dict[str, dict]:
    correct = submissions.correct(assignment)
    groups = pack(assignment)
    carol = [m for g in groups[0::2] for m in g][:3]
    dave = [m for g in groups[1::2] for m in g][:3]
    # a mutant combination must still be one mistake per question
    carol = list({m.question: m for m in carol}.values())
    dave = list({m.question: m for m in dave}.values())
    return {
        "alice": (correct, "reference solution"),
        "bob": (submissions.released_notebook(assignment), "untouched release"),
        "carol": (submissions.mutate(correct, carol), "; ".join(m.mistake for m in carol)),
        "dave": (submissions.mutate(correct, dave), "; ".join(m.mistake for m in dave)),
    }


def print_table(course: Path, assignments: list[str], notes: dict) -> None:
    rows = {}
    maxima = {}
    for assignment in assignments:
        for student, graded in grading.results(course, assignment).items():
            rows.setdefault(student, {})[assignment] = graded.total
            maxima[assignment] = graded.max_total
    width = max(len(a) for a in assignments)
    header = f"{'student':8s} " + " ".join(f"{a:>{width}s}" for a in assignments) + "    total"
    print("\n" + header + "\n" + "-" * len(header))
    for student in sorted(rows):
        cells = [rows[student].get(a) for a in assignments]
        total = sum(c or 0 for c in cells)
        text = " ".join(f"{(f'{c:.2f}' if c is not None else '-'):>{width}s}" for c in cells)
        print(f"{student:8s} {text} {total:7.2f}/{sum(maxima.values()):g}")
    print("max      " + " ".join(f"{maxima[a]:>{width}g}" for a in assignments))
    print("\nwho is who:")
    for student, note in sorted(notes.items()):
        print(f"  {student}: {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="default: every released assignment")
    parser.add_argument("--course", default=str(ROOT / "build" / "sample-course"))
    args = parser.parse_args()

    start = time.time()
    changed = release.release()
    print("release regenerated;", "updated: " + ", ".join(changed) if changed
          else "it was up to date")
    assignments = args.assignments or release.available()
    course = Path(args.course)
    if course.exists():
        shutil.rmtree(course)
    grading.make_course(course)
    notes = {}
    for assignment in assignments:
        for student, (nb, note) in sample_class(assignment).items():
            grading.submit(course, assignment, student, nb)
            notes.setdefault(student, [])
            if note not in notes[student]:
                notes[student].append(f"{assignment}: {note}")
    t0 = time.time()
    summary = grade_class(course, assignments, mode="full")  # the instructor's command
    print(f"autograded {len(summary.graded)} notebooks in {time.time() - t0:.0f} s "
          f"({len(summary.problems)} failed; {len(summary.state['attention'])} need "
          f"attention, as the report lists them)")
    for assignment in assignments:
        grading.nbgrader(course, "generate_feedback", assignment, "--force")
    grading.nbgrader(course, "export", "--to", str(course / "grades.csv"))
    print_table(course, assignments, {s: " | ".join(n) for s, n in notes.items()})
    print(f"\ngradebook: {course / 'gradebook.db'}\nfeedback:  {course / 'feedback'}\n"
          f"export:    {course / 'grades.csv'}\nreport:    {summary.report}\n"
          f"took {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
