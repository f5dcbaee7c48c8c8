"""Starts the judge's student process inside bubblewrap.

:class:`autograder.harness.student_process.StudentProcess` is portable (it also runs the students'
self-check on Windows and macOS); grading hands it a launcher that seals the process:

* :class:`SealedLauncher` starts a new sealed process per student: its command is
  wrapped in ``bwrap`` with rlimits and the seccomp filter. Killing it ends its PID
  namespace, background children included.
* :class:`autograder.seal.zygote.WarmLauncher` forks it from a zygote that is sealed
  the same way and has already imported NumPy and TensorFlow (class grading).
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder.harness.student_process import Limits, StartedProcess

from . import isolation, seccomp

HARNESS = Path(__file__).resolve().parents[1] / "harness"

# bwrap --die-with-parent ties a sealed process's life to the *thread* that started it
# (Linux's parent-death signal follows threads), and the judge starts student processes
# from short-lived threads: every sealed process is started from this one lasting thread
_STARTER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seal-starter")


def popen_sealed(cmd: list[str], **kwargs) -> subprocess.Popen:
    """``subprocess.Popen(cmd, **kwargs)``, started from the lasting starter thread."""
    return _STARTER.submit(subprocess.Popen, cmd, **kwargs).result()


def _process_tree() -> dict[int, set[int]]:
    """parent pid -> its children's pids (from /proc: the seal is Linux only)."""
    children: dict[int, set[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, set()).add(int(stat.parent.name))
    return children


def _descendants(tree: dict[int, set[int]], pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


class SealedProcess(StartedProcess):
    """A sealed student process, killed with everything in its namespace.

    bwrap's process inside the namespace has a session of its own and dies only when
    the outer bwrap is gone; killing it too, and waiting until it has gone, means no
    student process is still tearing down when grading moves on.
    """

    inside: set[int] = frozenset()

    def kill(self) -> None:
        tree = _process_tree()
        self.inside = _descendants(tree, self.popen.pid)
        # bwrap's own children first: until bwrap is killed their pids cannot be reused,
        # and killing the namespace's first process ends every process in it
        for pid in tree.get(self.popen.pid, ()):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:  # already gone
                pass
        super().kill()

    def wait(self, timeout: float | None = None) -> int:
        """bwrap reports a child killed by signal N as 128 + N: make it -N again."""
        code = super().wait(timeout)
        until = time.monotonic() + (5.0 if timeout is None else timeout)
        while any(not _gone(pid) for pid in self.inside) and time.monotonic() < until:
            time.sleep(0.01)
        return 128 - code if code > 128 else code


class SealedLauncher:
    """Starts each student process in a seal of its own (see :mod:`isolation`)."""

    home = "/tmp"  # the sandbox's private /tmp; the grader's folders are out of reach

    def __init__(self, bubblewrap: isolation.Bubblewrap, readable=()):
        self.bubblewrap = bubblewrap
        self.readable = [str(HARNESS), *readable]

    def wrap(self, cmd: list[str], limits: Limits) -> tuple[list[str], list[int]]:
        """The sealed command and the file descriptors it must inherit."""
        fd = seccomp.open_program()
        sealed = self.bubblewrap.command(cmd, readable=self.readable,
                                         memory_bytes=limits.memory_bytes,
                                         file_bytes=limits.file_bytes, seccomp_fd=fd)
        return sealed, [fd] if fd is not None else []

    def start(self, cmd: list[str], env: dict, cwd: str, stderr, limits: Limits
              ) -> SealedProcess:
        sealed, fds = self.wrap(cmd, limits)
        try:  # its own session: killing the group ends bwrap and the namespace
            popen = popen_sealed(sealed, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=stderr, cwd=cwd, env=env, bufsize=0, pass_fds=fds,
                                 start_new_session=True)
        finally:
            for fd in fds:
                os.close(fd)
        return SealedProcess(popen, group=True)
