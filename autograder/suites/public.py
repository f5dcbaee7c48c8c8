"""The hidden suites' way to the public modules of an assignment (never shipped).

Mistake generators live once, in the public ``source/<a>/tests/diagnoses.py`` that
ships with the checks (which import it as ``diagnoses``); a hidden suite loads that
same file here, so a mistake has one name and one computation in both. Each module is
loaded by path under a name of its own (``public_diagnoses_<a>``), so two assignments'
modules never stand in for each other.
"""
from __future__ import annotations

import importlib.util
import sys

from autograder.course import source_folder


def load(assignment: str, relative: str, name: str):
    """The module at ``source/<assignment>/<relative>``, loaded once as ``name``."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, source_folder(assignment) / relative)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    return sys.modules[name]


def diagnoses(assignment: str):
    """``source/<assignment>/tests/diagnoses.py``: the mistakes the public checks name."""
    return load(assignment, "tests/diagnoses.py", f"public_diagnoses_{assignment}")


def rule(public_check: str, answer_key: bool = False):
    """Mark a hidden check as the public check named ``public_check`` (the first line of
    its docstring, in the same question's public file) tried on more inputs.

    Hidden suites try more inputs than the public checks, never more rules: every hidden
    check carries this mark, and ``tests/test_no_hidden_rules.py`` fails when a mark is
    missing or names no public check, and when a mistake fails a hidden check but not
    the public check it names. ``answer_key=True`` marks the one exception, a quiz's
    key: the self-check cannot show it without giving the answers away, so the public
    check named tests the answers' form, and a wrong answer fails the hidden check alone.
    """
    def mark(check):
        check.public_rule = public_check
        check.answer_key = answer_key
        return check
    return mark
