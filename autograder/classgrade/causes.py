"""Why a submission could not be graded, said as data: a kind and a message with the facts.

nbgrader's ``Autograde`` logs the real exception of a failed submission and then raises
``NbGraderException: Please see the the above traceback``, which is all its API hands
back. A class-grading worker needs the cause itself, for the console, the record and
the report, so it gets it two ways:

* :func:`inspect_submission` reads the submitted folder before grading: the notebook
  names found against the ones the gradebook expects, and whether each expected
  notebook is JSON (with the parser's position) and a notebook at all;
* :class:`RaisedDuring` catches the exception nbgrader was handling when it logged its
  first error, and :func:`cause_of_exception` names its kind from its type and from
  where it was raised, never from its message (which may quote a student's text).

The kinds are the ``kind`` of a :class:`~autograder.classgrade.record.GradeRecord`;
:data:`KINDS` says what each means in the report.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import sys
from pathlib import Path

KINDS = {
    "no_notebook": "no notebook handed in",
    "wrong_notebook_name": "notebook under another name",
    "not_json": "notebook is not JSON",
    "not_a_notebook": "JSON but not a notebook",
    "damaged_metadata": "nbgrader metadata damaged",
    "kernel_died": "kernel died",
    "grading_error": "grading failed",
    "no_grades": "no grades written",
    "crashed": "grading worker died",
    "timeout": "grading took too long",
    "worker_error": "grading worker failed",
}
# nbgrader code that reads or checks a notebook's nbgrader metadata: an exception
# raised through it means the student's notebook has damaged metadata
METADATA_MODULES = ("nbgrader.preprocessors.overwritecells",
                    "nbgrader.preprocessors.checkcellmetadata",
                    "nbgrader.preprocessors.deduplicateids",
                    "nbgrader.nbgraderformat")
MOST_NAMES = 10


@dataclasses.dataclass(frozen=True)
class Cause:
    """``message`` gives the facts (file names, the parser's position, the exception);
    what they mean is ``KINDS[kind]``, which the console and the report put first."""
    kind: str      # one of KINDS
    message: str


@dataclasses.dataclass(frozen=True)
class Inspection:
    """What a submitted folder holds, seen before grading."""
    found: list[str]        # notebooks in it, relative paths (subfolders included)
    extra: list[str]        # notebooks besides the expected ones: not graded
    cause: Cause | None     # why it cannot be graded as handed in, or None
    # answer cells of the release left as released (or deleted), of ``answer_cells``
    unanswered: list[str] = dataclasses.field(default_factory=list)
    answer_cells: int = 0


def _names(names: list[str]) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:MOST_NAMES])
    return shown + (f" and {len(names) - MOST_NAMES} more" if len(names) > MOST_NAMES else "")


def _is_notebook(path: Path, folder: Path) -> bool:
    parts = path.relative_to(folder).parts
    return path.is_file() and not any(p == ".ipynb_checkpoints" for p in parts)


def inspect_submission(folder: Path, expected: list[str],
                       released: dict[str, dict[str, str]] | None = None) -> Inspection:
    """The notebooks of ``folder`` against the ``expected`` file names (the assignment's
    notebooks in the gradebook, e.g. ``["rnn_fundamentals.ipynb"]``) and, with
    ``released`` (file name -> answer cell id -> its released source), the answer cells
    the student left as released.

    nbgrader grades only expected names at the top of the folder and skips any other
    notebook, so a submission with none of them is ``no_notebook`` (nothing found, the
    other files named) or ``wrong_notebook_name`` (the notebooks found named); an
    expected notebook that cannot be read is ``not_json`` or ``not_a_notebook``.
    """
    folder = Path(folder)
    found = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.ipynb")
                   if _is_notebook(p, folder))
    wanted = _names(expected)
    present = [name for name in expected if name in found]
    extra = [name for name in found if name not in expected]
    if not present:
        if found:
            cause = Cause("wrong_notebook_name",
                          f"expected {wanted}; found {_names(found)}")
        else:
            others = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                            if p.is_file())
            cause = Cause("no_notebook", f"expected {wanted}; the submission folder "
                          + (f"has only {_names(others)}" if others else "is empty"))
        return Inspection(found, extra, cause)
    unanswered, cells = [], 0
    for name in present:
        nb, cause = read_notebook(folder / name)
        if cause:
            return Inspection(found, extra, cause)
        answers = (released or {}).get(name, {})
        cells += len(answers)
        unanswered += unchanged_answers(nb, answers)
    return Inspection(found, extra, None, unanswered, cells)


def unchanged_answers(nb, answers: dict[str, str]) -> list[str]:
    """Ids of the ``answers`` cells (id -> released source) that notebook ``nb`` leaves
    as released or lacks."""
    given = {}
    cells = nb.get("cells")
    for cell in cells if isinstance(cells, list) else []:  # a student's JSON: any shape
        metadata = cell.get("metadata") if isinstance(cell, dict) else None
        meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
        if isinstance(meta, dict) and isinstance(meta.get("grade_id"), str):
            source = cell.get("source", "")
            given[meta["grade_id"]] = "".join(source) if isinstance(source, list) else source
    return sorted(g for g, text in answers.items()
                  if str(given.get(g, text)).strip() == text.strip())


def read_notebook(path: Path):
    """The notebook at ``path`` as nbgrader reads it, and ``None``; or ``None`` and why
    it cannot be read: not UTF-8 or not JSON, with the position, or JSON that is not a
    notebook."""
    import nbformat
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
        json.loads(text)
    except UnicodeDecodeError as exc:
        return None, Cause("not_json", f"{path.name} is not UTF-8 text: byte "
                           f"0x{data[exc.start]:02x} at offset {exc.start}")
    except json.JSONDecodeError as exc:
        return None, Cause("not_json", f"{path.name}: {exc.msg} at line {exc.lineno}, "
                           f"column {exc.colno} (character {exc.pos} of {len(text)})")
    try:
        return nbformat.reads(text, as_version=4), None
    except Exception as exc:  # noqa: BLE001 - any reason nbformat gives
        return None, Cause("not_a_notebook", f"{path.name}: {type(exc).__name__}: "
                           f"{_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else "no detail"


def _raised_in(exc: BaseException, modules: tuple[str, ...]) -> bool:
    """Whether ``exc`` went through code of ``modules`` on its way up."""
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_globals.get("__name__", "")
        if name.startswith(modules):
            return True
        tb = tb.tb_next
    return False


def cause_of_exception(exc: BaseException) -> Cause:
    """The kind of an exception that stopped nbgrader grading a submission, named by
    its type and by the code it was raised through."""
    from nbformat.reader import NotJSONError
    text = f"{type(exc).__name__}: {_first_line(exc)}"
    if isinstance(exc, NotJSONError):
        return Cause("not_json", text)
    try:
        from nbclient.exceptions import DeadKernelError
    except ImportError:  # pragma: no cover - nbclient comes with nbgrader
        DeadKernelError = ()  # noqa: N806
    if isinstance(exc, DeadKernelError):
        return Cause("kernel_died", text)
    from nbgrader.nbgraderformat import SchemaTooNewError, SchemaTooOldError
    if isinstance(exc, (SchemaTooOldError, SchemaTooNewError)) or \
            _raised_in(exc, METADATA_MODULES):
        return Cause("damaged_metadata", text)
    from nbformat import ValidationError
    if isinstance(exc, ValidationError):
        return Cause("not_a_notebook", text)
    return Cause("grading_error", text)


class RaisedDuring(logging.Handler):
    """Attached to nbgrader's logger while it grades one submission: keeps the first
    exception being handled when an error is logged (nbgrader logs the real one, then
    raises its own ``NbGraderException``)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.exception: BaseException | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.exception is not None:
            return
        exc = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if exc is not None and type(exc).__name__ != "NbGraderException":
            self.exception = exc


def autograde(api, assignment: str, student: str) -> tuple[dict, Cause | None]:
    """``api.autograde(assignment, student, force=True, create=False)`` (nbgrader's
    ``NbGraderAPI``), and the cause of its failure as far as an exception tells it."""
    catcher = RaisedDuring()
    api.log.addHandler(catcher)
    try:
        result = api.autograde(assignment, student, force=True, create=False)
    finally:
        api.log.removeHandler(catcher)
    if result.get("success") or catcher.exception is None:
        return result, None
    return result, cause_of_exception(catcher.exception)


def failure_cause(result: dict, inspection: Inspection, raised: Cause | None) -> Cause:
    """Why grading a submission failed (``result`` is ``NbGraderAPI.autograde``'s): what
    the submitted folder shows (names, the parser's position) first, then the exception
    nbgrader was handling, then the last line of its error."""
    if inspection.cause or raised:
        return inspection.cause or raised
    if result.get("success"):
        return Cause("no_grades", "nbgrader finished but the gradebook has no grades for "
                     "this submission")
    last = (result.get("error") or "").strip().splitlines()[-1:] or ["no detail"]
    return Cause("grading_error", last[0])
