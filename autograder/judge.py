"""The verdict for one submitted notebook, computed where no student code runs.

``python -m autograder.judge ASSIGNMENT NOTEBOOK OUT.json`` starts the student's
code in a sandboxed process, runs the public checks (``source/<a>/tests``) and the
hidden suite (``autograder/suites/<a>``) against it, and writes per-question scores
and reports as JSON. Only values come back from the student process, never code,
so nothing the student wrote can reach this process's NumPy, pytest or result.
"""
from __future__ import annotations

import json
import os
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

ROOT = Path(__file__).resolve().parents[1]


def check_files(assignment: str) -> list[Path]:
    public = sorted((ROOT / "source" / assignment / "tests").glob("test_*.py"))
    hidden = sorted((ROOT / "autograder" / "suites" / assignment).glob("test_*.py"))
    return public + hidden


def alias_public_harness() -> None:
    """Public checks import ``_harness`` (its name in a release): make it this package."""
    import importlib
    for name in ("", ".checks", ".wire", ".testfns", ".student", ".runner", ".notebook"):
        sys.modules["_harness" + name] = importlib.import_module("autograder.harness" + name)


def sealed_limits(configured: dict | None = None):
    """Limits for a student process that sees none of the course's files.

    ``GRADING_COURSE_ROOT`` (set by the nbgrader plugin) names the nbgrader course
    folder: its gradebook and every student's submission are concealed as well.
    ``configured`` (or ``GRADING_LIMITS``) carries the limits set in ``nbgrader_config.py``.
    """
    from autograder.harness.sandbox import Limits
    conceal = [str(ROOT), str(Path.home())]
    if os.environ.get("GRADING_COURSE_ROOT"):
        conceal.append(os.environ["GRADING_COURSE_ROOT"])
    if configured is None:
        configured = json.loads(os.environ.get("GRADING_LIMITS", "{}"))
    return Limits(conceal=tuple(conceal), **configured)


def judge(assignment: str, notebook_text: str, limits=None) -> dict:
    """Per-question scores and reports, the failed checks, and where the time went.

    Safe to call many times in one process (a class-grading worker does): each call
    has its own student process, and the check modules are imported afresh.
    """
    from autograder import training_cache
    from autograder.harness.notebook import NotebookError, graded_cells, program_cells, \
        read_notebook
    from autograder.harness.runner import report, run_checks, score
    from autograder.harness.student import SandboxStudent

    began = time.perf_counter()
    trained_before = dict(training_cache.STATS)
    try:
        nb = read_notebook(notebook_text)
    except NotebookError as exc:
        return {"error": str(exc), "questions": {}}
    alias_public_harness()
    student = SandboxStudent(program_cells(nb), limits or sealed_limits())
    try:
        outcomes = run_checks(check_files(assignment), student)
    finally:
        student.close()
    questions, failures = {}, []
    for cell in graded_cells(nb):
        results = outcomes.get(cell.question, [])
        text = report(cell.question, results, cell.points)
        if not results:
            text += "\n  (no checks exist for this question: ask your instructor)"
        questions[cell.grade_id] = {"score": score(results, cell.points),
                                    "points": cell.points, "report": text}
        failures += [{"question": cell.question, "check": o.name, "message": o.message}
                     for o in results if not o.passed]
    training = {k: training_cache.STATS[k] - trained_before[k] for k in trained_before}
    return {"questions": questions, "failures": failures,
            "cell_errors": dict(student.sandbox.cell_errors),
            "timings": {"judge": time.perf_counter() - began,
                        "sandbox_start": student.sandbox.start_seconds,
                        "training": training["seconds"],
                        "trained": training["trained"], "reused": training["reused"]}}


def main(argv=None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    if len(argv) != 3:
        print("usage: python -m autograder.judge ASSIGNMENT NOTEBOOK OUT.json", file=sys.stderr)
        return 2
    assignment, notebook, out = argv
    sys.path.insert(0, str(ROOT))
    result = judge(assignment, Path(notebook).read_text(encoding="utf-8", errors="replace"))
    Path(out).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
