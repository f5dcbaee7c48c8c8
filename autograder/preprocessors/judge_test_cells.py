"""Score every check cell from the judge's verdict.

The notebook goes to the judge (:mod:`autograder.judge`: a fresh process, or this
one in a class-grading worker), and every autograded test cell's output is replaced
by the verdict - a readable report, and the score as the cell's last expression,
which nbgrader reads as partial credit (and a person as "Score from the checks").
Whatever the kernel printed into a test cell is discarded, so student code cannot
forge a grade there.
"""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Float, Integer, Unicode

from autograder import atomic
from autograder.course import ROOT
from autograder.harness.notebook import check_question, nbgrader_meta
from autograder.harness.quiet import child_environment
from autograder.harness.sandbox import Limits
from autograder.preprocessors.sealed_execute import EXECUTION_STOPPED
from autograder.seal import isolation
from autograder.seal.settings import UNSEALED_NOTE, GradingSeal, Seal
from autograder.verdict import Verdict

PENDING = "pending_verdict"  # resources key: StartJudge -> JudgeTestCells
INTERNAL_ERROR = "internal grading error (the instructor has the log)"


def score_output(score: float, points, execution_count):
    """A check cell's last output: the score as nbgrader reads partial credit (its
    ``text/plain``, which must be the bare number), and as a person reads it where a
    notebook is shown (formgrader, Jupyter take the ``text/html`` of the same result),
    so the autograded notebook shows no unexplained number under the report. Only
    ``<b>``: a sanitizing exporter (the course sets ``HTMLExporter.sanitize_html``, which
    formgrader's exporter takes too) would show any tag outside bleach's short list
    as text."""
    shown = f"{round(score, 2):g}"
    return nbformat.v4.new_output(
        "execute_result", execution_count=execution_count,
        data={"text/plain": repr(score),
              "text/html": f"Score from the checks: <b>{shown}</b> of "
                           f"{float(points):g} points"})


class JudgeTestCells(NbGraderPreprocessor):
    """Score every ``check_*`` test cell from the hidden suite, out of process."""

    timeout = Integer(1800, help="Seconds one notebook's judging may take in all.").tag(
        config=True)
    # the student process's limits: their defaults are those of sandbox.Limits
    call_timeout = Float(Limits.call_timeout, help="Seconds one call of a student "
                         "function may take.").tag(config=True)
    cell_timeout = Float(Limits.cell_timeout, help="Seconds one answer cell may take to "
                         "run at start-up.").tag(config=True)
    memory_mb = Integer(Limits.memory_bytes // 2**20, help="Address-space limit of the "
                        "student process, MiB.").tag(config=True)
    file_mb = Integer(Limits.file_bytes // 2**20, help="Largest file the student process "
                      "may write, MiB.").tag(config=True)
    judge_memory_mb = Integer(8192, help="Address-space limit of the judge itself, MiB: "
                              "a bound on what rebuilding and checking a student's values "
                              "may cost the grading machine (the judge needs about 2.5 GiB)."
                              ).tag(config=True)
    in_process = Bool(False, help="Judge in this process (a class-grading worker, which "
                      "keeps TensorFlow and the suites imported) instead of a fresh one."
                      ).tag(config=True)
    warm_start = Bool(False, help="Fork each student process from a warm zygote sealed "
                      "like a new one (autograder/seal/zygote.py), so no notebook pays for "
                      "importing TensorFlow; pays off where one process judges many "
                      "notebooks (in_process).").tag(config=True)
    verdict_dir = Unicode("", help="If set, each verdict is also saved as "
                          "<verdict_dir>/<assignment>/<student>.json: the whole verdict "
                          "(every failed check with its message), for the instructor."
                          ).tag(config=True)

    def preprocess(self, nb, resources):
        assignment = resources["nbgrader"]["assignment"]
        pending = resources.pop(PENDING, None)  # started early by StartJudge
        verdict = pending() if pending is not None else self.start_judging(assignment, nb)()
        if resources.get(EXECUTION_STOPPED):  # SealedExecute's word, kept with the verdict
            verdict = dataclasses.replace(verdict,
                                          execution_stopped=resources[EXECUTION_STOPPED])
        self._keep_verdict(resources, verdict)
        for cell in nb.cells:
            meta = nbgrader_meta(cell)
            grade_id = str(meta.get("grade_id", ""))
            if cell.cell_type != "code" or not meta.get("grade") or \
                    check_question(grade_id) is None:
                continue
            entry = verdict.questions.get(grade_id)
            if entry is None:
                reason = verdict.error or "this question could not be graded"
                score, text = 0.0, f"{grade_id[6:]}: 0 points - {reason}"
            else:
                score, text = entry.score, entry.report
            text += "\n"
            if verdict.unsealed:
                text += f"  ({UNSEALED_NOTE})\n"
            cell.outputs = [
                nbformat.v4.new_output("stream", name="stdout", text=text),
                score_output(score, meta.get("points", 0), cell.get("execution_count")),
            ]
        return nb, resources

    def limits(self) -> Limits:
        """The one ``Limits`` value the configuration makes, for every student process
        of this judge."""
        return Limits(call_timeout=self.call_timeout, cell_timeout=self.cell_timeout,
                      memory_bytes=self.memory_mb * 2**20, file_bytes=self.file_mb * 2**20)

    def seal(self) -> Seal | None:
        """The seal of every student process of this judge, from ``GradingSeal`` (found
        once per process); None where grading goes on unsealed, as allowed. Raises
        ``isolation.SealUnavailable`` otherwise."""
        return GradingSeal(parent=self).resolve(warm_start=self.warm_start)

    def time_budget(self) -> float:
        """The judge's own cap, inside ``timeout``: when it runs out, questions already
        judged keep their scores (``timeout`` itself is the backstop that kills it)."""
        return max(self.timeout - 60, self.timeout * 0.8)

    def start_judging(self, assignment: str, nb):
        """Begin judging ``nb``; returns a function that waits for the verdict.

        Fails closed: raises ``isolation.SealUnavailable`` (nbgrader then records no
        grade for this notebook) unless the seal works or unsealed grading is allowed.
        """
        seal = self.seal()  # decided here, and handed down to the judge
        if self.in_process:
            wait = self._judge_in_thread(assignment, nbformat.writes(nb), seal)
        else:
            wait = self._judge_in_subprocess(assignment, nb, seal)
        if seal is not None:
            return wait
        return lambda: wait().as_unsealed()

    def _judge_in_thread(self, assignment: str, text: str, seal: Seal | None):
        from autograder import judge
        limits = self.limits()
        done: dict = {}

        def run():
            try:
                done["verdict"] = judge.judge(assignment, text, limits,
                                              time_budget=self.time_budget(), seal=seal)
            except Exception:  # noqa: BLE001 - our fault, never the student's score silently
                import traceback
                self.log.error("the judge failed for %s:\n%s", assignment,
                               traceback.format_exc()[-3000:])
                done["verdict"] = Verdict.failed(INTERNAL_ERROR)

        thread = threading.Thread(target=run, name=f"judge-{assignment}", daemon=True)
        thread.start()

        def wait() -> Verdict:
            thread.join(self.timeout)
            if thread.is_alive():
                self.log.error("judging %s took longer than %s s", assignment, self.timeout)
                return Verdict.failed(f"grading took longer than {self.timeout} s")
            return done["verdict"]
        return wait

    def _judge_in_subprocess(self, assignment: str, nb, seal: Seal | None):
        tmp = tempfile.TemporaryDirectory(prefix="judge-")
        notebook = os.path.join(tmp.name, "submission.ipynb")
        out = os.path.join(tmp.name, "verdict.json")
        nbformat.write(nb, notebook)
        env = child_environment(GRADING_LIMITS=json.dumps(self.limits().to_json()),
                                GRADING_SEAL=json.dumps(seal.to_json() if seal else None))
        errors = open(os.path.join(tmp.name, "stderr.txt"), "w+b")
        proc = subprocess.Popen(
            isolation.limited_command([sys.executable, "-m", "autograder.judge", assignment,
                                       notebook, out, str(self.time_budget())],
                                      self.judge_memory_mb * 2**20),
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=errors)

        def wait() -> Verdict:
            with tmp, errors:
                try:
                    proc.wait(timeout=self.timeout)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                    self.log.error("judging %s took longer than %s s", assignment, self.timeout)
                    return Verdict.failed(f"grading took longer than {self.timeout} s")
                if proc.returncode != 0 or not os.path.exists(out):
                    errors.seek(0)
                    self.log.error("the judge failed for %s:\n%s", assignment,
                                   errors.read().decode("utf-8", "replace")[-3000:])
                    return Verdict.failed(INTERNAL_ERROR)
                with open(out, encoding="utf-8") as fh:
                    return Verdict.from_json(json.load(fh))
        return wait

    def _keep_verdict(self, resources, verdict: Verdict) -> None:
        """Save ``verdict`` in ``verdict_dir`` (where a class-grading worker reads it)."""
        meta = resources.get("nbgrader", {})
        assignment, student = meta["assignment"], meta.get("student", "unknown")
        if self.verdict_dir:
            atomic.write_json(Path(self.verdict_dir) / assignment / f"{student}.json",
                              verdict.to_json())
