"""Student processes that start warm: forked from a sealed zygote.

A cold student process pays for Python's start and for importing NumPy, Matplotlib
and TensorFlow (2-7 s) before the first cell runs. A class-grading worker judges
notebook after notebook, so it keeps a *zygote*: a process started in exactly the
seal of a cold student process (:mod:`isolation`: the same bubblewrap view, seccomp
filter, rlimits and environment) that imports those libraries once and then forks
one student process per request (:mod:`zygote_server`, which also says how nothing
of one student survives into the next).

The zygote lives in the grader's process (one per concurrent judge, kept in a small
pool) and is replaced when it fails in any way: a zygote that does not answer, dies
or cannot clean up is killed and the next student gets a new one.
"""
from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from autograder.harness.student_process import HERE as HARNESS, Limits, StudentProcessDied, \
    student_environment

from . import isolation
from .launcher import SealedLauncher, popen_sealed

SERVER = Path(__file__).resolve().with_name("zygote_server.py")
# what the course's notebooks import; a student process finds them already loaded
WARM_MODULES = ("numpy", "matplotlib", "matplotlib.pyplot", "tensorflow", "keras")
HOME = "/tmp"
START_TIMEOUT = 300.0  # seconds for the zygote's imports on a loaded machine
REPLY_TIMEOUT = 15.0   # seconds for its answer to a fork or a reset


class ZygoteFailed(StudentProcessDied):
    """The zygote did not do what was asked; it has been killed."""


class Zygote:
    """One sealed zygote process and the socket to it."""

    def __init__(self, seal: SealedLauncher, limits: Limits):
        """Start the zygote in exactly the seal ``seal`` gives a cold student process."""
        self.log = tempfile.TemporaryFile(prefix="zygote-")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.socket = ours
        cmd = [sys.executable, "-I", str(SERVER), str(theirs.fileno()),
               str(HARNESS / "wire.py"), str(HARNESS / "testfns.py"),
               str(HARNESS / "student_process_main.py"), str(limits.memory_bytes),
               str(limits.file_bytes), ",".join(WARM_MODULES)]
        sealed, fds = seal.wrap(cmd, limits)
        try:
            self.popen = popen_sealed(  # from a lasting thread: see popen_sealed
                sealed, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log,
                env=student_environment(HOME), pass_fds=[theirs.fileno(), *fds],
                start_new_session=True)
        finally:
            theirs.close()
            for fd in fds:
                os.close(fd)
        self.ask(None, START_TIMEOUT)  # "ready" once the imports are done

    def ask(self, request: dict | None, timeout: float, fds=()) -> dict:
        """Send ``request`` (None: nothing) and return the zygote's answer."""
        try:
            self.socket.settimeout(timeout)
            if request is not None:
                socket.send_fds(self.socket, [json.dumps(request).encode()], list(fds))
            data = self.socket.recv(4096)
            if not data:
                raise OSError("the zygote ended")
            reply = json.loads(data)
        except (OSError, ValueError) as exc:
            self.close()
            raise ZygoteFailed(f"the warm student process failed ({exc}){self._log_tail()}"
                               ) from None
        if "unclean" in reply:
            self.close()
            raise ZygoteFailed(f"the warm student process could not clean up: "
                               f"{reply['unclean']}")
        return reply

    def _log_tail(self) -> str:
        try:
            self.log.seek(0)
            lines = self.log.read().decode("utf-8", "replace").strip().splitlines()
            return f": {lines[-1]}" if lines else ""
        except (OSError, ValueError):
            return ""

    def alive(self) -> bool:
        return self.popen.poll() is None

    def close(self) -> None:
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except OSError:
            pass
        self.popen.wait()
        self.socket.close()
        self.log.close()


class _Pool:
    """Idle zygotes by seal, so that one worker's successive judges share one."""

    def __init__(self):
        self.lock = threading.Lock()
        self.idle: dict[tuple, list[Zygote]] = {}
        atexit.register(self.close)

    def take(self, key: tuple, make) -> Zygote:
        with self.lock:
            while self.idle.get(key):
                zygote = self.idle[key].pop()
                if zygote.alive():
                    return zygote
                zygote.close()
        return make()

    def give_back(self, key: tuple, zygote: Zygote) -> None:
        with self.lock:
            self.idle.setdefault(key, []).append(zygote)

    def close(self) -> None:
        with self.lock:
            zygotes = [z for group in self.idle.values() for z in group]
            self.idle.clear()
        for zygote in zygotes:
            zygote.close()


POOL = _Pool()


class WarmProcess:
    """A student process forked by a zygote, as :class:`StudentProcess` uses it."""

    def __init__(self, zygote: Zygote, stderr, give_back):
        self.zygote, self.give_back = zygote, give_back
        child_in, to_child = os.pipe()
        from_child, child_out = os.pipe()
        try:
            self.pid = zygote.ask({"op": "fork"}, REPLY_TIMEOUT,
                                  fds=[child_in, child_out, stderr.fileno()])["pid"]
        except ZygoteFailed:
            for fd in (to_child, from_child):
                os.close(fd)
            raise
        finally:
            os.close(child_in)
            os.close(child_out)
        self.stdin = os.fdopen(to_child, "wb", buffering=0)
        self.stdout = os.fdopen(from_child, "rb", buffering=0)
        self.code: int | None = None

    def kill(self) -> None:
        """Kill the student and everything it started, and hand the zygote back clean."""
        if self.zygote is None:
            return
        zygote, self.zygote = self.zygote, None
        try:
            code = zygote.ask({"op": "reset"}, REPLY_TIMEOUT)["code"]
        except ZygoteFailed:
            code = -9
        else:
            self.give_back(zygote)
        if self.code is None:
            self.code = -9 if code is None else code

    def wait(self, timeout: float | None = None) -> int:
        if self.code is None and self.zygote is not None:
            wait = 3600.0 if timeout is None else timeout
            try:
                self.code = self.zygote.ask({"op": "wait", "timeout": wait},
                                            wait + REPLY_TIMEOUT)["code"]
            except ZygoteFailed:
                self.zygote, self.code = None, -9
        if self.code is None:
            raise subprocess.TimeoutExpired("student", timeout)
        return self.code


class WarmLauncher:
    """Forks each student process from a warm zygote in the seal (see module docstring)."""

    home = HOME

    def __init__(self, bubblewrap: isolation.Bubblewrap, readable=()):
        self.seal = SealedLauncher(bubblewrap, [str(SERVER), *map(str, readable)])

    def _key(self, limits: Limits) -> tuple:
        return (self.seal.bubblewrap, tuple(self.seal.readable), limits.memory_bytes,
                limits.file_bytes)

    def start(self, cmd: list[str], env: dict, cwd: str, stderr, limits: Limits
              ) -> WarmProcess:
        """Fork a student process (``cmd`` and ``env`` are those of a cold one, which
        the zygote was started to match)."""
        key = self._key(limits)
        zygote = POOL.take(key, lambda: Zygote(self.seal, limits))
        return WarmProcess(zygote, stderr, lambda z: POOL.give_back(key, z))
