"""Every notebook runs top to bottom without writing to stderr or raising.

A student should see no TensorFlow start-up notice, warning or traceback in a correct
notebook. This reuses the pipeline batches of ``tests/test_pipeline.py`` instead of
executing again: ``nbgrader autograde`` runs each reference submission from top to
bottom (with ``NBGRADER_EXECUTION`` set), and the autograded notebook keeps every
cell's outputs.
"""
from __future__ import annotations

import json

import pytest

from tests.test_pipeline import ASSIGNMENTS


def _name(index: int, cell: dict) -> str:
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    first = "".join(cell.get("source", "")).strip().splitlines()[:1]
    return f"cell {index} ({grade_id or (first[0][:60] if first else 'empty')})"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_notebook_writes_nothing_to_stderr(class_batches, assignment):
    course, _, _ = class_batches(assignment)
    graded = course / "autograded" / "reference" / assignment / f"{assignment}.ipynb"
    assert graded.exists(), f"nbgrader left no autograded notebook at {graded}"
    cells = json.loads(graded.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert sum(bool(c.get("outputs")) for c in code) >= 3, "the notebook was not executed"
    problems = []
    for index, cell in enumerate(cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append(f"{_name(index, cell)} wrote to stderr:\n"
                                + "".join(out.get("text", ""))[-2000:])
            elif out.get("output_type") == "error":
                problems.append(f"{_name(index, cell)} raised {out.get('ename')}: "
                                f"{out.get('evalue')}")
    assert not problems, "\n\n".join(problems)
