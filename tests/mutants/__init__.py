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


def depends(assignment: str) -> dict[str, set[str]]:
    """Which questions call which (``DEPENDS`` in the module), transitively closed."""
    direct = getattr(importlib.import_module(f"tests.mutants.{assignment}"), "DEPENDS", None)
    if direct is None:
        return {}
    closed = {q: set(d) for q, d in direct.items()}
    changed = True
    while changed:
        changed = False
        for q, deps in closed.items():
            extra = set().union(*(closed.get(d, set()) for d in deps)) - deps
            if extra:
                deps |= extra
                changed = True
    return closed


def pack(assignment: str) -> list[list[Mutant]]:
    """Group mutants into as few submissions as possible, one question never
    hosting two mutants and no mutated question calling another mutated one, so
    each mutant is judged on its own. Without ``DEPENDS``, one mutant each."""
    deps = depends(assignment)
    groups: list[list[Mutant]] = []
    mutants = load(assignment)
    related = {m.question: sum(1 for o in mutants if o.question == m.question
                               or o.question in deps.get(m.question, ())
                               or m.question in deps.get(o.question, ())) for m in mutants}
    for m in sorted(mutants, key=lambda m: -related[m.question]):
        for group in groups if deps else []:
            if all(m.question != o.question and m.question not in deps.get(o.question, ())
                   and o.question not in deps.get(m.question, ()) for o in group):
                group.append(m)
                break
        else:
            groups.append([m])
    return groups
