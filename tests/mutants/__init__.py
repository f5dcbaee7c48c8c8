"""Realistic wrong answers, one module per assignment (``MUTANTS`` in each).

A mutant is a text substitution in the reference answer cell of one question. The
pipeline tests grade mutants through real ``nbgrader autograde`` and require that
the question loses points and that its feedback names the mistake.
"""
from __future__ import annotations

import dataclasses
import importlib


@dataclasses.dataclass(frozen=True)
class Mutant:
    question: str          # the question whose answer cell is patched
    mistake: str           # what a student did wrong, in words
    old: str               # exact text in the reference answer cell ...
    new: str               # ... replaced by this (every occurrence)
    message: str = ""      # a phrase the feedback must contain (case-insensitive)


def load(assignment: str) -> list[Mutant]:
    return list(importlib.import_module(f"tests.mutants.{assignment}").MUTANTS)
