"""Run check files with pytest against one ``student`` and score them per question.

A check file is ``test_<question>.py``; its test functions take the ``student``
fixture. The judge (public and hidden files, sandboxed student) and the notebook's
test cells (public files, the notebook's own namespace) both come through here, so
a check reads and scores the same everywhere.
"""
from __future__ import annotations

import ast
import dataclasses
import functools
import io
import os
import re
import sys
import time
import types
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from .checks import CheckFailed


# how a check failed, as data (the exception's ``kind``): the class report counts these
# and never reads a message's words, which may quote the student's own exception
FAILURE_KINDS = ("failed", "not_implemented", "timed_out", "out_of_time")


def failure_kind(exc) -> str:
    kind = getattr(type(exc), "kind", "failed")
    return kind if kind in FAILURE_KINDS else "failed"


@dataclasses.dataclass
class Outcome:
    name: str
    passed: bool
    message: str = ""
    mistake: str | None = None  # the suite's diagnosis (CheckFailed.mistake), never parsed
    path: str = ""  # the check file it comes from
    # judged with the reference's versions of these functions standing in for the
    # student's (Student.stand_ins), and what the student's own call gave
    stood_in: tuple[str, ...] = ()
    unaided: str = ""
    kind: str = "failed"  # of a failed check: one of FAILURE_KINDS
    unaided_kind: str = "failed"


class OutOfTime(AssertionError):
    """A check that was not started because the notebook's grading time ran out."""
    kind = "out_of_time"


def out_of_time(budget: float) -> str:
    return f"not checked: grading this notebook ran out of its {budget:g} s"


def question_of(path) -> str:
    stem = Path(str(path)).stem
    return stem[len("test_"):] if stem.startswith("test_") else stem


def check_name(item) -> str:
    """A check's name for students: the first line of its docstring, else its name."""
    doc = (getattr(item, "function", None).__doc__ or "").strip().splitlines() \
        if hasattr(item, "function") else []
    return doc[0] if doc else item.name


def _folder(path) -> str:
    return os.path.dirname(os.path.abspath(str(path)))


def failure_message(excinfo) -> str:
    """The first paragraph of the assertion, without pytest's introspection noise."""
    text = str(excinfo.value) or excinfo.typename
    text = text.split("\nassert ")[0].strip()
    if not isinstance(excinfo.value, AssertionError):
        text = f"{excinfo.typename}: {text}"
    return text[:1500]


class CollectOutcomes:
    """pytest plugin: provides ``student`` and records one outcome per test.

    With a ``deadline`` (``time.monotonic()``), no test starts after it: each one left
    fails in its setup with :func:`out_of_time`, so it still counts against its
    question instead of vanishing (which would turn a partial score into a full one).
    """

    def __init__(self, the_student, deadline: float | None = None, budget: float = 0.0):
        self.outcomes: dict[str, list[Outcome]] = {}
        self.deadline, self.budget = deadline, budget
        self.student = the_student
        self.fixtures = types.ModuleType("grading_fixtures")  # pytest reads fixtures from modules

        @pytest.fixture(scope="session", name="student")
        def student():
            return the_student
        self.fixtures.student = student

    def _stand_ins_taken(self) -> list:
        taken = getattr(type(self.student), "stand_ins_taken", None)
        return taken(self.student) if taken is not None else []

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        self._stand_ins_taken()  # each check's own, from here on
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise OutOfTime(out_of_time(self.budget))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = (yield).get_result()
        failed = report.failed and call.excinfo is not None
        if (report.when == "call" or failed) and not (report.when != "call" and report.passed):
            name = check_name(item)
            if hasattr(item, "callspec"):
                name += f" [{item.callspec.id}]"
            outcome = Outcome(name, not failed, failure_message(call.excinfo) if failed else "",
                              path=str(item.path))
            if failed:
                outcome.kind = failure_kind(call.excinfo.value)
            if failed and isinstance(call.excinfo.value, CheckFailed):
                outcome.mistake = call.excinfo.value.mistake
            stood_in = self._stand_ins_taken()
            if stood_in:
                outcome.stood_in = tuple(sorted({n for s in stood_in for n in s.names}))
                outcome.unaided = stood_in[0].unaided
                outcome.unaided_kind = stood_in[0].unaided_kind
            self.outcomes.setdefault(question_of(item.path), []).append(outcome)


def calls_of(path) -> tuple[str, ...]:
    """The other questions' functions a question's function calls (its check file's
    ``CALLS``), read without importing it."""
    try:
        stat = os.stat(str(path))
    except OSError:
        return ()
    return _calls_in(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)  # a judge asks for every question of every notebook
def _calls_in(path: str, _mtime_ns: int, _size: int) -> tuple[str, ...]:
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return ()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "CALLS"
                                                for t in node.targets):
            try:
                return tuple(str(q) for q in ast.literal_eval(node.value))
            except (ValueError, TypeError):
                return ()
    return ()


def which_fail(broken, said_of_them: str = "") -> str:
    """"f, which fails its own checks" (or "f and g, which fail their own checks",
    with ``said_of_them`` after the names): how every message names the graded
    functions a question calls that are wrong."""
    broken = list(broken)
    owns = "fails its own" if len(broken) == 1 else "fail their own"
    return f"{' and '.join(broken)}{said_of_them}, which {owns} checks"


def calls_note(question: str, broken: list[str]) -> str:
    """What a failure may owe to another question's function."""
    return (f"Note: {question} calls {which_fail(broken)}: fix {' and '.join(broken)} "
            f"first (this failure may come from it).")


def forget_check_modules(files, before=None) -> None:
    """Drop the modules of the check folders, so a process that judges many students
    (a class-grading worker) never carries one student's state into the next run.
    ``before`` (the module names loaded before the run) keeps the scan short in a
    process that holds thousands of modules (a kernel with TensorFlow)."""
    folders = {_folder(f) for f in files}
    for name in [n for n in list(sys.modules) if before is None or n not in before]:
        path = getattr(sys.modules.get(name), "__file__", None)
        if path and _folder(path) in folders:
            del sys.modules[name]


# pytest's own plugins the checks do not use; unraisableexception alone costs two full
# garbage collections per run (0.3 s in a kernel that holds TensorFlow)
UNUSED_PLUGINS = ("cacheprovider", "unraisableexception", "threadexception", "pastebin",
                  "junitxml", "doctest", "nose", "legacypath", "stepwise", "lfplugin",
                  "faulthandler")


def run_checks(files, student, quiet: bool = True, deadline: float | None = None,
               budget: float = 0.0) -> dict[str, list[Outcome]]:
    """Run the given check files in order; outcomes grouped by question. ``deadline``
    (monotonic) and ``budget`` (its length in seconds, for the message): see
    :class:`CollectOutcomes`."""
    collector = CollectOutcomes(student, deadline, budget)
    args = [str(f) for f in files] + [
        "-q", "--no-header", "-o", "python_files=test_*.py", "--rootdir", os.path.dirname(str(files[0])),
        "--noconftest", "--import-mode=importlib",
        *[arg for plugin in UNUSED_PLUGINS for arg in ("-p", f"no:{plugin}")],
    ]
    if quiet:  # outcomes come from the exceptions: no traceback for pytest to render
        args.append("--tb=no")  # (rendering one parses every file it passes through)
    sink = io.StringIO()
    before = set(sys.modules)
    # a check file may import helper modules from its own folder (as under plain pytest)
    folders = [f for f in dict.fromkeys(_folder(f) for f in files) if f not in sys.path]
    sys.path[:0] = folders
    autoload = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # checks need no installed plugin
    try:
        if quiet:
            with redirect_stdout(sink), redirect_stderr(sink):
                code = pytest.main(args, plugins=[collector, collector.fixtures])
        else:
            code = pytest.main(args, plugins=[collector, collector.fixtures])
    finally:
        if autoload is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = autoload
        for folder in folders:
            if folder in sys.path:
                sys.path.remove(folder)
        forget_check_modules(files, before)
    if code not in (0, 1):
        raise RuntimeError(f"the checks could not run (pytest exit {code}):\n{sink.getvalue()[-3000:]}")
    return collector.outcomes


def score(outcomes: list[Outcome], points: float) -> float:
    if not outcomes:
        return 0.0
    return round(points * sum(o.passed for o in outcomes) / len(outcomes), 4)


CASE = re.compile(r"^(.*) \[([^]]*)\]$")  # "check name [case]": one case of a parametrised check
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")


def split_case(name: str) -> tuple[str, str]:
    """``("check name", "case")`` for one case of a parametrised check, else ``(name, "")``."""
    found = CASE.match(name)
    return (found.group(1), found.group(2)) if found else (name, "")


def diagnosis_key(outcome: Outcome) -> str:
    """What makes two failed cases of one check the same diagnosis: the suite's likely
    mistake where it named one, else the message with its figures left out (cases
    differ in shapes, indices and differences, not in what went wrong)."""
    return outcome.mistake or NUMBER.sub("#", outcome.message)


def report(question: str, outcomes: list[Outcome], points: float | None = None) -> str:
    """The check cell's text: a head line with the score, then each check once.

    The cases of a parametrised check are one entry, and each distinct diagnosis among
    its failed cases is shown once, with the cases it covers: five hidden shapes failing
    for the same forgotten bias read as one failure, not five. The cases that pass
    beside failing ones keep a PASS line each. The score still counts every case
    (:func:`score`).
    """
    passed = sum(o.passed for o in outcomes)
    head = f"{question}: {passed}/{len(outcomes)} checks passed"
    if points is not None:
        head += f" ({score(outcomes, points):g} of {points:g} points)"
    lines = [head]
    groups: dict[tuple, list[Outcome]] = {}
    for i, o in enumerate(outcomes):
        name, case = split_case(o.name)
        # the cases of one check (a public and a hidden check may share a name)
        groups.setdefault((o.path, name) if case else (i,), []).append(o)
    for group in groups.values():
        name = split_case(group[0].name)[0]
        failed = [o for o in group if not o.passed]
        if len(group) == 1:
            lines.append(f"  {'FAIL' if failed else 'PASS'}  {group[0].name}")
        elif not failed:
            lines.append(f"  PASS  {name} (all {len(group)} cases)")
        else:
            lines.append(f"  FAIL  {name} ({len(failed)} of {len(group)} cases fail)")
        diagnoses: dict[str, list[Outcome]] = {}
        for o in failed:
            diagnoses.setdefault(diagnosis_key(o), []).append(o)
        for same in diagnoses.values():
            if len(same) == len(group) > 1:
                lines.append("        in every case:")
            elif len(group) > 1:
                cases = "; ".join(split_case(o.name)[1] for o in same)
                lines.append(f"        in case{'s' if len(same) > 1 else ''} {cases}:")
            lines.extend("        " + line for line in same[0].message.splitlines()[:12])
        if failed and len(group) > 1:  # the cases that pass, as any passing check reads
            lines.extend(f"  PASS  {o.name}" for o in group if o.passed)
    return "\n".join(lines)
