"""The judge's verdict on one notebook, as typed values with one JSON form.

A verdict is written to files in two places: by a judge process for
``JudgeTestCells`` to read, and by ``JudgeTestCells`` into ``verdict_dir`` (one per
submission, beside a class-grading run's records). Both go through
:meth:`Verdict.to_json` and :meth:`Verdict.from_json`, so the file format is defined
here once; within one process (a class-grading worker) the object itself is handed on.
"""
from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class QuestionVerdict:
    """One question's partial credit and the report its check cell shows."""
    score: float
    points: float
    report: str


@dataclasses.dataclass(frozen=True)
class CheckFailure:
    """A failed check, kept apart from the report so the class report can count
    mistakes; ``mistake`` is the suite's own diagnosis and ``kind`` how the check failed
    (``harness.runner.FAILURE_KINDS``: not implemented, timed out, ...), neither ever
    parsed from ``message`` (which may quote the student's exception text)."""
    question: str
    check: str
    message: str
    mistake: str | None = None
    kind: str = "failed"

    @classmethod
    def from_json(cls, data: dict) -> CheckFailure:
        return cls(data.get("question", ""), data.get("check", "?"), data.get("message", ""),
                   data.get("mistake"), str(data.get("kind", "failed")))


@dataclasses.dataclass(frozen=True)
class Verdict:
    """Scores and reports per check cell (keyed by grade id), the failed checks, the
    answer cells that failed to run and where the time went.

    ``error`` says why nothing could be judged (every question then scores 0 with it);
    ``timed_out`` that the time budget ran out, so the checks not run scored 0;
    ``unsealed`` that student code ran without the seal (the instructor allowed it);
    ``execution_stopped`` why executing the notebook (before judging, in full mode and
    plain nbgrader) stopped early (``SealedExecute``: kind, message, cell), kept with the
    verdict so that the record reads one value. A verdict with no fields set is "nothing
    was judged, for no stated reason".
    """
    questions: dict[str, QuestionVerdict] = dataclasses.field(default_factory=dict)
    failures: list[CheckFailure] = dataclasses.field(default_factory=list)
    cell_errors: dict[str, str] = dataclasses.field(default_factory=dict)
    timings: dict[str, float] = dataclasses.field(default_factory=dict)
    error: str = ""
    timed_out: bool = False
    unsealed: bool = False
    execution_stopped: dict | None = None

    @classmethod
    def failed(cls, reason: str) -> Verdict:
        """Judging failed: every question scores 0 with ``reason``."""
        return cls(error=reason)

    def as_unsealed(self) -> Verdict:
        """The same verdict, marked as reached without the seal."""
        return dataclasses.replace(self, unsealed=True)

    def to_json(self) -> dict:
        """The file form: the flags only when set, as readers test for their presence."""
        data = {"questions": {k: dataclasses.asdict(q) for k, q in self.questions.items()},
                "failures": [dataclasses.asdict(f) for f in self.failures],
                "cell_errors": dict(self.cell_errors), "timings": dict(self.timings)}
        if self.timed_out:
            data["timed_out"] = True
        if self.error:
            data["error"] = self.error
        if self.unsealed:
            data["unsealed"] = True
        if self.execution_stopped:
            data["execution_stopped"] = dict(self.execution_stopped)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Verdict:
        """The verdict a file holds; absent keys take their empty values."""
        return cls(questions={k: QuestionVerdict(q["score"], q.get("points", 0.0),
                                                 q.get("report", ""))
                              for k, q in data.get("questions", {}).items()},
                   failures=[CheckFailure.from_json(f) for f in data.get("failures", [])],
                   cell_errors=dict(data.get("cell_errors", {})),
                   timings=dict(data.get("timings", {})),
                   error=data.get("error", ""), timed_out=bool(data.get("timed_out")),
                   unsealed=bool(data.get("unsealed")),
                   execution_stopped=data.get("execution_stopped") or None)
