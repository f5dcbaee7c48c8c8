"""The warm check process: ``pytest`` in an assignment folder answers in about a second.

Every ``pytest`` run is a new Python process, and when the checked questions use Keras,
it and the student process it starts each import TensorFlow: about 5 s, every run. So
a run of an assignment whose notebook uses Keras leaves a *warm server* behind: a
process of this user that has imported pytest, NumPy, Matplotlib and Keras once. A
later ``pytest`` in that folder hands its arguments to the server and prints what comes
back; the server runs them in a *job*, a fork of itself, and the job forks the student
process from its own still untouched image before anything else happens (so that
process starts with Keras loaded, and TensorFlow has run nothing a fork could break).
The student process speaks the same protocol, under the same limits, as a cold one: a
hanging or crashing answer is stopped and reported the same way.

Only where ``os.fork`` exists (Linux, macOS); on Windows every run is cold. The server
listens on 127.0.0.1 and serves only a client that sends the token of its state file,
which only this user can read. It exits after ``SELFCHECK_WARM_IDLE`` seconds (900)
without a run, when its own files or the installed packages change, or when another
server takes its place. ``pytest --cold`` or ``SELFCHECK_WARM=0`` runs without it.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
IDLE_SECONDS = float(os.environ.get("SELFCHECK_WARM_IDLE", 900))
READY_WAIT = 30.0     # seconds a client waits for a server that is still importing
# what the job and the student process need, imported once by the server
WARM_MODULES = ("numpy", "matplotlib", "matplotlib.pyplot", "tensorflow", "keras", "pytest")
# the student process's environment as a cold one gets it (student_process.student_environment),
# where it matters before an import: the libraries' thread pools and quiet start-up
SERVER_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
              "CUDA_VISIBLE_DEVICES": "", "MPLBACKEND": "Agg"}

IN_JOB = False  # this process is a job: its pytest runs here, never hands off again


# -- where a server is found ------------------------------------------------------
class NotPrivate(OSError):
    """The folder for the state files is not this user's alone: no warm server."""


def state_path(folder: Path) -> Path:
    """The state file of ``folder``'s server, in a folder only this user can use (on a
    shared machine another user may have made one of that name first: then it is not
    ours, and every run stays cold)."""
    home = Path(tempfile.gettempdir()) / f"rnn-selfcheck-{os.getuid()}"
    try:
        home.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = os.lstat(home)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise NotPrivate(f"{home} is not this user's private folder")
    digest = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:20]
    return home / f"{digest}.json"


def code_key(folder: Path) -> str:
    """What the server loaded: a server with another key is stale (a new release of
    the harness, another Python, packages installed or upgraded since)."""
    parts = [sys.executable, sys.version, str(folder.resolve())]
    for place in [*sorted(HERE.glob("*.py")), Path(sysconfig.get_paths()["purelib"])]:
        try:
            stat = place.stat()
            parts.append(f"{place.name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{place.name}:-")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def _write_state(path: Path, state: dict) -> None:
    part = path.with_suffix(f".{os.getpid()}.part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(state, fh)
    os.replace(part, path)


def read_state(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wanted(option_cold: bool) -> bool:
    """Whether this ``pytest`` may use (and leave) a warm server."""
    return (hasattr(os, "fork") and not IN_JOB and not option_cold
            and os.environ.get("SELFCHECK_WARM", "1") != "0"
            and not os.environ.get("NBGRADER_EXECUTION"))


def live_server(folder: Path) -> dict | None:
    """The state of ``folder``'s server when it is running this very code, else None."""
    try:
        state = read_state(state_path(folder))
    except OSError:
        return None
    if state is None or state.get("key") != code_key(folder) or not _alive(state["pid"]):
        return None
    return state


def start_server(folder: Path, package: str) -> None:
    """Start ``folder``'s server in the background, unless one is already up or starting."""
    try:
        path = state_path(folder)
    except OSError:
        return
    if live_server(folder) is not None:
        return
    # the server loads the plugin as the assignment's conftest will, and then serves
    boot = ("import sys, importlib; sys.path.insert(0, sys.argv[1]); "
            "importlib.import_module(sys.argv[2] + '.pytest_plugin'); "
            "importlib.import_module(sys.argv[2] + '.warm').serve(sys.argv[1])")
    from .quiet import QUIET_ENV
    env = {**os.environ, **SERVER_ENV,  # warnings as the student's pytest has them
           **{k: v for k, v in QUIET_ENV.items() if k != "PYTHONWARNINGS"}}
    log = open(path.with_suffix(".log"), "ab")
    try:
        server = subprocess.Popen([sys.executable, "-c", boot, str(folder), package],
                                  cwd=str(folder), env=env, stdin=subprocess.DEVNULL,
                                  stdout=log, stderr=log, start_new_session=True,
                                  close_fds=True)
    except OSError:
        return  # no server: every run stays cold
    finally:
        log.close()
    # known at once, so that a run starting meanwhile waits for it rather than run cold
    _write_state(path, {"pid": server.pid, "key": code_key(folder), "status": "starting"})


# -- the frames between a client and its job --------------------------------------
def _send_frame(sock: socket.socket, kind: bytes, payload: bytes) -> None:
    sock.sendall(kind + struct.pack(">I", len(payload)) + payload)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(n - got)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


# -- the client: the student's pytest --------------------------------------------
def run_here_or_there(folder: Path, args: list[str]) -> int | None:
    """Run this ``pytest`` in ``folder``'s warm server, printing what it prints; its exit
    code, or None when there is no server to run it (then it runs here, cold)."""
    ends = time.monotonic() + READY_WAIT
    try:
        while True:
            state = live_server(folder)
            if state is None:
                return None
            if state.get("status") == "ready":
                break
            if time.monotonic() >= ends:
                return None
            time.sleep(0.05)
    except KeyboardInterrupt:  # while the server was still starting
        os.write(2, b"\nKeyboardInterrupt: no checks were run\n")
        return 2
    try:
        sock = socket.create_connection(("127.0.0.1", int(state["port"])), timeout=5)
    except OSError:  # gone without a word (killed): the next run starts a new one
        try:
            if read_state(state_path(folder)) == state:
                state_path(folder).unlink()
        except OSError:
            pass
        return None
    env = {**os.environ, "COLUMNS": str(shutil.get_terminal_size().columns)}
    if sys.stdout.isatty() and os.environ.get("TERM") != "dumb" and not \
            {"PY_COLORS", "NO_COLOR", "FORCE_COLOR"} & set(os.environ):
        env["PY_COLORS"] = "1"  # pytest there writes to a pipe: colour as it would here
    request = {"token": state["token"], "args": args, "cwd": os.getcwd(), "path": sys.path,
               "env": env, "encoding": getattr(sys.stdout, "encoding", None) or "utf-8"}
    relay = _Relay(sock)
    try:
        sock.sendall(json.dumps(request).encode() + b"\n")
        sock.settimeout(None)  # a run takes as long as its checks (each call is limited)
        try:
            return relay.run()
        except KeyboardInterrupt:  # Ctrl-C: the job stops as pytest stops, with a summary
            sock.sendall(b"i")
            sock.settimeout(15)
            return relay.run()
    except (EOFError, OSError):
        if not relay.wrote:
            return None  # the server went away before it started: run here
        os.write(2, b"\nThe warm check process stopped before the end of this run; "
                    b"run `pytest --cold` to check without it.\n")
        return 3
    finally:
        sock.close()  # on a second Ctrl-C too: the job sees it and ends with its student


class _Relay:
    """What the job prints, written to this process's stdout as it comes."""

    def __init__(self, sock: socket.socket):
        self.sock, self.wrote, self.out = sock, False, 1

    def run(self) -> int:
        while True:
            kind = _recv_exact(self.sock, 1)
            payload = _recv_exact(self.sock, struct.unpack(">I", _recv_exact(self.sock, 4))[0])
            if kind == b"x":
                return int(payload)
            self.wrote = True
            view = memoryview(payload)
            try:
                while view and self.out is not None:
                    view = view[os.write(self.out, view):]
            except OSError:  # our reader went away (``pytest | head``): keep the exit code
                self.out = None


# -- the server --------------------------------------------------------------------
def _load_by_path(name: str, path: Path):
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def serve(folder: str) -> None:
    """The server's life: import, listen, fork a job per client, exit when idle or stale."""
    folder = Path(folder)
    path, key = state_path(folder), code_key(folder)
    _write_state(path, {"pid": os.getpid(), "key": key, "status": "starting"})
    # a cold student process runs isolated (``python -I``): its module search path
    base_path = json.loads(subprocess.run(
        [sys.executable, "-I", "-c", "import sys, json; print(json.dumps(sys.path))"],
        capture_output=True, text=True, check=True).stdout)
    # the student process's modules, loaded by file path as a cold one loads them
    wire = _load_by_path("_grading_wire", HERE / "wire.py")
    testfns = _load_by_path("_grading_testfns", HERE / "testfns.py")
    child = _load_by_path("_grading_child", HERE / "student_process_main.py")
    import warnings
    with warnings.catch_warnings():  # quiet imports; the jobs get Python's own filters
        warnings.simplefilter("ignore")
        for module in WARM_MODULES:
            try:
                __import__(module)
            except Exception:  # noqa: BLE001 - the job's own import says what is wrong
                pass
    global _STUDENT_IMAGE
    _STUDENT_IMAGE = (wire, testfns, child, list(base_path))
    token = secrets.token_hex(16)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(2.0)
    ready = {"pid": os.getpid(), "key": key, "status": "ready",
             "port": listener.getsockname()[1], "token": token}
    _write_state(path, ready)
    jobs: set[int] = set()
    last = time.monotonic()
    while True:
        for pid in list(jobs):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                jobs.discard(pid)
                last = time.monotonic()
        state = read_state(path)
        if state is None or state.get("pid") != os.getpid() or code_key(folder) != key \
                or (not jobs and time.monotonic() - last > IDLE_SECONDS):
            break
        if state != ready:  # the starter's note came after ours: ours stands
            _write_state(path, ready)
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            continue
        except OSError:
            break
        try:
            conn.settimeout(5)
            request = json.loads(conn.makefile("rb").readline(1 << 20))
            if not secrets.compare_digest(str(request.get("token")), token):
                raise ValueError("wrong token")
        except (OSError, ValueError):
            conn.close()
            continue
        conn.settimeout(None)
        pid = os.fork()
        if pid == 0:
            try:
                listener.close()
                code = _job(conn, request)
            except BaseException:  # noqa: BLE001 - a job never returns into the server
                code = 3
            os._exit(code)
        conn.close()
        print(f"job {pid}: pytest {' '.join(map(str, request.get('args', [])))}", flush=True)
        jobs.add(pid)
        last = time.monotonic()
    listener.close()
    if (read_state(path) or {}).get("pid") == os.getpid():
        try:
            path.unlink()
        except OSError:
            pass


_STUDENT_IMAGE = None  # (wire, testfns, student_process_main, sys.path) in the server


# -- a job: one client's pytest ------------------------------------------------------
class ForkedStudent:
    """A student process forked from the job's untouched image, as ``student_process`` uses a
    started process: the protocol pipes, ``kill()``, ``wait()``. It waits for the
    setup a cold process gets from its command line (working folder, environment,
    stderr file, limits) before it becomes the student process."""

    def __init__(self):
        wire, testfns, child, base_path = _STUDENT_IMAGE
        from_judge, to_child = os.pipe()
        from_child, to_judge = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                os.close(to_child)
                os.close(from_child)
                os.setsid()
                _become_student(from_judge, to_judge, wire, testfns, child, base_path)
            finally:
                os._exit(0)
        os.close(from_judge)
        os.close(to_judge)
        self.stdin = open(to_child, "wb", buffering=0)
        self.stdout = open(from_child, "rb", buffering=0)
        self.code: int | None = None

    def setup(self, env: dict, cwd: str, stderr_path: str, limits) -> None:
        line = json.dumps({"env": env, "cwd": cwd, "stderr": stderr_path,
                           "memory": limits.memory_bytes, "file": limits.file_bytes})
        self.stdin.write(line.encode() + b"\n")

    def kill(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:
            pass

    def wait(self, timeout: float | None = None) -> int:
        ends = None if timeout is None else time.monotonic() + timeout
        while self.code is None:
            pid, status = os.waitpid(self.pid, 0 if ends is None else os.WNOHANG)
            if pid:
                self.code = os.waitstatus_to_exitcode(status)
            elif time.monotonic() >= ends:
                raise subprocess.TimeoutExpired("student", timeout)
            else:
                time.sleep(0.01)
        return self.code


def _become_student(in_fd, out_fd, wire, testfns, child, base_path) -> None:
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(in_fd, 1)
        if not chunk:
            return  # the job never needed it
        line += chunk
    setup = json.loads(line)
    os.dup2(in_fd, 0)
    os.dup2(out_fd, 1)
    err = os.open(setup["stderr"], os.O_WRONLY | os.O_APPEND)
    os.dup2(err, 2)
    for fd in (in_fd, out_fd, err):
        os.close(fd)
    os.chdir(setup["cwd"])
    os.environ.clear()
    os.environ.update(setup["env"])
    tempfile.tempdir = None
    sys.path[:] = base_path
    sys.dont_write_bytecode = True  # as PYTHONDONTWRITEBYTECODE makes a cold one
    child.limit_resources(int(setup["memory"]), int(setup["file"]))
    child.serve_forked(wire, testfns)


class JobLauncher:
    """The job's launcher (``student_process.PlainLauncher``'s interface): the student
    processes forked at the job's start, while its image is untouched (one for the run,
    and one spare for the restart after a crash or a timeout); any later one starts
    cold."""

    home = None
    FORKED = 2  # the first start, and the restart after a cell that ends the process

    def __init__(self):
        self.spares: list[ForkedStudent] = [ForkedStudent() for _ in range(self.FORKED)]
        self.started: list = list(self.spares)
        self.folders: list[str] = []  # the student processes' scratch folders

    def start(self, cmd, env, cwd, stderr, limits):
        self.folders.append(cwd)
        if self.spares:
            spare = self.spares.pop(0)
            spare.setup(env, cwd, stderr.name, limits)
            return spare
        from .student_process import PlainLauncher
        started = PlainLauncher().start(cmd, env, cwd, stderr, limits)
        self.started.append(started)
        return started

    def kill_all(self) -> None:
        """End every student process and remove its scratch folder (the job ends
        without the sandbox's own cleanup)."""
        for started in self.started:
            started.kill()
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)


LAUNCHER: JobLauncher | None = None  # in a job: how its student process starts


class _Job:
    """One client's ``pytest``, run in this fork of the server: its output goes to the
    client as it comes, and once the run's summary is printed the client gets the exit
    code and this process ends (what pytest does after that, closing the student
    process first, would only make the student wait)."""

    def __init__(self, conn: socket.socket, request: dict):
        self.conn, self.request = conn, request
        self.send_lock = threading.Lock()
        self.status: int | None = None  # the session's exit status, once known

    def send(self, kind: bytes, payload: bytes) -> None:
        with self.send_lock:
            _send_frame(self.conn, kind, payload)

    def watch(self) -> None:
        while True:
            try:
                said = self.conn.recv(1)
            except OSError:
                said = b""
            if said == b"i":  # the student pressed Ctrl-C: pytest stops as it would here
                os.kill(os.getpid(), signal.SIGINT)
                continue
            self.end(130)  # the client is gone: stop, and the student with it

    def pump(self) -> None:
        """Output to the client until the end mark (pytest keeps copies of the pipe's
        write end open to the end, so its end of file would come too late)."""
        pending = b""
        while True:
            data = os.read(self.read_end, 65536)
            pending += data
            end = pending.find(self.mark)
            last = end >= 0 or not data
            if last:
                out, pending = pending[:end] if end >= 0 else pending, b""
            else:  # hold back what may be the start of the mark
                cut = max(0, len(pending) - len(self.mark) + 1)
                out, pending = pending[:cut], pending[cut:]
            try:
                if out:
                    self.send(b"o", out)
            except OSError:
                return
            if last:
                return

    def redirect_output(self) -> None:
        import io
        self.read_end, self.write_end = os.pipe()
        self.mark = secrets.token_bytes(24)
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.close(null)
        os.dup2(self.write_end, 1)
        os.dup2(self.write_end, 2)
        self.pumping = threading.Thread(target=self.pump, daemon=True)
        self.pumping.start()
        encoding = self.request.get("encoding") or "utf-8"
        sys.stdout, sys.stderr = (
            io.TextIOWrapper(open(fd, "wb", closefd=False), encoding=encoding,
                             errors="backslashreplace", line_buffering=True) for fd in (1, 2))

    def finish(self, code: int) -> None:
        """Send the rest of the output and the exit code, then end."""
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os.write(self.write_end, self.mark)
        self.pumping.join(10)
        try:
            self.send(b"x", str(code).encode())
            self.conn.close()
        except OSError:
            pass
        self.end(code)

    def end(self, code: int) -> None:
        LAUNCHER.kill_all()
        os._exit(code)

    # a pytest plugin of the job's session
    def pytest_sessionfinish(self, session, exitstatus):
        self.status = int(exitstatus)

    @pytest.hookimpl(tryfirst=True)
    def pytest_unconfigure(self, config):
        if self.status is not None:  # the summary is out
            self.finish(self.status)

    def run(self) -> None:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        threading.Thread(target=self.watch, daemon=True).start()
        self.redirect_output()
        os.environ.clear()
        os.environ.update(self.request["env"])
        os.chdir(self.request["cwd"])
        sys.path[:] = self.request.get("path") or sys.path  # where plugins and code are found
        try:
            code = int(pytest.main(list(self.request["args"]), plugins=[self]))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001 - reported as pytest reports an internal error
            import traceback
            traceback.print_exc()
            code = 3
        self.finish(code)


def _job(conn: socket.socket, request: dict) -> int:
    global IN_JOB, LAUNCHER
    IN_JOB = True
    LAUNCHER = JobLauncher()  # first, while this image is untouched
    _Job(conn, request).run()
    return 3  # not reached: a job ends the process
