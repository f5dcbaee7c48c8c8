"""``pytest`` in a released assignment folder: the ``student`` fixture and short reports.

The assignment's ``conftest.py`` imports this module. The fixture is the same
sandboxed process the autograder uses, from the saved notebook named after the
folder, so what passes here passes in grading. Each failure is headed by its
question, and a question whose function calls another that fails its own checks
says so (those questions are checked first).

Students run this dozens of times, so it answers in about a second: the student
process starts when pytest starts, while pytest collects the checks, and Keras is
imported (here and there) only when a collected question's answer uses it.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from . import warm
from .notebook import NotebookError, answer_question, mentions_keras
from .quiet import QUIET_ENV
from .runner import calls_note, calls_of, check_name, failure_message, question_of
from .student_process import Limits
from .selfcheck import ASSIGNMENT_DIR, notebook_student

__all__ = ["student", "pytest_addoption", "pytest_cmdline_main", "pytest_configure",
           "pytest_collection_finish", "pytest_unconfigure", "pytest_collection_modifyitems",
           "pytest_runtest_makereport"]

for _name, _value in QUIET_ENV.items():  # TensorFlow's start-up lines are not the student's
    if _name != "PYTHONWARNINGS":
        os.environ.setdefault(_name, _value)


def pytest_addoption(parser):
    parser.addoption("--call-timeout", type=float, default=Limits.call_timeout,
                     help="seconds one call into the notebook's functions may take "
                          f"(default {Limits.call_timeout:g})")
    parser.addoption("--cold", action="store_true",
                     help="run the checks in this process, not in the warm check process "
                          "that later runs use once one has needed Keras")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """Hand this run to the folder's warm check process (see :mod:`warm`) when one is up:
    pytest and Keras are loaded there already. Not for debugging (``--pdb`` and
    ``--trace`` read this terminal) nor for ``--collect-only``, ``--help``, ``--version``."""
    option = config.option
    if option.collectonly or option.usepdb or getattr(option, "trace", False) \
            or option.help or option.version or not warm.wanted(option.cold):
        return None
    try:
        folder = _notebook_for(config).parent
    except NotebookError:
        return None
    return warm.run_here_or_there(folder, list(config.invocation_params.args))


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


def uses_keras(cells: list[tuple[str, str]], questions) -> bool:
    """Whether checking ``questions`` needs Keras: one of their answer cells that is
    answered mentions it (an untouched stub raises before it uses anything, and a setup
    cell's ``import keras`` is lazy in the student process). Only a matter of speed:
    Keras is imported anyway, in either process, when an answer uses it."""
    return any("keras" in source for label, source in cells
               if answer_question(label) in questions
               and "raise NotImplementedError" not in source)


# imported lazily in the student process: a NumPy question never waits for them
LAZY_MODULES = ("keras", "tensorflow")


class EarlyStudent:
    """The student process, started in a thread as soon as pytest is configured, so that
    Python, NumPy and the notebook's cells load while pytest collects the checks. Once
    collection says which questions run, it imports Keras there too if they need it."""

    def __init__(self, config):
        self.config = config
        self.student = None
        self.error: BaseException | None = None
        self.keras = False
        self.read = threading.Event()  # the notebook is read (or could not be)
        self.collected = threading.Event()
        self.thread = threading.Thread(target=self._start, name="student-start", daemon=True)
        self.thread.start()

    def _start(self) -> None:
        try:
            try:
                self.student = notebook_student(
                    _notebook_for(self.config),
                    Limits(call_timeout=self.config.getoption("call_timeout")),
                    launcher=warm.LAUNCHER)
            finally:
                self.read.set()
            self.student.process.lazy_modules = LAZY_MODULES
            self.student.process.warm()
            self.collected.wait()
            if self.keras:
                self.student.process.warm(("keras",))
        except BaseException as exc:  # noqa: BLE001 - reported by the fixture
            self.error = exc

    def collection_finished(self, questions: set[str]) -> None:
        """Import Keras in both processes at once, if the collected questions need it."""
        self.read.wait()
        cells = self.student.process.cells if self.student is not None else []
        self.keras = uses_keras(cells, questions)
        self.collected.set()
        if self.keras:
            import keras  # noqa: F401 - to rebuild the answers' Keras objects here

    def get(self):
        self.collected.set()
        self.thread.join()
        if isinstance(self.error, NotebookError):
            pytest.fail(str(self.error), pytrace=False)
        if self.error is not None:
            raise self.error
        return self.student

    def close(self) -> None:
        self.collected.set()
        self.thread.join()
        if self.student is not None:
            self.student.close()


_early: EarlyStudent | None = None


def pytest_configure(config):
    global _early
    if _early is None and not config.option.collectonly:
        _early = EarlyStudent(config)


def pytest_collection_finish(session):
    if _early is not None:
        _early.collection_finished({question_of(item.path) for item in session.items})


def pytest_unconfigure(config):
    global _early
    if _early is not None and _early.config is config:
        _early.close()
        student, _early = _early.student, None
        # a cold run of a notebook that uses Keras: the next runs will be warm
        if student is not None and warm.wanted(config.getoption("cold")) and \
                mentions_keras(student.process.cells):
            warm.start_server(_notebook_for(config).parent, __package__)


@pytest.fixture(scope="session")
def student(request):
    __tracebackhide__ = True
    if _early is None:  # pytest configured before this plugin was imported
        pytest_configure(request.config)
        _early.collection_finished({question_of(item.path) for item in request.session.items})
    yield _early.get()


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
    if call.excinfo is None or report.when != "call":
        return
    # one short paragraph per failed check, about the student's code: a check that
    # trips over a wrong value (a TypeError on None, say) says so without a traceback
    # through the checks, unless the student asks for one (--tb=long or native)
    if call.excinfo.errisinstance(AssertionError) or item.config.option.tbstyle in ("auto", "short"):
        text = f"{question}: {failure_message(call.excinfo)}"
        broken = [q for q in calls_of(item.path) if q in _failed_questions]
        if broken:
            text += "\n" + calls_note(question, broken)
        report.longrepr = text
