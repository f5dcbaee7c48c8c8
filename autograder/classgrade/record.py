"""What grading one submission came to: the record a class-grading run keeps.

A worker builds a :class:`GradeRecord` per task and the engines hand it to the run,
which saves it as ``<run>/records/<a>/<student>.json`` (:class:`Records`): a resumed
run, the class report and the tests read those files. :meth:`GradeRecord.to_json` and
:meth:`GradeRecord.from_json` are the one file format.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING

from autograder import atomic
from autograder.verdict import CheckFailure

if TYPE_CHECKING:
    from autograder.classgrade.tasks import Task

GRADED = "graded"  # the status of a record whose grades are in the gradebook

# What only a worker that finished grading knows: ``None`` means it never said (the
# worker died, timed out or raised), and such fields are left out of the file.
WORKER_FIELDS = ("mode", "judge_error", "failures", "cell_errors", "unsealed", "timed_out",
                 "missing_notebook", "notebooks", "extra_notebooks", "execution_stopped",
                 "unanswered", "answer_cells",
                 "warnings", "timings", "worker")
# the kind of failure an engine records for a worker that died, ran out of time or raised
ENGINE_KINDS = {"crashed": "crashed", "timeout": "timeout", "failed": "worker_error"}


@dataclasses.dataclass(frozen=True)
class GradeRecord:
    """How grading one submission went, and where its time and memory went.

    ``status`` is ``graded`` (scores are in the gradebook), ``failed``, ``crashed`` or
    ``timeout``; when it is not, ``kind`` names the cause (``causes.KINDS``) and
    ``error`` gives its facts. ``notebooks`` are the notebooks the submission holds and
    ``extra_notebooks`` those nbgrader did not grade; ``execution_stopped`` says why
    executing the notebook stopped early (``sealed_execute.execution_stop``), when it
    did; ``unanswered`` are the release's answer cells (of ``answer_cells``) the
    student left as released. ``scores`` and ``points`` map grade
    ids to what nbgrader stored; ``max_total`` is ``None`` when nothing was stored. The
    verdict's part (``judge_error``, ``failures``, ``cell_errors``, ``unsealed``,
    ``timed_out``) and the costs (``timings``, ``worker``) come from the worker.
    """
    assignment: str
    student: str
    digest: str  # of the submitted files: a re-submission is graded again
    status: str
    error: str = ""
    kind: str = ""  # of failure, one of causes.KINDS; "" when graded
    mode: str | None = None
    seconds: float = 0.0
    scores: dict[str, float] = dataclasses.field(default_factory=dict)
    points: dict[str, float] = dataclasses.field(default_factory=dict)
    total: float = 0.0
    max_total: float | None = None
    judge_error: str | None = None
    failures: list[CheckFailure] | None = None
    cell_errors: dict[str, str] | None = None
    unsealed: bool | None = None
    timed_out: bool | None = None
    missing_notebook: bool | None = None
    notebooks: list[str] | None = None
    extra_notebooks: list[str] | None = None
    execution_stopped: dict | None = None
    unanswered: list[str] | None = None  # answer cells left as released (or deleted)
    answer_cells: int | None = None      # in the release
    warnings: list[str] | None = None
    timings: dict[str, float] | None = None
    worker: dict | None = None  # pid, host, peak memory of the worker and its children

    @classmethod
    def failed(cls, task: Task, status: str, message: str, seconds: float = 0.0
               ) -> GradeRecord:
        """The record of a task whose worker died, ran out of time or raised."""
        return cls(task.assignment, task.student, task.digest, status, message,
                   kind=ENGINE_KINDS.get(status, "worker_error"), seconds=seconds)

    def to_json(self) -> dict:
        data = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is None and field.name in WORKER_FIELDS:
                continue
            if field.name == "failures":
                value = [dataclasses.asdict(f) for f in value]
            data[field.name] = value
        return data

    @classmethod
    def from_json(cls, data: dict) -> GradeRecord:
        """The record a file holds; a key it lacks (an older record's) takes its default.
        Raises ``ValueError`` for what is not a record."""
        if not isinstance(data, dict):
            raise ValueError(f"a grading record is a JSON object, not {type(data).__name__}")
        names = {f.name for f in dataclasses.fields(cls)}
        known = {k: v for k, v in data.items() if k in names}
        if known.get("failures") is not None:
            known["failures"] = [CheckFailure.from_json(f) for f in known["failures"]]
        try:
            return cls(**known)
        except TypeError as exc:  # a required key is missing
            raise ValueError(f"not a grading record: {exc}") from None


class Records:
    """Per-task JSON records (``GradeRecord.to_json``), each written atomically (a
    killed run loses nothing)."""

    def __init__(self, run_dir: Path):
        self.folder = run_dir / "records"

    def path(self, task_or_key) -> Path:
        key = task_or_key if isinstance(task_or_key, str) else task_or_key.key
        return self.folder / f"{key}.json"

    @staticmethod
    def _read(path: Path) -> GradeRecord | None:
        try:
            return GradeRecord.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return None

    def load(self, task: Task) -> GradeRecord | None:
        return self._read(self.path(task))

    def save(self, record: GradeRecord) -> None:
        atomic.write_json(self.path(f"{record.assignment}/{record.student}"), record.to_json(),
                          indent=1)

    def all(self, assignments: list[str] | None = None) -> list[dict]:
        """Every readable record of ``assignments``, in its JSON form (what the report
        and the tests read)."""
        out = []
        for path in sorted(self.folder.glob("*/*.json")):
            if assignments and path.parent.name not in assignments:
                continue
            record = self._read(path)
            if record is not None:
                out.append(record.to_json())
        return out

    def is_done(self, task: Task, in_gradebook: set[str]) -> bool:
        record = self.load(task)
        return bool(record and record.status == GRADED and record.digest == task.digest
                    and task.student in in_gradebook)
