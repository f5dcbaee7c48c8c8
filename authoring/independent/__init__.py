"""More correct answers, each written independently of the reference and the styles,
to measure how alike independent work looks (``tools/benchmark_similarity.py``: no
pair of independent solutions may be flagged as similar).

``INDEPENDENT[question]`` in each assignment's module lists answer-cell sources, each
a complete, correct answer written in a way of its own (loops or vectorised NumPy,
other helper structure, other order of work). They are never graded by the course's
suites here; the similarity check never runs code.
"""
from __future__ import annotations

import importlib


def load(assignment: str) -> dict[str, list[str]]:
    """question -> independent answer-cell sources (none for an assignment without a
    module)."""
    try:
        module = importlib.import_module(f"authoring.independent.{assignment}")
    except ModuleNotFoundError:
        return {}
    return {question: list(cells) for question, cells in module.INDEPENDENT.items()}
