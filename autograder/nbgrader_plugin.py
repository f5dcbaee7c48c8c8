"""nbgrader preprocessors that put the hidden suites into plain ``nbgrader autograde``.

``ProvideHarness`` runs before ``Execute``: it gives the notebook's folder the public
``_harness`` package so the test cells import in the student's kernel.
``JudgeTestCells`` runs after ``Execute``: it hands the notebook to a fresh judge
process (:mod:`autograder.judge`) and replaces every autograded test cell's output
with the verdict - a readable report, and the score as the cell's last expression,
which nbgrader reads as partial credit. Whatever the kernel printed into a test cell
is discarded, so student code cannot forge a grade there.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Float, Integer, Unicode

from autograder import atomic
from autograder.harness import isolation

ROOT = Path(__file__).resolve().parents[1]
HARNESS = Path(__file__).resolve().parent / "harness"
PENDING = "pending_verdict"  # resources key: StartJudge -> JudgeTestCells


INTERNAL_ERROR = "internal grading error (the instructor has the log)"


def no_verdict(reason: str) -> dict:
    """The verdict when judging failed: every question scores 0 with ``reason``."""
    return {"error": reason, "questions": {}}


def _notebook_dir(resources) -> Path:
    return Path(resources.get("metadata", {}).get("path") or ".")


class SealedKernelManager(AsyncKernelManager):
    """Starts the student's kernel sealed: read-only filesystem except its own folder,
    course files concealed, own PID namespace (see ``harness/isolation.py``)."""

    memory_bytes = 8 * 2**30  # address space of the student's kernel

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.connection_file:  # in the runtime folder, so /tmp can be private
            import uuid

            from jupyter_core.paths import jupyter_runtime_dir
            os.makedirs(jupyter_runtime_dir(), exist_ok=True)
            self.connection_file = os.path.join(jupyter_runtime_dir(),
                                                f"kernel-sealed-{uuid.uuid4()}.json")

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        if isolation.available():
            folder = Path(kw.get("cwd") or os.getcwd()).resolve()
            conceal = [ROOT, Path.home(), Path(os.getcwd())]  # nbgrader runs in the course root
            from jupyter_core.paths import jupyter_runtime_dir  # the connection file is there
            kernel_cmd = isolation.sealed_command(kernel_cmd, writable=[folder],
                                                  memory_bytes=self.memory_bytes,
                                                  visible=[Path(jupyter_runtime_dir()),
                                                           Path(self.connection_file)],
                                                  conceal=conceal)
        await super()._async_launch_kernel(kernel_cmd, **kw)


class SealedExecute(Execute):
    """nbgrader's Execute, with the student's kernel started by SealedKernelManager.

    A kernel that dies (``os._exit`` in a cell, a killed process, memory) would make
    nbgrader drop the whole submission; here the execution stops, the notebook keeps
    the outputs it has, and the judge still grades every answer cell.
    """

    kernel_memory_mb = Integer(8192, help="Address-space limit of the student's kernel, MiB."
                               ).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SealedKernelManager
        super().__init__(*args, **kwargs)
        SealedKernelManager.memory_bytes = self.kernel_memory_mb * 2**20

    seconds = 0.0  # executing notebooks in this process, for the class-grading breakdown

    def preprocess(self, nb, resources, km=None):
        began = time.perf_counter()
        try:
            return super().preprocess(nb, resources, km=km)
        except Exception as exc:  # noqa: BLE001 - whatever the student's kernel did
            self.log.warning("executing the notebook stopped early (%s: %s); its answer "
                             "cells are graded all the same", type(exc).__name__, exc)
            return nb, resources
        finally:
            SealedExecute.seconds += time.perf_counter() - began


class ProvideHarness(NbGraderPreprocessor):
    """Copy the public checking package next to the notebook being autograded."""

    def preprocess(self, nb, resources):
        target = _notebook_dir(resources) / "_harness"
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.exists():
            shutil.rmtree(target)
        shutil.copytree(HARNESS, target, ignore=shutil.ignore_patterns("__pycache__"))
        return nb, resources


class JudgeTestCells(NbGraderPreprocessor):
    """Score every ``check_*`` test cell from the hidden suite, out of process."""

    timeout = Integer(1800, help="Seconds one notebook's judging may take in all.").tag(
        config=True)
    call_timeout = Float(30.0, help="Seconds one call of a student function may take."
                         ).tag(config=True)
    cell_timeout = Float(60.0, help="Seconds one answer cell may take to run at start-up."
                         ).tag(config=True)
    memory_mb = Integer(6144, help="Address-space limit of the student process, MiB."
                        ).tag(config=True)
    file_mb = Integer(64, help="Largest file the student process may write, MiB.").tag(
        config=True)
    in_process = Bool(False, help="Judge in this process (a class-grading worker, which "
                      "keeps TensorFlow and the suites imported) instead of a fresh one."
                      ).tag(config=True)
    verdict_dir = Unicode("", help="If set, each verdict is also saved as "
                          "<verdict_dir>/<assignment>/<student>.json (for the class report)."
                          ).tag(config=True)

    def preprocess(self, nb, resources):
        assignment = resources["nbgrader"]["assignment"]
        pending = resources.pop(PENDING, None)  # started early by StartJudge
        verdict = pending() if pending is not None else self.start_judging(assignment, nb)()
        self._save_verdict(resources, verdict)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id", "")
            if cell.cell_type != "code" or not meta.get("grade") or \
                    not grade_id.startswith("check_"):
                continue
            entry = verdict.get("questions", {}).get(grade_id)
            if entry is None:
                reason = verdict.get("error") or "this question could not be graded"
                entry = {"score": 0.0, "report": f"{grade_id[6:]}: 0 points - {reason}"}
            cell.outputs = [
                nbformat.v4.new_output("stream", name="stdout", text=entry["report"] + "\n"),
                nbformat.v4.new_output("execute_result", data={"text/plain": repr(entry["score"])},
                                       execution_count=cell.get("execution_count")),
            ]
        return nb, resources

    def limits(self) -> dict:
        return {"call_timeout": self.call_timeout, "cell_timeout": self.cell_timeout,
                "memory_bytes": self.memory_mb * 2**20, "file_bytes": self.file_mb * 2**20}

    def start_judging(self, assignment: str, nb):
        """Begin judging ``nb``; returns a function that waits for the verdict."""
        if not isolation.available():
            self.log.warning("user namespaces are unavailable: student code runs unsealed "
                             "(see the README, grading security)")
        if self.in_process:
            return self._judge_in_thread(assignment, nbformat.writes(nb))
        return self._judge_in_subprocess(assignment, nb)

    def _judge_in_thread(self, assignment: str, text: str):
        from autograder import judge
        os.environ["GRADING_COURSE_ROOT"] = os.getcwd()
        limits = judge.sealed_limits(self.limits())
        done: dict = {}

        def run():
            try:
                done["verdict"] = judge.judge(assignment, text, limits)
            except Exception:  # noqa: BLE001 - our fault, never the student's score silently
                import traceback
                self.log.error("the judge failed for %s:\n%s", assignment,
                               traceback.format_exc()[-3000:])
                done["verdict"] = no_verdict(INTERNAL_ERROR)

        thread = threading.Thread(target=run, name=f"judge-{assignment}", daemon=True)
        thread.start()

        def wait() -> dict:
            thread.join(self.timeout)
            if thread.is_alive():
                self.log.error("judging %s took longer than %s s", assignment, self.timeout)
                return no_verdict(f"grading took longer than {self.timeout} s")
            return done["verdict"]
        return wait

    def _judge_in_subprocess(self, assignment: str, nb):
        tmp = tempfile.TemporaryDirectory(prefix="judge-")
        notebook = os.path.join(tmp.name, "submission.ipynb")
        out = os.path.join(tmp.name, "verdict.json")
        nbformat.write(nb, notebook)
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore",
                   GRADING_COURSE_ROOT=os.getcwd(), GRADING_LIMITS=json.dumps(self.limits()))
        env.pop("NBGRADER_EXECUTION", None)
        errors = open(os.path.join(tmp.name, "stderr.txt"), "w+b")
        proc = subprocess.Popen(
            [sys.executable, "-m", "autograder.judge", assignment, notebook, out],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=errors)

        def wait() -> dict:
            with tmp, errors:
                try:
                    proc.wait(timeout=self.timeout)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                    self.log.error("judging %s took longer than %s s", assignment, self.timeout)
                    return no_verdict(f"grading took longer than {self.timeout} s")
                if proc.returncode != 0 or not os.path.exists(out):
                    errors.seek(0)
                    self.log.error("the judge failed for %s:\n%s", assignment,
                                   errors.read().decode("utf-8", "replace")[-3000:])
                    return no_verdict(INTERNAL_ERROR)
                with open(out, encoding="utf-8") as fh:
                    return json.load(fh)
        return wait

    def _save_verdict(self, resources, verdict: dict) -> None:
        if not self.verdict_dir:
            return
        meta = resources.get("nbgrader", {})
        atomic.write_json(Path(self.verdict_dir) / meta["assignment"] /
                          f"{meta.get('student', 'unknown')}.json", verdict)


class StartJudge(JudgeTestCells):
    """Start judging before the notebook is executed, so the two run side by side.

    The judge reads only the answer cells' source, which executing does not change,
    so the verdict is the one ``JudgeTestCells`` would compute after execution; place
    this before ``SealedExecute`` and ``JudgeTestCells`` collects it.
    """

    def preprocess(self, nb, resources):
        resources[PENDING] = self.start_judging(resources["nbgrader"]["assignment"], nb)
        return nb, resources
