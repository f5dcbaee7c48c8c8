"""The student's self-check: public checks from a test cell or from ``pytest``.

In Jupyter, ``check("rnn_cell_forward")`` runs the public checks for that question
against the functions the notebook has defined, without saving. With ``pytest``,
``notebook_student`` starts the same sandboxed process the autograder uses, from
the saved notebook. While nbgrader autogrades, the test cell does nothing: the
hidden suite's verdict replaces its output.

The checks are found next to this package (``<assignment>/tests``), not relative
to the working directory: Colab, VS Code and hubs start kernels elsewhere.
"""
from __future__ import annotations

import inspect
import os
from pathlib import Path

from .notebook import program_cells, read_notebook
from .runner import calls_note, calls_of, report, run_checks
from .kernel_student import KernelStudent
from .student import ProcessStudent

# not resolved: in the course's source folders this package is a symbolic link
ASSIGNMENT_DIR = Path(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def tests_folder() -> Path:
    for folder in (ASSIGNMENT_DIR / "tests", Path.cwd() / "tests"):
        if folder.is_dir():
            return folder
    raise FileNotFoundError(f"public checks not found in {ASSIGNMENT_DIR / 'tests'}: keep "
                            "the assignment folder as it was released")


def broken_dependencies(question: str, namespace: dict, tests_dir: Path) -> list[str]:
    """The functions ``question`` calls that fail their own public checks."""
    broken = []
    for other in calls_of(tests_dir / f"test_{question}.py"):
        path = tests_dir / f"test_{other}.py"
        if path.exists():
            outcomes = run_checks([path], KernelStudent(namespace)).get(other, [])
            if not outcomes or not all(o.passed for o in outcomes):
                broken.append(other)
    return broken


class ChecksFailed(AssertionError):
    """A check cell's verdict when some public checks fail. The report printed above it
    says which and why, so Jupyter shows this as one line, not as a traceback through
    this package (IPython renders an exception by its ``_render_traceback_``)."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


def check(question: str, namespace: dict | None = None, tests_dir: str | os.PathLike | None = None):
    __tracebackhide__ = True  # pytest and IPython leave this frame out of a traceback
    if os.environ.get("NBGRADER_EXECUTION"):
        print(f"{question}: graded by the autograder (public and hidden checks).")
        return None
    if namespace is None:
        namespace = inspect.currentframe().f_back.f_globals
    folder = Path(tests_dir) if tests_dir is not None else tests_folder()
    path = folder / f"test_{question}.py"
    if not path.exists():
        raise FileNotFoundError(f"no public checks for {question!r} at {path}")
    outcomes = run_checks([path], KernelStudent(namespace)).get(question, [])
    print(report(question, outcomes))
    failed = [o for o in outcomes if not o.passed]
    if failed or not outcomes:
        broken = broken_dependencies(question, namespace, folder)
        if broken:
            print(calls_note(question, broken))
        raise ChecksFailed(f"{len(failed)} of {len(outcomes)} public checks failed "
                           f"for {question}; see the messages above") from None
    print("All public checks passed. The autograder also runs hidden checks.")


def notebook_student(path, limits=None, launcher=None) -> ProcessStudent:
    """A sandboxed student built from the saved notebook at ``path`` (``launcher``: how
    its process starts, see ``student_process.PlainLauncher``)."""
    return ProcessStudent(program_cells(read_notebook(Path(path))), limits,
                          launcher=launcher)
