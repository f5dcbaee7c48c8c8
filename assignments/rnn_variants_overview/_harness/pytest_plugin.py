"""``pytest`` in a released assignment folder: the ``student`` fixture and short reports.

The assignment's ``conftest.py`` imports this module. The fixture starts the same
sandboxed process the autograder uses, from the saved notebook named after the
folder, so what passes here passes in grading. Each failure is headed by its
question, and a question whose function calls another that fails its own checks
says so (those questions are checked first).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .notebook import NotebookError
from .runner import calls_note, calls_of, check_name, failure_message, question_of
from .sandbox import Limits
from .selfcheck import ASSIGNMENT_DIR, notebook_student

__all__ = ["student", "pytest_addoption", "pytest_collection_modifyitems",
           "pytest_runtest_makereport"]


def pytest_addoption(parser):
    parser.addoption("--call-timeout", type=float, default=Limits.call_timeout,
                     help="seconds one call into the notebook's functions may take "
                          f"(default {Limits.call_timeout:g})")


def _notebook_for(config) -> Path:
    candidates = [ASSIGNMENT_DIR]
    for folder in [Path(a) for a in config.args] + [Path.cwd(), Path(str(config.rootpath))]:
        folder = folder if folder.is_dir() else folder.parent
        candidates += [folder, *folder.parents][:3]
    for folder in candidates:
        nb = folder / f"{folder.name}.ipynb"
        if nb.exists():
            return nb
    raise NotebookError("could not find the assignment notebook next to the tests")


@pytest.fixture(scope="session")
def student(request):
    try:
        s = notebook_student(_notebook_for(request.config),
                             Limits(call_timeout=request.config.getoption("call_timeout")))
    except NotebookError as exc:
        pytest.fail(str(exc), pytrace=False)
    s.sandbox.start_alongside_imports()
    yield s
    s.close()


_failed_questions: set[str] = set()


def pytest_collection_modifyitems(session, config, items):
    """Questions in the notebook's order, which puts a function's checks after those of
    the functions it calls (by those calls, where the notebook cannot be read)."""
    calls = {question_of(item.path): calls_of(item.path) for item in items}
    rank: dict[str, int] = {}

    def depth(q, seen=()):
        if q not in rank:
            rank[q] = 0 if q in seen else 1 + max((depth(c, seen + (q,)) for c in calls.get(q, ())
                                                   if c in calls), default=-1)
        return rank[q]
    order = _notebook_order(config)
    items.sort(key=lambda item: (order.get(question_of(item.path), len(order)),
                                 depth(question_of(item.path))))  # stable: file order kept


def _notebook_order(config) -> dict[str, int]:
    from .notebook import graded_cells, read_notebook
    try:
        cells = graded_cells(read_notebook(_notebook_for(config)))
    except Exception:  # noqa: BLE001 - no readable notebook: the calls decide alone
        return {}
    return {cell.question: i for i, cell in enumerate(cells)}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if not report.failed:
        return
    if report.when == "setup" and call.excinfo is not None and \
            call.excinfo.errisinstance(AssertionError):
        # a fixture that builds from the student's code (a module's model) failed as
        # the check itself would: count it as the check's failure, not an error
        report.when = "call"
    question = question_of(item.path)
    _failed_questions.add(question)
    path, line, _ = report.location
    report.location = (path, line, f"{question}: {check_name(item)}")
    if call.excinfo is not None and call.excinfo.errisinstance(AssertionError):
        text = f"{question}: {failure_message(call.excinfo)}"
        broken = [q for q in calls_of(item.path) if q in _failed_questions]
        if broken:
            text += "\n" + calls_note(question, broken)
        report.longrepr = text
