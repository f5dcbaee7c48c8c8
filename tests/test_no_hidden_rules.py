"""No hidden rules (issue 23): a hidden suite tries more inputs than the public checks,
never more requirements.

Every hidden check names, with ``@rule("...")`` (``autograder/suites/public.py``), the
public check of its question whose rule it tries on more inputs; the mark must name a
real public check. Read from the files alone (nothing is imported or run here); the
dynamic side, that a mistake failing a hidden check fails its public check too, is
asserted on the mutant corpus in ``tests/test_classgrade.py``.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from autograder.course import ASSIGNMENTS
from autograder import course
from tests.batches import CLASSGRADE

FAST = next(k for k, mode in CLASSGRADE.items() if mode == "fast")


def checks_of(path: Path) -> dict[str, ast.FunctionDef]:
    """The test functions of a check file, by the first line of their docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            doc = (ast.get_docstring(node) or node.name).strip().splitlines()[0]
            out[doc] = node
    return out


def rule_of(node: ast.FunctionDef) -> str | None:
    """The public check a hidden check's ``@rule(...)`` names (a literal or a module
    constant), or None."""
    for deco in node.decorator_list:
        if isinstance(deco, ast.Call) and getattr(deco.func, "id", None) == "rule" and deco.args:
            arg = deco.args[0]
            if isinstance(arg, ast.Constant):
                return arg.value
            if isinstance(arg, ast.Name):
                return arg.id  # resolved by the caller
    return None


def is_answer_key(node: ast.FunctionDef) -> bool:
    """Whether a hidden check's mark says ``answer_key=True``: a quiz's key, which the
    self-check cannot show (its public rule checks the answers' form only)."""
    return any(isinstance(deco, ast.Call) and getattr(deco.func, "id", None) == "rule"
               and any(k.arg == "answer_key" and isinstance(k.value, ast.Constant)
                       and k.value.value is True for k in deco.keywords)
               for deco in node.decorator_list)


def answer_keys(assignment: str) -> set[tuple[str, str]]:
    """(question, hidden check name) of every check marked ``answer_key=True``."""
    return {(path.stem[len("test_"):], name)
            for path in course.hidden_suite(assignment).glob("test_*.py")
            for name, node in checks_of(path).items() if is_answer_key(node)}


def hidden_rules(assignment: str) -> dict[str, dict[str, str | None]]:
    """question -> {hidden check name: the public check it names}."""
    out = {}
    for path in sorted(course.hidden_suite(assignment).glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                     for t in n.targets if isinstance(t, ast.Name)
                     and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
        rules = {}
        for name, node in checks_of(path).items():
            named = rule_of(node)
            rules[name] = constants.get(named, named) if named is not None else None
        out[path.stem[len("test_"):]] = rules
    return out


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_hidden_check_names_a_public_rule(assignment):
    problems = []
    for path in sorted(course.hidden_suite(assignment).glob("test_*.py")):
        names = [n for n in ast.parse(path.read_text(encoding="utf-8")).body
                 if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
        if len(names) != len(checks_of(path)):  # one name would hide the other's mark
            problems.append(f"{path.name}: two hidden checks share a name (docstring)")
    for question, rules in hidden_rules(assignment).items():
        public_file = course.public_tests(assignment) / f"test_{question}.py"
        public = checks_of(public_file) if public_file.exists() else {}
        for hidden, rule in rules.items():
            if rule is None:
                problems.append(f"{question}: hidden check {hidden!r} names no public rule")
            elif rule not in public:
                problems.append(f"{question}: hidden check {hidden!r} names {rule!r}, which "
                                f"is not a public check of {question}")
    assert not problems, "\n".join(problems)


def _base(name: str) -> str:
    """A check's name without its parameter id (``[N3-T4-D2-H6]``)."""
    return name.rsplit(" [", 1)[0] if name.endswith("]") else name


@pytest.mark.batch(FAST)
def test_the_self_check_flags_every_mistake_a_hidden_check_finds(class_batches):
    """Over the class batch (the reference, both styles, every mutant, the untouched
    release): a hidden check that failed had its public rule fail too, so the student
    saw the mistake, in the same words, before submitting."""
    _, summary, _ = class_batches(FAST)
    rules = {a: hidden_rules(a) for a in ASSIGNMENTS}
    keys = {a: answer_keys(a) for a in ASSIGNMENTS}
    problems = []
    for record in summary.graded:
        failed = {(f["question"], _base(f["check"])) for f in record.get("failures", [])}
        for question, check in failed:
            rule = rules[record["assignment"]].get(question, {}).get(check)
            if (question, check) in keys[record["assignment"]]:
                continue  # a quiz's key: a wrong answer fails here alone, by design
            if rule and (question, rule) not in failed:
                problems.append(f"{record['assignment']}/{record['student']}: {question}: "
                                f"hidden {check!r} failed, its public rule {rule!r} passed")
    assert not problems, "\n".join(sorted(problems))
