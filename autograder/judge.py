"""The verdict for one submitted notebook, computed where no student code runs.

``python -m autograder.judge ASSIGNMENT NOTEBOOK OUT.json`` starts the student's
code in a sandboxed process, runs the public checks (``source/<a>/tests``) and the
hidden suite (``autograder/suites/<a>``) against it, and writes per-question scores
and reports as JSON. Only values come back from the student process, never code,
so nothing the student wrote can reach this process's NumPy, pytest or result.
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from pathlib import Path

from autograder.course import ROOT, hidden_suite, public_tests
from autograder.harness.quiet import quiet_process
from autograder.verdict import CheckFailure, QuestionVerdict, Verdict

quiet_process()  # before anything imports TensorFlow


def check_files(assignment: str) -> list[Path]:
    public = sorted(public_tests(assignment).glob("test_*.py"))
    hidden = sorted(hidden_suite(assignment).glob("test_*.py"))
    return public + hidden


class _PublicHarness:
    """Imports every ``_harness.<module>`` (their names in a release, which public checks
    and helpers use) as this process's ``autograder.harness.<module>``: one module
    object under both names, whichever module a check imports. It serves only while
    ``_harness`` itself is this package, so a process that imports a release's own
    ``_harness`` (the tests of the self-check do) gets that one whole."""

    PREFIX, PACKAGE = "_harness", "autograder.harness"

    def find_spec(self, name, path=None, target=None):
        import importlib.machinery
        if not name.startswith(self.PREFIX + ".") or \
                sys.modules.get(self.PREFIX) is not sys.modules.get(self.PACKAGE):
            return None
        return importlib.machinery.ModuleSpec(name, self)

    def create_module(self, spec):
        return None  # a placeholder, which exec_module swaps for the real module

    def exec_module(self, module) -> None:
        import importlib
        name = module.__spec__.name
        # the import system returns what sys.modules holds once this returns
        sys.modules[name] = importlib.import_module(self.PACKAGE + name[len(self.PREFIX):])


def alias_public_harness() -> None:
    """Public checks import ``_harness`` (its name in a release): make it this package."""
    import importlib
    if not any(isinstance(finder, _PublicHarness) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PublicHarness())
    for name in [n for n in sys.modules if n.split(".")[0] == _PublicHarness.PREFIX]:
        real = _PublicHarness.PACKAGE + name[len(_PublicHarness.PREFIX):]
        if sys.modules[name] is not sys.modules.get(real):
            del sys.modules[name]  # a copy imported before (from a _harness folder)
    sys.modules[_PublicHarness.PREFIX] = importlib.import_module(_PublicHarness.PACKAGE)
    from autograder import training_cache
    from autograder.harness import checks
    checks.REMEMBER = training_cache.remember  # public checks' training, once per architecture


class _CourseSeal:
    """The default ``seal`` of :func:`student_process` and :func:`judge`: the course's
    seal with its defaults (:func:`sealed`), looked up when needed."""

    def __repr__(self) -> str:
        return "COURSE_SEAL"


COURSE_SEAL = _CourseSeal()


def sealed(warm_start: bool = False, readable=()):
    """The course's seal with its defaults (tests and authoring tools use it): the
    process sees none of the course's files, and where no seal can be made this raises
    ``isolation.SealUnavailable``. Never unsealed."""
    from autograder.seal.settings import GradingSeal
    return GradingSeal().resolve(warm_start=warm_start, readable=readable)


def student_process(cells, limits=None, deadline: float | None = None, seal=COURSE_SEAL):
    """The student process grading talks to, in ``seal`` (a ``seal.settings.Seal``, as
    resolved once for the grading run; None: unsealed, where the instructor allowed it;
    by default the course's, failing closed)."""
    from autograder.harness.student import ProcessStudent
    seal = sealed() if seal is COURSE_SEAL else seal
    return ProcessStudent(cells, limits, deadline=deadline,
                          launcher=None if seal is None else seal.launcher())


def judge(assignment: str, notebook_text: str, limits=None,
          time_budget: float | None = None, only=None, seal=COURSE_SEAL) -> Verdict:
    """The :class:`~autograder.verdict.Verdict`: per-question scores and reports, the
    failed checks, and where the time went.

    Safe to call many times in one process (a class-grading worker does): each call
    has its own student process, and the check modules are imported afresh.

    ``time_budget`` (seconds) caps the whole call from inside, so that running out of
    time costs only what was not judged: the checks run question by question in the
    notebook's order, no call into the student waits past the budget and no check
    starts after it; each check left fails with the reason, so a question judged in
    full keeps its score and one judged in part keeps the share it earned. The
    verdict then says ``timed_out``.

    ``only`` (question names) judges only those (the authoring tools and tests).
    ``limits`` (``harness.student_process.Limits``) and ``seal`` are those of the student
    process (:func:`student_process`).
    """
    from autograder import training_cache
    from autograder.harness import model_reuse
    from autograder.harness.notebook import NotebookError, graded_cells, program_cells, \
        read_notebook
    from autograder.harness.runner import calls_note, calls_of, question_of, report, \
        run_checks, score

    if str(ROOT) not in sys.path:  # the hidden suites import the oracle, solutions/
        sys.path.insert(0, str(ROOT))
    began = time.perf_counter()
    deadline = time.monotonic() + time_budget if time_budget is not None else None
    trained_before = dict(training_cache.STATS)
    models = model_reuse.pool()
    reused_before, rebuilt_before = models.counts()
    try:
        nb = read_notebook(notebook_text)
    except NotebookError as exc:
        return Verdict.failed(str(exc))
    alias_public_harness()
    order = {cell.question: i for i, cell in enumerate(graded_cells(nb))}
    files = sorted((f for f in check_files(assignment)
                    if only is None or question_of(f) in only),
                   key=lambda f: order.get(question_of(f), len(order)))
    student = student_process(program_cells(nb), limits, deadline, seal)
    student.stand_ins = stand_ins(assignment)
    try:
        student.process.start_alongside_imports()
        with models.lending():
            outcomes = run_checks(files, student, deadline=deadline,
                                  budget=time_budget or 0.0)
    finally:
        student.close()
    questions, failures = {}, []
    public_folder = str(public_tests(assignment))
    for cell in graded_cells(nb):
        if only is not None and cell.question not in only:
            continue
        results = outcomes.get(cell.question, [])
        calls = calls_of(public_tests(assignment) / f"test_{cell.question}.py")
        broken = [q for q in calls if q in outcomes and not all(o.passed for o in outcomes[q])]
        results = settle_stand_ins(results, broken)
        results = excuse_broken_calls(results, broken, public_folder)
        text = report(cell.question, results, cell.points)
        if not results:
            text += "\n  (no checks exist for this question: ask your instructor)"
        if broken and not all(o.passed for o in results):
            text += "\n  " + calls_note(cell.question, broken)
        questions[cell.grade_id] = QuestionVerdict(score(results, cell.points), cell.points,
                                                   text)
        failures += [CheckFailure(cell.question, o.name, o.message, o.mistake, o.kind)
                     for o in results if not o.passed]
    training = {k: training_cache.STATS[k] - trained_before[k] for k in trained_before}
    reused, rebuilt = models.counts()
    return Verdict(questions, failures, dict(student.process.cell_errors),
                   timings={"judge": time.perf_counter() - began,
                            "student_process_start": student.process.start_seconds,
                            "training": training["seconds"],
                            "trained": training["trained"], "reused": training["reused"],
                            "models_rebuilt": rebuilt - rebuilt_before,
                            "models_reused": reused - reused_before},
                   timed_out=deadline is not None and time.monotonic() >= deadline)


def stand_ins(assignment: str) -> dict[str, dict]:
    """For each function that calls other graded functions (its question's ``CALLS``),
    the reference's versions of those (``Student.stand_ins``); the reference module is
    imported when one is first needed."""
    from autograder.harness.runner import calls_of, question_of
    folder = public_tests(assignment)
    return {question_of(f): {name: _reference(assignment, name) for name in calls_of(f)}
            for f in sorted(folder.glob("test_*.py")) if calls_of(f)}


def _reference(assignment: str, name: str):
    def reference(*args, **kwargs):
        import importlib
        return getattr(importlib.import_module(f"solutions.{assignment}"), name)(*args, **kwargs)
    reference.__name__ = name
    return reference


def settle_stand_ins(results: list, broken: list[str]) -> list:
    """One mistake, one penalty, where a function fails because one it calls fails.

    A call that gave no value with the student's own functions (a crashing
    ``rnn_cell_forward`` inside ``rnn_forward``) was judged again with the reference's
    versions of the graded functions it calls standing in for the student's
    (``Student.stand_ins``). That verdict counts where every function that stood in
    fails its own checks, and says so: a correct loop keeps its points, a wrong one
    still loses them. Where one passes its own checks, the failure is the function's
    own, and the check fails as the student's own call did.
    """
    from autograder.harness.runner import split_case, which_fail
    settled = []
    for o in results:
        if not o.stood_in:
            settled.append(o)
        elif not set(o.stood_in) <= set(broken):
            settled.append(dataclasses.replace(o, passed=False, message=o.unaided,
                                               mistake=None, kind=o.unaided_kind))
        elif o.passed:
            name, case = split_case(o.name)
            standing = which_fail(o.stood_in, " in place of yours")
            settled.append(dataclasses.replace(o, name=f"{name} (right with a correct "
                                               f"{standing})" + (f" [{case}]" if case else "")))
        else:
            standing = which_fail(o.stood_in, " in place of yours")
            unaided = (o.unaided.splitlines() or [""])[0]
            settled.append(dataclasses.replace(o, message=(
                f"{o.message}\n(judged with a correct {standing}: with yours, {unaided})")))
    return settled


def excuse_broken_calls(results: list, broken: list[str], public_folder: str) -> list:
    """One mistake, one penalty, where a public check cannot separate two questions.

    The hidden checks judge a function apart from the graded functions it calls (against
    what it gives with the student's own versions of them: ``suites/carried.py``). A
    public check cannot: it would have to show the answer to do it. So when a function
    it calls fails its own checks and every hidden check of this question passes, the
    question is right given that function, and its public checks that failed are
    counted as passed, saying so; the self-check still shows them failing, with the
    function to fix first.
    """
    hidden = [o for o in results if not o.path.startswith(public_folder)]
    if not broken or not hidden or not all(o.passed for o in hidden):
        return results
    from autograder.harness.runner import which_fail
    return [o if o.passed or not o.path.startswith(public_folder) else dataclasses.replace(
        o, passed=True, message="", mistake=None,
        name=f"{o.name} (right given your {which_fail(broken)})")
        for o in results]


def main(argv=None) -> int:
    """``ASSIGNMENT NOTEBOOK OUT.json [BUDGET]``: BUDGET is the ``time_budget`` in
    seconds; without it, ``GRADING_TIME_BUDGET`` from the environment, else none. The
    student process's limits come from ``GRADING_LIMITS`` (``Limits.to_json``) and its
    seal from ``GRADING_SEAL`` (``Seal.to_json``, or null: unsealed), which
    ``JudgeTestCells`` sets when it starts a judge in a process of its own: the one place
    they cross a process boundary. Without ``GRADING_SEAL``, the course's seal (failing
    closed)."""
    argv = argv if argv is not None else sys.argv[1:]
    if len(argv) not in (3, 4):
        print("usage: python -m autograder.judge ASSIGNMENT NOTEBOOK OUT.json [BUDGET_SECONDS]",
              file=sys.stderr)
        return 2
    assignment, notebook, out = argv[:3]
    budget = argv[3] if len(argv) == 4 else os.environ.get("GRADING_TIME_BUDGET")
    from autograder.harness.student_process import Limits
    from autograder.seal.settings import Seal
    limits = Limits.from_json(json.loads(os.environ.get("GRADING_LIMITS", "{}")))
    seal = COURSE_SEAL
    if "GRADING_SEAL" in os.environ:
        given = json.loads(os.environ["GRADING_SEAL"])
        seal = None if given is None else Seal.from_json(given)
    verdict = judge(assignment, Path(notebook).read_text(encoding="utf-8", errors="replace"),
                    limits, time_budget=float(budget) if budget else None, seal=seal)
    Path(out).write_text(json.dumps(verdict.to_json(), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
