"""The warm zygote, inside the seal: imports the libraries once, forks a student per request.

Started by :mod:`autograder.seal.zygote` in the same bubblewrap seal, seccomp filter
and rlimits as a cold student process, with the same environment. It runs no student
code itself. Each ``fork`` request carries the new student's three pipe ends
(``SCM_RIGHTS`` over a ``SOCK_SEQPACKET`` socket); the child closes the zygote's
socket, makes those ends its stdio and becomes an ordinary student process
(``student_process_main.serve``).

Between two students the zygote leaves nothing behind (``reset``):

* every other process of the sandbox is killed (``kill(-1)`` reaches all of them but
  the zygote and bubblewrap's init) and the zygote waits until none is left;
* the only writable places of the seal, ``/tmp`` and ``/dev/shm``, are emptied (but
  for the seal's own read-only views inside them, where the course lives in ``/tmp``);
* the kernel's IPC objects must be gone (the seccomp filter refuses to make them).

A student's patches to modules live only in its own copy of the zygote's memory, and
it cannot reach the zygote's memory (no ``ptrace``; the zygote is not dumpable, so
``/proc/<pid>/mem`` is closed). If any of this cannot be shown to hold, the zygote
exits and the grader starts a new one: it fails closed.

Loaded by file path (``python -I zygote_server.py ...``): nothing of the course is
importable inside the seal.
"""
import ctypes
import importlib.util
import json
import os
import re
import signal
import socket
import sys
import time

WRITABLE = ("/tmp", "/dev/shm")
IPC_TABLES = ("/proc/sysvipc/shm", "/proc/sysvipc/sem", "/proc/sysvipc/msg")
PR_SET_DUMPABLE = 4


class Unclean(RuntimeError):
    """The sandbox could not be brought back to its state before the student."""


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _others() -> list[int]:
    """Live processes of the sandbox besides this one and its init (pid 1)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in (1, os.getpid()):
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                state = fh.read().rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # gone meanwhile
        if state not in (b"Z", b"X"):
            found.append(int(entry))
    return found


def _mount_points() -> set[str]:
    """Every mount point of the seal (the read-only views of the Python environment and
    the harness may sit inside ``/tmp``, when the course itself does)."""
    points = set()
    with open("/proc/self/mountinfo", "rb") as fh:
        for line in fh:
            field = line.split()[4].decode()
            points.add(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field))
    return points


def _skeleton(folder: str, mounts: set[str]) -> set[str]:
    """The mount points inside ``folder`` and the folders that lead to them: what
    emptying ``folder`` must leave (the student cannot write there)."""
    keep = set()
    for point in mounts:
        while point.startswith(folder + "/"):
            keep.add(point)
            point = os.path.dirname(point)
    return keep


def _empty(folder: str, mounts: set[str], keep: set[str]) -> None:
    for entry in os.listdir(folder):
        path = os.path.join(folder, entry)
        if path in mounts:
            continue
        if path in keep:
            _empty(path, mounts, keep)
        else:
            _remove(path)


def _leftovers(folder: str, mounts: set[str], keep: set[str]) -> list[str]:
    found = []
    for entry in os.listdir(folder):
        path = os.path.join(folder, entry)
        if path not in keep:
            found.append(path)
        elif path not in mounts and os.path.isdir(path):
            found += _leftovers(path, mounts, keep)
    return found


def _remove(path: str) -> None:
    """Remove ``path`` whatever its permissions (all of it belongs to the sandbox's user)."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            os.chmod(path, 0o700)
            for entry in os.listdir(path):
                _remove(os.path.join(path, entry))
            os.rmdir(path)
        else:
            os.unlink(path)
    except FileNotFoundError:
        pass


class ForkServer:
    """The zygote's side of the control socket: forks a student, waits for it, and
    resets the sandbox after it (the grader's side is ``zygote.Zygote``)."""

    def __init__(self, control: socket.socket):
        self.control = control
        self.mounts = _mount_points()
        self.keep = {folder: _skeleton(folder, self.mounts) for folder in WRITABLE}
        self.child = None    # pid of the current student process
        self.code = None     # its exit code, once reaped

    def reply(self, message: dict) -> None:
        self.control.send(json.dumps(message).encode())

    def _reap(self, block: bool) -> None:
        if self.child is None or self.code is not None:
            return
        try:
            pid, status = os.waitpid(self.child, 0 if block else os.WNOHANG)
        except ChildProcessError:
            self.code = -signal.SIGKILL
            return
        if pid:
            self.code = os.waitstatus_to_exitcode(status)

    def wait(self, timeout: float):
        end = time.monotonic() + timeout
        while True:
            self._reap(block=False)
            if self.code is not None or time.monotonic() >= end:
                return self.code
            time.sleep(0.01)

    def reset(self):
        """Kill the student and all it started, empty what it could write; returns its
        exit code. Raises :class:`Unclean` when that cannot be shown."""
        end = time.monotonic() + 10
        while True:
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reap(block=False)
            if not _others() and (self.child is None or self.code is not None):
                break
            if time.monotonic() >= end:
                raise Unclean("processes of the last student would not die")
            time.sleep(0.005)
        code, self.child, self.code = self.code, None, None
        for folder in WRITABLE:
            _empty(folder, self.mounts, self.keep[folder])
            if _leftovers(folder, self.mounts, self.keep[folder]):
                raise Unclean(f"{folder} could not be emptied")
        for table in IPC_TABLES:
            try:
                with open(table) as fh:
                    if len(fh.read().strip().splitlines()) > 1:
                        raise Unclean(f"an IPC object was left ({table})")
            except FileNotFoundError:
                pass
        return code

    def fork(self, fds: list[int], child_module, wire, testfns) -> int:
        self.reset()
        pid = os.fork()
        if pid == 0:  # the student process
            try:
                os.setsid()  # its own session and process group, as a new process has
                self.control.close()
                for target, fd in enumerate(fds):
                    os.dup2(fd, target)
                for fd in fds:
                    if fd > 2:
                        os.close(fd)
                child_module.serve_forked(wire, testfns)
            finally:
                os._exit(0)
        for fd in fds:
            os.close(fd)
        self.child, self.code = pid, None
        return pid


def main() -> None:
    control_fd = int(sys.argv[1])
    wire_path, testfns_path, child_path = sys.argv[2:5]
    memory_bytes, file_bytes = int(sys.argv[5]), int(sys.argv[6])
    modules = [m for m in sys.argv[7].split(",") if m]
    wire = _load("_grading_wire", wire_path)
    testfns = _load("_grading_testfns", testfns_path)
    child_module = _load("_grading_child", child_path)
    child_module.limit_resources(memory_bytes, file_bytes)
    for module in modules:
        try:
            __import__(module)
        except Exception:  # noqa: BLE001 - the student's own import will say what is wrong
            pass
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    # a student's stray signal must not take the zygote down between requests
    catchable = set(signal.valid_signals()) - {signal.SIGKILL, signal.SIGSTOP}
    signal.pthread_sigmask(signal.SIG_BLOCK, catchable - {signal.SIGCHLD})
    control = socket.socket(fileno=control_fd)
    zygote = ForkServer(control)
    try:
        zygote.reset()  # starts from an empty /tmp: what the imports wrote is gone
    except Unclean:
        sys.exit(3)
    zygote.reply({"status": "ready"})
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, 4096, 3)
        except OSError:
            break
        if not data:
            break  # the grader is gone
        request = json.loads(data)
        try:
            if request["op"] == "fork":
                zygote.reply({"pid": zygote.fork(fds, child_module, wire, testfns)})
            elif request["op"] == "wait":
                zygote.reply({"code": zygote.wait(float(request["timeout"]))})
            elif request["op"] == "reset":
                zygote.reply({"code": zygote.reset()})
        except Unclean as exc:
            zygote.reply({"unclean": str(exc)})
            break
    try:
        zygote.reset()
    except Unclean:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
