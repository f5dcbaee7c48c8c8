"""The course's cell kinds, and which cells the student process runs or are graded.

The one home of the notebook conventions every other module reads:

* *setup* cells: locked, nbgrader ``grade_id`` starting with ``setup``; imports and
  constants every answer may use;
* *answer* cells: nbgrader solution cells, ``grade_id`` ``answer_<question>``, where
  students keep their code;
* *check* cells: autograded test cells, ``grade_id`` ``check_<question>``.

The student process runs, in notebook order, the setup and answer cells. Narrative,
demo and test cells never run there, so a slow plot or a training loop costs no
grading time.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path


class NotebookError(ValueError):
    """The submission is not a readable notebook."""


@dataclasses.dataclass
class GradedCell:
    grade_id: str
    question: str
    points: float


def read_notebook(path_or_text) -> dict:
    try:
        text = Path(path_or_text).read_text(encoding="utf-8") if isinstance(path_or_text, Path) \
            else path_or_text
        nb = json.loads(text)
    except FileNotFoundError:
        raise NotebookError(f"notebook not found: {path_or_text}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotebookError(f"the notebook is not valid JSON ({exc}); "
                            "re-save it from Jupyter") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookError("the file is not a Jupyter notebook (no list of cells)")
    return nb


SETUP, ANSWER, CHECK = "setup", "answer_", "check_"  # grade_id prefixes


def nbgrader_meta(cell) -> dict:
    """The cell's nbgrader metadata ({} when it has none, or it is malformed)."""
    meta = cell.get("metadata") or {}
    nbg = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nbg if isinstance(nbg, dict) else {}


def grade_id(cell) -> str:
    return str(nbgrader_meta(cell).get("grade_id", ""))


def cell_source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def is_setup(grade_id: str) -> bool:
    return grade_id.startswith(SETUP)


def answer_question(grade_id: str) -> str | None:
    """``q`` for an answer cell's ``answer_q``, else None."""
    return grade_id[len(ANSWER):] if grade_id.startswith(ANSWER) else None


def check_question(grade_id: str) -> str | None:
    """``q`` for a check cell's (or its gradebook grade's) ``check_q``, else None."""
    return grade_id[len(CHECK):] if grade_id.startswith(CHECK) else None


def runs_in_student_process(cell) -> bool:
    """A setup or answer cell (the cells :func:`program_cells` returns)."""
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(
        meta.get("solution") or (meta.get("locked") and is_setup(grade_id(cell))))


def mentions_keras(cells: list[tuple[str, str]]) -> bool:
    """Whether any of these ``(label, source)`` cells uses Keras."""
    return any("keras" in source for _, source in cells)


def program_cells(nb: dict) -> list[tuple[str, str]]:
    """``(label, source)`` of the setup and answer cells, in notebook order."""
    return [(grade_id(cell) or f"cell {index + 1}", cell_source(cell))
            for index, cell in enumerate(nb["cells"])
            if isinstance(cell, dict) and runs_in_student_process(cell)]


def graded_cells(nb: dict) -> list[GradedCell]:
    """Autograded test cells; their ``grade_id`` is ``check_<question>``."""
    graded = []
    for cell in nb["cells"]:
        meta = nbgrader_meta(cell) if isinstance(cell, dict) else {}
        question = check_question(str(meta.get("grade_id", "")))
        if meta.get("grade") and not meta.get("solution") and question is not None:
            graded.append(GradedCell(meta["grade_id"], question, float(meta.get("points", 0))))
    return graded
