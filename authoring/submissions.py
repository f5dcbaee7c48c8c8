"""Build submission notebooks from the source notebook: correct, blank, or mutated.

A submission starts as the source notebook with its reference answers (nbgrader
markers removed, as a student's finished notebook would look); mutants patch one
answer cell's text; the blank submission is the released notebook itself.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

from autograder.harness.notebook import answer_question, cell_source, grade_id
from autograder import course
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def source_notebook(assignment: str) -> dict:
    return json.loads(course.source_notebook(assignment).read_text())


def released_notebook(assignment: str) -> dict:
    return json.loads(course.release_notebook(assignment).read_text())


def strip_markers(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True)
                   if line.strip() not in MARKERS)


def answer_cell(nb: dict, question: str) -> dict:
    for cell in nb["cells"]:
        if answer_question(grade_id(cell)) == question:
            return cell
    raise KeyError(f"no answer cell for {question}")


def correct(assignment: str) -> dict:
    """The released notebook with every answer cell holding the reference code."""
    source = source_notebook(assignment)
    release = course.release_notebook(assignment)
    nb = copy.deepcopy(released_notebook(assignment) if release.exists() else source)
    for cell in nb["cells"]:
        question = answer_question(grade_id(cell))
        if question is not None:
            cell["source"] = strip_markers(cell_source(answer_cell(source, question)))
    return nb


def with_answers(nb: dict, answers: dict[str, str]) -> dict:
    nb = copy.deepcopy(nb)
    for question, text in answers.items():
        answer_cell(nb, question)["source"] = text
    return nb


def mutate(nb: dict, mutants) -> dict:
    """Apply each mutant's substitution to its question's answer cell."""
    nb = copy.deepcopy(nb)
    for m in mutants:
        cell = answer_cell(nb, m.question)
        text = cell_source(cell)
        if m.old not in text:
            raise ValueError(f"mutant {m.mistake!r}: {m.old!r} not found in answer_{m.question}")
        cell["source"] = text.replace(m.old, m.new)
    return nb


def write(nb: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path
