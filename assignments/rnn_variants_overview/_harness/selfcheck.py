"""The student's self-check: public checks from a test cell or from ``pytest``.

In Jupyter, ``check("rnn_cell_forward")`` runs the public checks for that question
against the functions the notebook has defined, without saving. With ``pytest``,
``notebook_student`` starts the same sandboxed process the autograder uses, from
the saved notebook. While nbgrader autogrades, the test cell does nothing: the
hidden suite's verdict replaces its output.
"""
from __future__ import annotations

import inspect
import os
from pathlib import Path

from .notebook import program_cells, read_notebook
from .runner import report, run_checks
from .student import LocalStudent, SandboxStudent


def check(question: str, namespace: dict | None = None, tests_dir: str | os.PathLike = "tests"):
    if os.environ.get("NBGRADER_EXECUTION"):
        print(f"{question}: graded by the autograder (public and hidden checks).")
        return None
    if namespace is None:
        namespace = inspect.currentframe().f_back.f_globals
    path = Path(tests_dir) / f"test_{question}.py"
    if not path.exists():
        raise FileNotFoundError(f"public checks not found at {path.resolve()}: run this "
                                "notebook from its assignment folder")
    outcomes = run_checks([path], LocalStudent(namespace)).get(question, [])
    print(report(question, outcomes))
    failed = [o for o in outcomes if not o.passed]
    if failed or not outcomes:
        raise AssertionError(f"{len(failed)} of {len(outcomes)} public checks failed "
                             f"for {question}; see the messages above")
    print("All public checks passed. The autograder also runs hidden checks.")


def notebook_student(path) -> SandboxStudent:
    """A sandboxed student built from the saved notebook at ``path``."""
    return SandboxStudent(program_cells(read_notebook(Path(path))))
