"""Cell constructors for writing an nbgrader source notebook from a script.

The committed ``source/<a>/<a>.ipynb`` is the truth; this only saves hand-writing
nbgrader metadata when a notebook is (re)built by a throwaway script. Conventions
the grading relies on:

* ``setup(...)``: locked cell, ``grade_id`` ``setup_*``; imports and constants only.
  The grading sandbox runs it before the answer cells.
* ``answer(q, ...)``: the answer cell for question ``q`` (``answer_<q>``); the
  reference sits between ``### BEGIN SOLUTION`` / ``### END SOLUTION``.
* ``check(q, points)``: the locked, autograded test cell ``check_<q>``; public checks
  live in ``source/<a>/tests/test_<q>.py``, hidden ones in
  ``autograder/suites/<a>/test_<q>.py``.
"""
from __future__ import annotations

import textwrap

import nbformat


def _clean(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def md(text: str):
    return nbformat.v4.new_markdown_cell(_clean(text))


def code(text: str):
    """A plain demo cell: students may run and edit it; it is never graded."""
    return nbformat.v4.new_code_cell(_clean(text))


def _nbgrader(cell, **meta):
    meta.setdefault("schema_version", 3)
    cell.metadata["nbgrader"] = meta
    return cell


def setup(text: str, name: str = "imports"):
    cell = nbformat.v4.new_code_cell(_clean(text))
    cell.metadata.update(deletable=False, editable=False)
    return _nbgrader(cell, grade=False, grade_id=f"setup_{name}", locked=True, solution=False)


def answer(question: str, text: str):
    cell = nbformat.v4.new_code_cell(_clean(text))
    return _nbgrader(cell, grade=False, grade_id=f"answer_{question}", locked=False,
                     solution=True)


def check(question: str, points: float, note: str = ""):
    source = (f"# Checks for {question}: run this cell after its answer cell.\n"
              "# The public checks run here; the autograder also runs hidden ones.\n"
              + (f"# {note}\n" if note else "")
              + "from _harness import check\n"
              f'check("{question}")')
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata.update(deletable=False, editable=False)
    return _nbgrader(cell, grade=True, grade_id=f"check_{question}", locked=True,
                     points=points, solution=False)


def write(path, cells) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = list(cells)
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
