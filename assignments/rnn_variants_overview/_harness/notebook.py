"""Which cells of a notebook the student process runs, and which cells are graded.

The student process runs, in notebook order, the locked *setup* cells (nbgrader
``grade_id`` starting with ``setup``) and every *answer* cell (nbgrader solution
cells): that is where the notebook tells students to keep their code. Narrative,
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


def _meta(cell) -> dict:
    meta = cell.get("metadata") or {}
    nbg = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nbg if isinstance(nbg, dict) else {}


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def program_cells(nb: dict) -> list[tuple[str, str]]:
    """``(label, source)`` of the setup and answer cells, in notebook order."""
    cells = []
    for index, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = _meta(cell)
        grade_id = str(meta.get("grade_id", ""))
        if meta.get("solution") or (meta.get("locked") and grade_id.startswith("setup")):
            cells.append((grade_id or f"cell {index + 1}", _source(cell)))
    return cells


def graded_cells(nb: dict) -> list[GradedCell]:
    """Autograded test cells; their ``grade_id`` is ``check_<question>``."""
    graded = []
    for cell in nb["cells"]:
        meta = _meta(cell) if isinstance(cell, dict) else {}
        grade_id = str(meta.get("grade_id", ""))
        if meta.get("grade") and not meta.get("solution") and grade_id.startswith("check_"):
            graded.append(GradedCell(grade_id, grade_id[len("check_"):],
                                     float(meta.get("points", 0))))
    return graded
