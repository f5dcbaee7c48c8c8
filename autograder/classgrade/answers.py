"""Every student's answer cells, per question, read from the submitted notebooks.

The similarity check (``similarity.py``) compares answers, never whole notebooks: the
release's narrative, setup and check cells are the same for everyone and say nothing
about who wrote what. An answer cell is the nbgrader solution cell whose ``grade_id``
is ``answer_<question>`` (see ``autograder/harness/notebook.py``); the release's own
answer cell (signature, docstring, ``raise NotImplementedError()``) is kept beside
them as the *starter*, whose fingerprints nobody is credited or blamed for.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from autograder import course as course_layout
from autograder.course import answer_question
from autograder.harness.notebook import NotebookError, cell_source, grade_id, read_notebook


@dataclasses.dataclass
class Answers:
    """One assignment's answers: ``cells[question][student]`` is the answer cell's text."""
    assignment: str
    starter: dict[str, str]                       # question -> the release's answer cell
    cells: dict[str, dict[str, str]]              # question -> student -> source
    notes: list[str] = dataclasses.field(default_factory=list)  # unreadable submissions


def answer_cells(nb: dict) -> dict[str, str]:
    """question -> source of its answer cell (the first one, if a student duplicated it)."""
    out: dict[str, str] = {}
    for cell in nb.get("cells", []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        question = answer_question(grade_id(cell))
        if question is not None and question not in out:
            try:
                out[question] = cell_source(cell)
            except TypeError:  # a malformed cell (source not text): nothing to compare
                out[question] = ""
    return out


def release_notebook(course: Path, assignment: str) -> Path:
    """The released notebook of the course (``assignments/<a>/<a>.ipynb``)."""
    return course_layout.release_notebook(assignment, Path(course))


def submitted_notebooks(course: Path, assignment: str) -> dict[str, Path | None]:
    """student -> their submitted notebook of ``assignment`` (None: none in the folder)."""
    out: dict[str, Path | None] = {}
    submitted = Path(course) / "submitted"
    for student_dir in sorted(submitted.iterdir()) if submitted.is_dir() else []:
        folder = student_dir / assignment
        if folder.is_dir():
            path = folder / f"{assignment}.ipynb"
            out[student_dir.name] = path if path.is_file() else None
    return out


def collect(course: Path, assignment: str) -> Answers:
    """The answers of every student who submitted ``assignment`` in ``course``."""
    release = release_notebook(course, assignment)
    starter = answer_cells(read_notebook(release)) if release.is_file() else {}
    answers = Answers(assignment, starter, {q: {} for q in starter})
    for student, path in submitted_notebooks(course, assignment).items():
        if path is None:
            answers.notes.append(f"{student}: no notebook submitted")
            continue
        try:
            cells = answer_cells(read_notebook(path))
        except NotebookError as exc:
            answers.notes.append(f"{student}: notebook skipped ({exc})")
            continue
        for question, text in cells.items():
            answers.cells.setdefault(question, {})[student] = text
    return answers


def from_notebooks(assignment: str, release: dict, notebooks: dict[str, dict]) -> Answers:
    """The same from notebooks in memory (the benchmark and the tests)."""
    starter = answer_cells(release)
    answers = Answers(assignment, starter, {q: {} for q in starter})
    for student, nb in notebooks.items():
        for question, text in answer_cells(nb).items():
            answers.cells.setdefault(question, {})[student] = text
    return answers
