"""Realistic wrong answers, one module per assignment (``MUTANTS`` in each).

A mutant is a text substitution in the reference answer cell of one question. The
pipeline tests grade mutants through real ``nbgrader autograde`` and require that
the question loses points and that its feedback names the mistake, and that the
questions it ``keeps`` (callers of its function) lose none.
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
    # questions whose functions call this one and keep all their points all the same
    # (one mistake, one penalty: judged with their own or, where it crashes, a correct one)
    keeps: tuple[str, ...] = ()


def load(assignment: str) -> list[Mutant]:
    return list(importlib.import_module(f"authoring.mutants.{assignment}").MUTANTS)


def discovered_depends(assignment: str) -> dict[str, set[str]]:
    """Which questions use which other questions' functions, read from the code:
    calls in the reference answer cells, and student functions the checks call."""
    import ast
    import json
    import re

    from autograder.course import hidden_suite, public_tests, source_notebook
    from autograder.harness.notebook import answer_question, cell_source, grade_id

    nb = json.loads(source_notebook(assignment).read_text())
    owner, used = {}, {}
    for cell in nb["cells"]:
        question = answer_question(grade_id(cell))
        if question is None:
            continue
        tree = ast.parse(cell_source(cell))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                owner[node.name] = question
        used[question] = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    tests = list(public_tests(assignment).glob("test_*.py")) + \
        list(hidden_suite(assignment).glob("*.py"))
    for path in tests:
        text = path.read_text()
        called = set(re.findall(r"student\.(\w+)\(", text))
        called |= set(re.findall(r"""student\.call\(\s*["'](\w+)["']""", text))
        called |= set(re.findall(r"""Fn\(\s*["']student["'],\s*["'](\w+)["']""", text))
        question = path.stem[len("test_"):] if path.stem.startswith("test_") else None
        targets = [question] if question in used else list(used)  # shared helpers: all
        for q in targets:
            used.setdefault(q, set()).update(called)
    return {q: {owner[n] for n in names if n in owner} - {q} for q, names in used.items()}


def depends(assignment: str) -> dict[str, set[str]]:
    """Which questions call which (``DEPENDS`` in the module, else discovered from the
    answer cells and the checks), transitively closed."""
    direct = getattr(importlib.import_module(f"authoring.mutants.{assignment}"), "DEPENDS", None)
    if direct is None:
        direct = discovered_depends(assignment)
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
    each mutant is judged on its own."""
    deps = depends(assignment)
    groups: list[list[Mutant]] = []
    mutants = load(assignment)
    related = {m.question: sum(1 for o in mutants if o.question == m.question
                               or o.question in deps.get(m.question, ())
                               or m.question in deps.get(o.question, ())) for m in mutants}
    for m in sorted(mutants, key=lambda m: -related[m.question]):
        for group in groups:
            if all(m.question != o.question and m.question not in deps.get(o.question, ())
                   and o.question not in deps.get(m.question, ())
                   and m.question not in o.keeps and o.question not in m.keeps
                   for o in group):
                group.append(m)
                break
        else:
            groups.append([m])
    return groups
