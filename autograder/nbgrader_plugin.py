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
from autograder.harness.notebook import check_question, nbgrader_meta
from autograder.harness.quiet import child_environment
from autograder.seal.settings import UNSEALED_NOTE, GradingSeal
from autograder.seal import isolation, seccomp
from autograder.course import ROOT
HARNESS = Path(__file__).resolve().parent / "harness"
PENDING = "pending_verdict"  # resources key: StartJudge -> JudgeTestCells


INTERNAL_ERROR = "internal grading error (the instructor has the log)"


def no_verdict(reason: str) -> dict:
    """The verdict when judging failed: every question scores 0 with ``reason``."""
    return {"error": reason, "questions": {}}


def _notebook_dir(resources) -> Path:
    return Path(resources.get("metadata", {}).get("path") or ".")


class SealedKernelManager(AsyncKernelManager):
    """Starts the student's kernel sealed (``autograder/seal/isolation.py``).

    The kernel sees the system, the Python environment and, at its notebook folder's
    path, a private scratch copy of that folder: what it writes there (links included)
    is thrown away, so no later grading step reads, writes or copies through it. It
    talks to nbgrader over Unix sockets in a folder of its own, so it runs without a
    network, and a single message from it is capped in size before nbgrader holds it.
    """

    seal: isolation.Bubblewrap | None = None  # set by SealedExecute; None: unsealed
    _seccomp_fd: int | None = None
    memory_bytes = -1
    max_message_bytes = 16 * 2**20

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._private = tempfile.mkdtemp(prefix="kernel-")  # grader-only; holds the below
        self._sockets = os.path.join(self._private, "ipc")  # the kernel's only writable
        os.mkdir(self._sockets)                              # folder besides its scratch
        self.transport = "ipc"
        self.ip = os.path.join(self._sockets, "k")
        if not self.connection_file:
            self.connection_file = os.path.join(self._private, "connection.json")

    def client(self, **kwargs):
        import zmq
        import zmq.asyncio
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.MAXMSGSIZE, self.max_message_bytes)
        return super().client(context=context, **kwargs)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        if self.seal is not None:
            folder = Path(kw.get("cwd") or os.getcwd()).resolve()
            scratch = os.path.join(self._private, "notebook")
            _copy_without_links(folder, Path(scratch))
            env = dict(kw.get("env") or os.environ)
            env.update(HOME="/tmp", TMPDIR="/tmp", MPLCONFIGDIR="/tmp",
                       IPYTHONDIR="/tmp/.ipython", JUPYTER_RUNTIME_DIR="/tmp")
            kw["env"] = env
            kw["cwd"] = self._private
            # what it writes to its own file descriptors would reach nbgrader's log
            kw["stdout"] = kw["stderr"] = subprocess.DEVNULL
            self._seccomp_fd = seccomp.open_program()
            if self._seccomp_fd is not None:
                kw["pass_fds"] = (self._seccomp_fd,)
            kernel_cmd = self.seal.command(
                kernel_cmd, readable=[self.connection_file], seccomp_fd=self._seccomp_fd,
                writable=[(scratch, str(folder)), self._sockets], workdir=str(folder),
                memory_bytes=self.memory_bytes,
                # its parent is the sandbox's init, not nbgrader: no parent polling (bwrap's
                # --die-with-parent ends it with nbgrader instead)
                unset_env=["JPY_PARENT_PID"])
        try:
            await super()._async_launch_kernel(kernel_cmd, **kw)
        finally:
            if self._seccomp_fd is not None:
                os.close(self._seccomp_fd)
                self._seccomp_fd = None

    async def _async_interrupt_kernel(self):
        """Interrupt by message: the sealed kernel is in a session of its own, out of
        reach of signals to the launcher's process group."""
        if self.seal is not None and self.has_kernel:
            self._connect_control_socket()
            self.session.send(self._control_socket,
                              self.session.msg("interrupt_request", content={}))
            return
        await super()._async_interrupt_kernel()

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._private, ignore_errors=True)


def _copy_without_links(source: Path, target: Path) -> None:
    """Copy the regular files and folders of ``source``; links are left out."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.is_symlink():
            continue
        if entry.is_dir():
            _copy_without_links(entry, target / entry.name)
        elif entry.is_file():
            shutil.copy2(entry, target / entry.name)


class NotebookTimeUp(RuntimeError):
    """Executing the notebook used up its total time."""


class SealedExecute(Execute):
    """nbgrader's Execute, with the student's kernel started by SealedKernelManager.

    A kernel that dies (``os._exit`` in a cell, a killed process, memory) would make
    nbgrader drop the whole submission; here the execution stops, the notebook keeps
    the outputs it has, and the judge still grades every answer cell. Execution has a
    total time cap besides the per-cell one, and the kernel's output is capped before
    nbgrader holds it.
    """

    kernel_memory_mb = Integer(8192, help="Address-space limit of the student's kernel, MiB."
                               ).tag(config=True)
    notebook_timeout = Integer(900, help="Seconds executing one notebook may take in all "
                               "(each cell also has Execute.timeout).").tag(config=True)
    output_mb = Integer(8, help="Kernel output kept per notebook, MiB; a single output "
                        "message larger than this is dropped.").tag(config=True)

    seconds = 0.0  # executing notebooks in this process, for the class-grading breakdown

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SealedKernelManager
        super().__init__(*args, **kwargs)
        self._deadline = float("inf")
        self._output_bytes = 0
        self._seal = None

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        km.seal = self._seal
        km.memory_bytes = self.kernel_memory_mb * 2**20
        km.max_message_bytes = self.output_mb * 2**20
        return km

    def preprocess(self, nb, resources, km=None):
        self._seal = GradingSeal(parent=self).bubblewrap()  # fails closed
        began = time.perf_counter()
        self._deadline = time.monotonic() + self.notebook_timeout
        self._output_bytes = 0
        try:
            return super().preprocess(nb, resources, km=km)
        except Exception as exc:  # noqa: BLE001 - whatever the student's kernel did
            self.log.warning("executing the notebook stopped early (%s: %s); its answer "
                             "cells are graded all the same", type(exc).__name__, exc)
            return nb, resources
        finally:
            SealedExecute.seconds += time.perf_counter() - began

    def _get_timeout(self, cell):
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise NotebookTimeUp(f"executing the notebook took longer than "
                                 f"{self.notebook_timeout} s in all")
        timeout = super()._get_timeout(cell)
        return max(1, int(min(timeout, left) if timeout else left))

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        self._output_bytes += size
        limit = self.output_mb * 2**20
        if self._output_bytes > limit:
            if self._output_bytes - size <= limit:  # the first output over the cap
                note = nbformat.v4.new_output(
                    "stream", name="stdout",
                    text=f"\n[output beyond {self.output_mb} MiB dropped by the grader]\n")
                outs.append(note)
                return note
            return None
        return super().output(outs, msg, display_id, cell_index)


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
                          "<verdict_dir>/<assignment>/<student>.json (for the class report)."
                          ).tag(config=True)

    def preprocess(self, nb, resources):
        assignment = resources["nbgrader"]["assignment"]
        pending = resources.pop(PENDING, None)  # started early by StartJudge
        verdict = pending() if pending is not None else self.start_judging(assignment, nb)()
        self._save_verdict(resources, verdict)
        for cell in nb.cells:
            meta = nbgrader_meta(cell)
            grade_id = str(meta.get("grade_id", ""))
            if cell.cell_type != "code" or not meta.get("grade") or \
                    check_question(grade_id) is None:
                continue
            entry = verdict.get("questions", {}).get(grade_id)
            if entry is None:
                reason = verdict.get("error") or "this question could not be graded"
                entry = {"score": 0.0, "report": f"{grade_id[6:]}: 0 points - {reason}"}
            text = entry["report"] + "\n"
            if verdict.get("unsealed"):
                text += f"  ({UNSEALED_NOTE})\n"
            cell.outputs = [
                nbformat.v4.new_output("stream", name="stdout", text=text),
                nbformat.v4.new_output("execute_result", data={"text/plain": repr(entry["score"])},
                                       execution_count=cell.get("execution_count")),
            ]
        return nb, resources

    def limits(self) -> dict:
        return {"call_timeout": self.call_timeout, "cell_timeout": self.cell_timeout,
                "memory_bytes": self.memory_mb * 2**20, "file_bytes": self.file_mb * 2**20,
                "warm_start": self.warm_start, **GradingSeal(parent=self).limits()}

    def time_budget(self) -> float:
        """The judge's own cap, inside ``timeout``: when it runs out, questions already
        judged keep their scores (``timeout`` itself is the backstop that kills it)."""
        return max(self.timeout - 60, self.timeout * 0.8)

    def start_judging(self, assignment: str, nb):
        """Begin judging ``nb``; returns a function that waits for the verdict.

        Fails closed: raises ``isolation.SealUnavailable`` (nbgrader then records no
        grade for this notebook) unless the seal works or unsealed grading is allowed.
        """
        unsealed = GradingSeal(parent=self).bubblewrap() is None
        if self.in_process:
            wait = self._judge_in_thread(assignment, nbformat.writes(nb))
        else:
            wait = self._judge_in_subprocess(assignment, nb)
        if not unsealed:
            return wait
        return lambda: dict(wait(), unsealed=True)

    def _judge_in_thread(self, assignment: str, text: str):
        from autograder import judge
        limits = judge.sealed_limits(self.limits())
        done: dict = {}

        def run():
            try:
                done["verdict"] = judge.judge(assignment, text, limits,
                                              time_budget=self.time_budget())
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
        env = child_environment(GRADING_LIMITS=json.dumps(self.limits()))
        errors = open(os.path.join(tmp.name, "stderr.txt"), "w+b")
        proc = subprocess.Popen(
            isolation.limited_command([sys.executable, "-m", "autograder.judge", assignment,
                                       notebook, out, str(self.time_budget())],
                                      self.judge_memory_mb * 2**20),
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
