"""The sealed student process sees and changes nothing of grading, and cannot undo that."""
import json
import os
import socket
import time

import pytest

from autograder.seal import isolation, seccomp
from autograder import course
from autograder.harness.student_process import Limits, PlainLauncher
from autograder.judge import ROOT, sealed, student_process
from autograder.seal.settings import GradingSeal, Seal



pytestmark = pytest.mark.usefixtures("sealed")  # CI must prove the seal

PROBE = r'''
import ctypes, os, signal, socket, subprocess, sys, time

def probe(paths, target):
    seen = {}
    for p in paths:
        try:
            seen[p] = sorted(os.listdir(p)) if os.path.isdir(p) else open(p, "rb").read(16).hex()
        except OSError as exc:
            seen[p] = type(exc).__name__
    try:
        with open(target, "w") as fh:
            fh.write("pwned")
        wrote = True
    except OSError:
        wrote = False
    return seen, wrote, os.getpid()

def shell(command):
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=20)
    return done.returncode

def undo_seal():
    """Every way back out of the seal this process could try; returns what worked."""
    worked = []
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(b"none", b"/", None, 32 | 4096 | 1 << 5, None) == 0:  # MS_REMOUNT|MS_BIND
        worked.append("remount /")
    for line in reversed(open("/proc/self/mountinfo").read().splitlines()):
        point = line.split()[4].encode()
        if libc.umount2(point, 2) == 0:  # MNT_DETACH
            worked.append("umount " + point.decode())
    for flags, name in ((0x10000000, "new user ns"), (0x20000, "new mount ns")):
        if libc.unshare(flags) == 0:
            worked.append(name)
    for command in ("mount -o remount,rw /", "unshare -Urm true", "nsenter -t 1 -m true"):
        if shell(command) == 0:
            worked.append(command)
    status = open("/proc/self/status").read()
    caps = [line.split()[1] for line in status.splitlines() if line.startswith("CapEff")]
    if caps and int(caps[0], 16):
        worked.append("capabilities " + caps[0])
    libc.syscall.restype = ctypes.c_long
    for number, name in ((101, "ptrace"), (323, "userfaultfd"), (250, "keyctl")):
        if libc.syscall(number, 0, 0, 0, 0) >= 0 or ctypes.get_errno() != 1:  # EPERM
            worked.append(name)
    return worked

def filtered():
    status = open("/proc/self/status").read()
    return [line.split()[1] for line in status.splitlines() if line.startswith("Seccomp:")]

def network(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=3).close()
        return True
    except OSError:
        return False

def shm(name, write):
    path = "/dev/shm/" + name
    if write:
        open(path, "w").write("from another student")
    return os.path.exists(path)

def processes():
    return sorted(int(p) for p in os.listdir("/proc") if p.isdigit())

def daemon(marker):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(300)",
                                      marker])
        os._exit(0)
    time.sleep(0.5)
    return True

def signal_everyone():
    hit = []
    for pid in (-1, os.getppid(), 1):
        try:
            os.kill(pid, signal.SIGSTOP if pid != 1 else signal.SIGKILL)
            hit.append(pid)
        except OSError:
            pass
    return hit
'''


@pytest.fixture(scope="module", params=["cold", "warm"])
def sealed_student(request):
    """A student process started on its own, and one forked from a warm zygote."""
    s = student_process([("answer_probe", PROBE)], Limits(),
                        seal=sealed(warm_start=request.param == "warm"))
    yield s
    s.close()


def test_course_secrets_are_concealed(sealed_student):
    paths = [str(ROOT / "solutions"), str(course.suites()), str(course.sources()),
             str(ROOT / "tests"), str(ROOT / ".git"), str(ROOT / "gradebook.db"),
             os.path.expanduser("~/.ssh"), "/run", "/var", "/etc/shadow"]
    seen, _, _ = sealed_student.probe(paths, "/dev/null")
    for path, content in seen.items():
        assert content in ([], "", "FileNotFoundError"), f"{path} is visible: {content}"


def test_the_public_harness_stays_visible(sealed_student):
    seen, _, _ = sealed_student.probe([str(ROOT / "autograder" / "harness")], "/dev/null")
    assert "wire.py" in seen[str(ROOT / "autograder" / "harness")]


def test_course_files_and_the_environment_cannot_be_changed(sealed_student):
    import sysconfig
    site = sysconfig.get_paths()["purelib"]
    for target in (ROOT / "autograder" / "harness" / "planted.py", ROOT / "planted.txt",
                   ROOT / ".venv" / "planted.pth", os.path.join(site, "zz_planted.pth")):
        _, wrote, _ = sealed_student.probe([], str(target))
        assert not os.path.exists(target), target
        # (a repository under /tmp is shadowed by the private /tmp, where writes are
        # the student's own; the environment is read-only wherever it is)
        assert not wrote or str(target).startswith("/tmp/"), target
    _, wrote, _ = sealed_student.probe([], os.path.join(site, "zz_planted.pth"))
    assert not wrote


def test_the_seal_cannot_be_undone_from_inside(sealed_student):
    import platform
    if platform.machine() == "x86_64" and seccomp.program() is not None:
        assert sealed_student.filtered() == ["2"]  # the seccomp filter is on
        assert sealed_student.undo_seal() == []  # the numbers are x86-64's
    else:
        unfiltered = ("ptrace", "userfaultfd", "keyctl")  # refused by the filter only
        assert not [w for w in sealed_student.undo_seal() if w not in unfiltered]
    seen, _, _ = sealed_student.probe([str(ROOT / "solutions")], "/dev/null")
    assert seen[str(ROOT / "solutions")] == "FileNotFoundError"


def test_own_process_tree_that_cannot_reach_grading(sealed_student):
    _, _, pid = sealed_student.probe([], "/dev/null")
    assert pid != os.getpid() and pid < 10
    assert os.getpid() not in sealed_student.processes()
    sealed_student.signal_everyone()  # its parent is the namespace's init, immune to it
    assert sealed_student.processes()  # the process still answers, and so do we


def test_no_network_to_the_grading_machine(sealed_student):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert not sealed_student.network(port)


def test_shared_memory_is_private():
    first = student_process([("answer_probe", PROBE)])  # the course's seal by default
    second = student_process([("answer_probe", PROBE)])
    try:
        assert first.shm("seal-test-shm", True)
        assert not second.shm("seal-test-shm", False)
        assert not os.path.exists("/dev/shm/seal-test-shm")
    finally:
        first.close()
        second.close()


def _alive_with(marker: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker.encode() in open(f"/proc/{pid}/cmdline", "rb").read():
                found.append(int(pid))
        except OSError:
            pass
    return found


def test_nothing_outlives_the_student_process():
    marker = f"seal-daemon-{os.getpid()}-{time.time_ns()}"
    student = student_process([("answer_probe", PROBE)])
    assert student.daemon(marker)
    assert _alive_with(marker), "the daemon should run while the student process does"
    student.close()
    for _ in range(50):
        if not _alive_with(marker):
            break
        time.sleep(0.1)
    assert not _alive_with(marker)


def test_fails_closed_without_a_seal(tmp_path, monkeypatch):
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\n"
                    "exit 1\n")
    fake.chmod(0o755)
    with pytest.raises(isolation.SealUnavailable, match="cannot be sealed") as refused:
        GradingSeal(bwrap=str(fake)).resolve()
    assert "Permission denied" in str(refused.value)
    assert "allow_unsealed" in str(refused.value)
    with pytest.raises(isolation.SealUnavailable, match="cannot run"):
        GradingSeal(bwrap=str(tmp_path / "missing")).resolve()
    assert GradingSeal(bwrap=str(fake), allow_unsealed=True).resolve() is None
    allowed = student_process([], Limits(), seal=None)  # unsealed: only when asked for
    try:
        assert isinstance(allowed.process.launcher, PlainLauncher)
    finally:
        allowed.close()
    # the judge's default is the course's seal, never unsealed: here, it refuses
    monkeypatch.setattr(isolation, "find_bwrap", _no_seal)
    with pytest.raises(isolation.SealUnavailable, match="cannot be sealed"):
        student_process([], Limits())


def _no_seal(configured=""):
    raise isolation.SealUnavailable(isolation.HOW_TO_ENABLE.format(why="(simulated)"))


def test_the_seal_is_decided_once_and_handed_down(monkeypatch):
    """Grading decides the seal once and hands it down as a value: what starts the
    student process (in this process or, as JSON, in a judge process) never looks for
    bwrap again, so it seals even where a new search would now fail."""
    first = GradingSeal().resolve(warm_start=True)
    again = GradingSeal().resolve()
    assert first.bubblewrap == again.bubblewrap  # the same bwrap (find_bwrap keeps it)
    assert (first.warm_start, again.warm_start) == (True, False)
    crossed = Seal.from_json(json.loads(json.dumps(again.to_json())))
    assert crossed == again
    monkeypatch.setattr(isolation, "find_bwrap", _no_seal)
    student = student_process([("answer_probe", PROBE)], Limits(), seal=crossed)
    try:
        assert student.process.launcher.bubblewrap == first.bubblewrap
        seen, _, _ = student.probe([str(ROOT / "solutions")], "/dev/null")
        assert seen[str(ROOT / "solutions")] == "FileNotFoundError"  # sealed: out of sight
    finally:
        student.close()
