"""nbgrader's ``Execute``, with the student's kernel sealed and bounded."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute

from autograder.grading_settings import GradingSettings, settings_for
from autograder.seal import isolation, seccomp


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


def execution_stop(exc: BaseException, cell: dict | None) -> dict:
    """Why executing a notebook stopped, as data: ``kind`` (``kernel_died``,
    ``timeout`` or ``error``, from the exception's type), ``message`` and the cell
    (``index`` from 0, ``grade_id`` if it has one) being executed, if any."""
    from nbclient.exceptions import DeadKernelError
    if isinstance(exc, DeadKernelError):
        kind = "kernel_died"
    elif isinstance(exc, (TimeoutError, NotebookTimeUp)):  # a cell's or the notebook's
        kind = "timeout"
    else:
        kind = "error"
    text = str(exc).strip()
    detail = text.splitlines()[0][:300] if text else "no detail"
    return {"kind": kind, "message": f"{type(exc).__name__}: {detail}", "cell": cell}


# resources key: why executing this notebook stopped early (``execution_stop``), for
# JudgeTestCells, which runs after SealedExecute on the same resources
EXECUTION_STOPPED = "execution_stopped"


class SealedExecute(Execute):
    """nbgrader's Execute, with the student's kernel started by SealedKernelManager.

    A kernel that dies (``os._exit`` in a cell, a killed process, memory) would make
    nbgrader drop the whole submission; here the execution stops, the notebook keeps
    the outputs it has, and the judge still grades every answer cell. Execution has a
    total time cap besides the per-cell one, and the kernel's output is capped before
    nbgrader holds it.
    """

    seconds = 0.0  # executing notebooks in this process, for the class-grading breakdown

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SealedKernelManager
        super().__init__(*args, **kwargs)
        self._deadline = float("inf")
        self._output_bytes = 0
        self._settings: GradingSettings | None = None

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        km.seal = self._settings.bubblewrap
        km.memory_bytes = self._settings.kernel_memory_bytes
        km.max_message_bytes = self._settings.output_bytes
        return km

    def preprocess(self, nb, resources, km=None):
        self._settings = settings_for(self, resources)  # fails closed
        began = time.perf_counter()
        self._deadline = time.monotonic() + self._settings.notebook_seconds
        self._output_bytes = 0
        self._cell_capped = False
        self._cell = None
        try:
            return super().preprocess(nb, resources, km=km)
        except Exception as exc:  # noqa: BLE001 - whatever the student's kernel did
            if self._cell_capped and isinstance(exc, TimeoutError):  # it had what was left
                exc = NotebookTimeUp(f"executing the notebook took longer than "
                                     f"{self._settings.notebook_seconds} s in all")
            self.log.warning("executing the notebook stopped early (%s: %s); its answer "
                             "cells are graded all the same", type(exc).__name__, exc)
            # JudgeTestCells puts it in the verdict it keeps (and the record takes it)
            resources[EXECUTION_STOPPED] = execution_stop(exc, self._cell)
            return nb, resources
        finally:
            SealedExecute.seconds += time.perf_counter() - began

    def preprocess_cell(self, cell, resources, index):
        meta = cell.get("metadata", {}).get("nbgrader")
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        self._cell = {"index": index,
                      "grade_id": grade_id if isinstance(grade_id, str) else None}
        return super().preprocess_cell(cell, resources, index)

    def _get_timeout(self, cell):
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise NotebookTimeUp(f"executing the notebook took longer than "
                                 f"{self._settings.notebook_seconds} s in all")
        timeout = super()._get_timeout(cell)
        self._cell_capped = not timeout or left < timeout
        return max(1, int(min(timeout, left) if timeout else left))

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        self._output_bytes += size
        limit = self._settings.output_bytes
        if self._output_bytes > limit:
            if self._output_bytes - size <= limit:  # the first output over the cap
                note = nbformat.v4.new_output(
                    "stream", name="stdout",
                    text=f"\n[output beyond {limit // 2**20} MiB dropped by the grader]\n")
                outs.append(note)
                return note
            return None
        return super().output(outs, msg, display_id, cell_index)
