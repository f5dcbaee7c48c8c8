"""Start and talk to the student process (see :mod:`student_process_main`).

The judge owns the process: it sends the cells one at a time, so a cell that kills
or hangs the process is known by name, skipped on the next start, and costs only
the functions it defines. Limits (memory, file size, wall time per cell and per
call) are set before any student code runs.

This module ships to students and runs their ``pytest`` self-check on Windows,
macOS and Linux alike, so it uses portable means only: the child's own stdin and
stdout carry the protocol, a reader thread turns a silent child into a timeout,
and the child sets its own rlimits where the platform has them. Grading seals the
process by handing in a launcher (``autograder/seal/launcher.py``, Linux only).
"""
from __future__ import annotations

import dataclasses
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import wire
from .notebook import is_setup, mentions_keras
from .quiet import QUIET_ENV

HERE = Path(__file__).resolve().parent

_BOOT = r"""
import importlib.util, sys
def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
_wire = _load("_grading_wire", sys.argv[1])
_fns = _load("_grading_testfns", sys.argv[2])
_child = _load("_grading_child", sys.argv[3])
_child.limit_resources(int(sys.argv[4]), int(sys.argv[5]))
del _load
_child.serve(_wire, _fns)
"""

PASSED_ENV = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TZ",
              "SYSTEMROOT", "WINDIR")  # Windows' Python needs SYSTEMROOT to start


@dataclasses.dataclass
class Limits:
    """Resource limits for one student process; defaults suit a 2-core laptop. How
    grading seals the process is not a limit: the launcher it hands in does that
    (``autograder.seal.settings.Seal``, which never ships to students)."""

    call_timeout: float = 30.0       # seconds per function call
    cell_timeout: float = 60.0       # seconds per cell while starting (TensorFlow import)
    memory_bytes: int = 6 * 2**30    # address space (where the platform can limit it)
    file_bytes: int = 64 * 2**20     # largest file the student may write
    max_starts: int = 25             # restarts after crashes before giving up

    def to_json(self) -> dict:
        """The form in which limits cross to a judge process (``GRADING_LIMITS``)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Limits":
        """Limits from :meth:`to_json`'s form; a key it lacks takes the default, and one
        it does not know is left out."""
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in dict(data).items() if k in known})


class StudentProcessDied(RuntimeError):
    """The student process ended while answering."""


class StudentProcessTimeout(RuntimeError):
    """The student process did not answer in time."""


def _process_groups() -> bool:
    """POSIX: the child leads a session of its own and killing it takes its children
    along. Windows has neither, and the self-check still works without it."""
    return hasattr(os, "killpg") and hasattr(os, "setsid") and hasattr(signal, "SIGKILL")


def _read_replies(stream, replies: queue.Queue) -> None:
    """Reader thread: every frame the child sends, then how the stream ended."""
    def read_exact(n: int) -> bytes:
        chunks, got = [], 0
        while got < n:
            chunk = stream.read(min(n - got, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    try:
        while True:
            replies.put(("reply", wire.read_frame(read_exact)))
    except (EOFError, OSError):
        replies.put(("eof", None))
    except Exception as exc:  # noqa: BLE001 - a bad frame (or the pipe closed by kill)
        replies.put(("malformed", exc))


def student_environment(home: str) -> dict[str, str]:
    """The whole environment of a student process: nothing of the caller's but what
    Python needs to start, quiet single-threaded libraries, and ``home`` for every
    place a library may write."""
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(HOME=home, TMPDIR=home, TEMP=home, TMP=home, KERAS_HOME=home,
               MPLBACKEND="Agg", **QUIET_ENV, PYTHONHASHSEED="0", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1", TF_NUM_INTRAOP_THREADS="1",
               TF_NUM_INTEROP_THREADS="1", CUDA_VISIBLE_DEVICES="",
               PYTHONDONTWRITEBYTECODE="1")
    return env


class StartedProcess:
    """A started student process as :class:`StudentProcess` uses it: the two protocol
    pipes, ``kill()`` that ends it and all it spawned, ``wait()`` giving its exit code
    (negative: the signal that ended it)."""

    def __init__(self, popen: subprocess.Popen, group: bool):
        self.popen, self.group = popen, group
        self.stdin, self.stdout, self.pid = popen.stdin, popen.stdout, popen.pid

    def kill(self) -> None:
        try:
            if self.group:
                os.killpg(self.popen.pid, signal.SIGKILL)
            else:
                self.popen.kill()
        except OSError:  # already gone
            pass

    def wait(self, timeout: float | None = None) -> int:
        return self.popen.wait(timeout)


class PlainLauncher:
    """Starts the student process as a plain child (the students' self-check)."""

    home = None  # the sandbox's own scratch folder

    def start(self, cmd: list[str], env: dict, cwd: str, stderr, limits: Limits
              ) -> StartedProcess:
        group = _process_groups()
        extra = {"start_new_session": True} if group else {}
        popen = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=stderr, cwd=cwd, env=env, bufsize=0, **extra)
        return StartedProcess(popen, group)


class StudentProcess:
    """One student process holding the namespace built from ``cells``: an ordinary
    subprocess, sealed only where grading's launcher seals it.

    ``launcher`` starts the process (:class:`PlainLauncher` unless given): grading
    hands in one that seals it (``autograder.seal.settings.Seal.launcher``; the judge's
    ``student_process`` fails closed where it cannot have one).
    """

    def __init__(self, cells: list[tuple[str, str]], limits: Limits | None = None,
                 launcher=None):
        self.cells = cells
        self.limits = limits or Limits()
        self.launcher = launcher or PlainLauncher()  # grading passes a sealed one
        self.cell_errors: dict[str, str] = {}
        self.poisoned: set[str] = set()
        self._failures: dict[str, int] = {}
        self._failed_boots = 0
        self.starts = 0
        self.start_seconds = 0.0  # spent bringing the process up and running the cells
        self.proc: subprocess.Popen | None = None
        self._replies: queue.Queue | None = None
        self._workdir = tempfile.TemporaryDirectory(prefix="student-")
        self.deadline: float | None = None  # time.monotonic() by which all must end
        # modules the process imports lazily (loaded when first used; student_process_main.py's
        # LazyModules): the self-check's, so that a notebook that imports Keras costs
        # no TensorFlow start-up until a check uses it. Grading leaves it empty.
        self.lazy_modules: tuple[str, ...] = ()

    # -- process lifecycle -------------------------------------------------
    def _spawn(self) -> None:
        self.starts += 1
        self._stderr = open(os.path.join(self._workdir.name, "stderr.txt"), "w+b")
        home = self.launcher.home or self._workdir.name
        cmd = [sys.executable, "-I", "-c", _BOOT, str(HERE / "wire.py"),
               str(HERE / "testfns.py"), str(HERE / "student_process_main.py"),
               str(self.limits.memory_bytes), str(self.limits.file_bytes)]
        try:
            self.proc = self.launcher.start(cmd, student_environment(home), self._workdir.name,
                                            self._stderr, self.limits)
        except BaseException:
            self._stderr.close()
            raise
        self._replies = queue.Queue()
        threading.Thread(target=_read_replies, args=(self.proc.stdout, self._replies),
                         name="student-replies", daemon=True).start()

    def _start(self) -> None:
        """Start a process and run every cell that has not poisoned an earlier start."""
        began = time.perf_counter()
        try:
            self._start_once()
        finally:
            self.start_seconds += time.perf_counter() - began

    def _start_once(self) -> None:
        while True:
            if self.starts >= self.limits.max_starts:
                raise StudentProcessDied("the student's code crashed too many times; giving up")
            try:  # the process must come up before any cell is blamed for a failure
                self._spawn()
                self._exchange(None, self._within_deadline(self.limits.cell_timeout))
                if self.lazy_modules:
                    self._exchange({"op": "lazy", "modules": list(self.lazy_modules)},
                                   self._within_deadline(self.limits.cell_timeout))
            except (StudentProcessDied, StudentProcessTimeout) as exc:
                self.kill()
                self._raise_if_out_of_time()  # the notebook's time, not a failed start
                self._failed_boots += 1
                if self._failed_boots >= 3:
                    raise StudentProcessDied(
                        f"the student process could not start ({exc})") from None
                continue
            for label, source in self.cells:
                if label in self.poisoned:
                    continue
                try:
                    reply = self._exchange({"op": "exec", "label": label, "source": source},
                                           self._within_deadline(self.limits.cell_timeout))
                except (StudentProcessDied, StudentProcessTimeout) as exc:
                    self._raise_if_out_of_time()  # not this cell's fault
                    # a cell that takes the process down is skipped from then on; the
                    # course's own setup cells get a second chance (a transient failure
                    # there would otherwise cost every question)
                    self._failures[label] = self._failures.get(label, 0) + 1
                    if not is_setup(label) or self._failures[label] >= 2:
                        self.poisoned.add(label)
                    self.cell_errors[label] = str(exc)
                    self.kill()
                    break
                if reply.get("status") != "ok":
                    self.cell_errors[label] = str(reply.get("message", "failed"))
            else:
                return

    def warm(self, modules=()) -> None:
        """Start the process now rather than at the first call, and import ``modules``
        there (binding no name the student's code could rely on). A start that fails
        is tried again, and reported, by that call."""
        try:
            if self.proc is None:
                self._start()
            for module in modules:
                # an attribute the module object lacks: a lazy stand-in
                # (student_process_main.LazyModule) then imports the real module
                self._exchange({"op": "exec", "label": "preload", "source":
                                f"getattr(__import__({module!r}), '__version__', None)"},
                               self.limits.cell_timeout)
        except (StudentProcessDied, StudentProcessTimeout):
            self.kill()

    def start_alongside_imports(self) -> None:
        """Start the process while this one imports Keras, when the notebook uses it:
        the student process imports it for the notebook, this one to rebuild the
        notebook's Keras objects, at the same time (the starting thread only waits)."""
        keras = mentions_keras(self.cells)
        starting = threading.Thread(target=self.warm, args=(("keras",) if keras else (),),
                                    name="student-start", daemon=True)
        starting.start()
        if keras:
            import keras  # noqa: F401
        starting.join()

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    def _raise_if_out_of_time(self) -> None:
        if self.out_of_time():
            self.kill()
            raise StudentProcessTimeout("the time for grading this notebook ran out")

    def _within_deadline(self, timeout: float) -> float:
        """``timeout``, cut to what is left before the deadline (none left: a timeout)."""
        self._raise_if_out_of_time()
        return timeout if self.deadline is None else min(timeout, self.deadline - time.monotonic())

    def kill(self) -> None:
        if self.proc is None:
            return
        self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self._stderr.close()
        self.proc = None

    def close(self) -> None:
        self.kill()
        self._workdir.cleanup()

    # -- protocol ----------------------------------------------------------
    def request(self, message: dict, timeout: float | None = None, consult=None) -> dict:
        """Send ``message`` and return the reply. ``consult`` answers the student process's
        consultations while it works on the call (``{"status": "consult", ...}``, from
        ``student_process_main.StandIns``): ``consult(reply) -> bytes``, the frame sent back.
        The call's time limit covers them all."""
        if self.proc is None:
            self._start()
        try:
            limit = self._within_deadline(timeout or self.limits.call_timeout)
            ends = time.monotonic() + limit
            reply = self._exchange(message, limit)
            while consult is not None and reply.get("status") == "consult":
                self._write(consult(reply))
                try:
                    reply = self._exchange(None, ends - time.monotonic())
                except StudentProcessTimeout:
                    raise StudentProcessTimeout(
                        f"no answer within {limit:g} s "
                        "(an infinite loop, or very slow code?)") from None
            return reply
        except BaseException:  # the process is gone, or mid-call: never talk to it again
            self.kill()
            raise

    def _exchange(self, message: dict | None, timeout: float) -> dict:
        """Send ``message`` (None: send nothing) and wait for the next reply."""
        if message is not None:
            self._write(message)
        try:
            kind, value = self._replies.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            raise StudentProcessTimeout(f"no answer within {timeout:g} s "
                                        "(an infinite loop, or very slow code?)") from None
        if kind == "reply":
            return value
        if kind == "malformed":
            raise StudentProcessDied(f"the student process sent a malformed reply ({value})")
        raise StudentProcessDied(self._death_reason())

    def _write(self, message: dict | bytes) -> None:
        """Send one frame: ``message`` encoded, or already a frame."""
        try:
            view = memoryview(message if isinstance(message, bytes) else wire.dumps(message))
            while view:
                view = view[self.proc.stdin.write(view):]
        except (OSError, ValueError):  # the process is gone
            raise StudentProcessDied(self._death_reason()) from None

    def _death_reason(self) -> str:
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "the student process stopped answering"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            hint = " (memory limit exceeded?)" if name in ("SIGKILL", "SIGSEGV", "SIGABRT") else ""
            return f"the student process was killed by {name}{hint}"
        tail = ""
        try:
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - 300))
            tail = self._stderr.read().decode("utf-8", "replace").strip().splitlines()[-1:]
            tail = f": {tail[0]}" if tail else ""
        except (OSError, ValueError):
            pass
        if "MemoryError" in tail:
            return "the student process ran out of memory (memory limit exceeded)"
        return f"the student process exited with code {code}{tail}"

