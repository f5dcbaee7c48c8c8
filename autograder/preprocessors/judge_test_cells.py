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
from traitlets import Bool, Unicode

from autograder import atomic
from autograder.course import ROOT, check_question
from autograder.grading_settings import GradingSettings, settings_for
from autograder.harness.notebook import nbgrader_meta
from autograder.harness.quiet import child_environment
from autograder.preprocessors.sealed_execute import EXECUTION_STOPPED
from autograder.seal import isolation
from autograder.seal.settings import UNSEALED_NOTE
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

    in_process = Bool(False, help="Judge in this process (a class-grading worker, which "
                      "keeps TensorFlow and the suites imported) instead of a fresh one."
                      ).tag(config=True)
    verdict_dir = Unicode("", help="If set, each verdict is also saved as "
                          "<verdict_dir>/<assignment>/<student>.json: the whole verdict "
                          "(every failed check with its message), for the instructor."
                          ).tag(config=True)

    def preprocess(self, nb, resources):
        assignment = resources["nbgrader"]["assignment"]
        pending = resources.pop(PENDING, None)  # started early by StartJudge
        verdict = pending() if pending is not None else self.start_judging(nb, resources)()
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

    def start_judging(self, nb, resources):
        """Begin judging ``nb``; returns a function that waits for the verdict.

        Fails closed: raises ``isolation.SealUnavailable`` (nbgrader then records no
        grade for this notebook) unless the seal works or unsealed grading is allowed.
        """
        assignment = resources["nbgrader"]["assignment"]
        settings = settings_for(self, resources)  # handed down to the judge as they are
        if self.in_process:
            wait = self._judge_in_thread(assignment, nbformat.writes(nb), settings)
        else:
            wait = self._judge_in_subprocess(assignment, nb, settings)
        if settings.seal is not None:
            return wait
        return lambda: wait().as_unsealed()

    def _judge_in_thread(self, assignment: str, text: str, settings: GradingSettings):
        from autograder import judge
        timeout = settings.judge_seconds
        done: dict = {}

        def run():
            try:
                done["verdict"] = judge.judge(assignment, text, settings.student,
                                              time_budget=settings.judge_budget,
                                              seal=settings.seal)
            except Exception:  # noqa: BLE001 - our fault, never the student's score silently
                import traceback
                self.log.error("the judge failed for %s:\n%s", assignment,
                               traceback.format_exc()[-3000:])
                done["verdict"] = Verdict.failed(INTERNAL_ERROR)

        thread = threading.Thread(target=run, name=f"judge-{assignment}", daemon=True)
        thread.start()

        def wait() -> Verdict:
            thread.join(timeout)
            if thread.is_alive():
                self.log.error("judging %s took longer than %s s", assignment, timeout)
                return Verdict.failed(f"grading took longer than {timeout} s")
            return done["verdict"]
        return wait

    def _judge_in_subprocess(self, assignment: str, nb, settings: GradingSettings):
        timeout, seal = settings.judge_seconds, settings.seal
        tmp = tempfile.TemporaryDirectory(prefix="judge-")
        notebook = os.path.join(tmp.name, "submission.ipynb")
        out = os.path.join(tmp.name, "verdict.json")
        nbformat.write(nb, notebook)
        env = child_environment(GRADING_LIMITS=json.dumps(settings.student.to_json()),
                                GRADING_SEAL=json.dumps(seal.to_json() if seal else None))
        errors = open(os.path.join(tmp.name, "stderr.txt"), "w+b")
        proc = subprocess.Popen(
            isolation.limited_command([sys.executable, "-m", "autograder.judge", assignment,
                                       notebook, out, str(settings.judge_budget)],
                                      settings.judge_memory_bytes),
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=errors)

        def wait() -> Verdict:
            with tmp, errors:
                try:
                    proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                    self.log.error("judging %s took longer than %s s", assignment, timeout)
                    return Verdict.failed(f"grading took longer than {timeout} s")
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
