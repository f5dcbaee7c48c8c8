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
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Float, Integer

from autograder.harness import isolation

ROOT = Path(__file__).resolve().parents[1]
HARNESS = Path(__file__).resolve().parent / "harness"


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

    def preprocess(self, nb, resources, km=None):
        try:
            return super().preprocess(nb, resources, km=km)
        except Exception as exc:  # noqa: BLE001 - whatever the student's kernel did
            self.log.warning("executing the notebook stopped early (%s: %s); its answer "
                             "cells are graded all the same", type(exc).__name__, exc)
            return nb, resources


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

    def preprocess(self, nb, resources):
        assignment = resources["nbgrader"]["assignment"]
        if not isolation.available():
            self.log.warning("user namespaces are unavailable: student code runs unsealed "
                             "(see the README, grading security)")
        verdict = self._run_judge(assignment, nb)
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

    def _run_judge(self, assignment: str, nb) -> dict:
        with tempfile.TemporaryDirectory(prefix="judge-") as tmp:
            notebook = os.path.join(tmp, "submission.ipynb")
            out = os.path.join(tmp, "verdict.json")
            nbformat.write(nb, notebook)
            limits = {"call_timeout": self.call_timeout, "cell_timeout": self.cell_timeout,
                      "memory_bytes": self.memory_mb * 2**20, "file_bytes": self.file_mb * 2**20}
            env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore",
                       GRADING_COURSE_ROOT=os.getcwd(), GRADING_LIMITS=json.dumps(limits))
            env.pop("NBGRADER_EXECUTION", None)
            try:
                proc = subprocess.run(
                    [sys.executable, "-m", "autograder.judge", assignment, notebook, out],
                    cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                    timeout=self.timeout)
            except subprocess.TimeoutExpired:
                self.log.error("judging %s took longer than %s s", assignment, self.timeout)
                return {"error": f"grading took longer than {self.timeout} s", "questions": {}}
            if proc.returncode != 0 or not os.path.exists(out):
                self.log.error("the judge failed for %s:\n%s", assignment,
                               proc.stderr.decode("utf-8", "replace")[-3000:])
                return {"error": "internal grading error (the instructor has the log)",
                        "questions": {}}
            with open(out, encoding="utf-8") as fh:
                return json.load(fh)
