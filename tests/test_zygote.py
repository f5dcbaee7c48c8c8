"""Warm student processes (``autograder/seal/zygote.py``): nothing of one student reaches the next.

Each test starts students one after another from the same zygote, as a class-grading
worker does, and has the first one do its worst.
"""
import os
from pathlib import Path

import pytest

from autograder.harness.student_process import Limits
from autograder.judge import sealed, student_process
from autograder.seal import isolation, zygote



pytestmark = pytest.mark.usefixtures("sealed")  # CI must prove the seal

TRACES = r'''
import math, os, signal, subprocess, sys, threading, time

def leave_traces():
    """What a hostile student could try to hand on to the next one."""
    import numpy, keras
    numpy.add = lambda *a, **k: "patched"          # a library patched in memory
    keras.__dict__["planted"] = True
    math.pi = 3.0
    os.environ["PLANTED"] = "1"
    for folder in ("/tmp", "/dev/shm"):            # files where the seal lets it write
        open(os.path.join(folder, "planted.txt"), "w").write("x")
        os.makedirs(os.path.join(folder, "deep", "er"), exist_ok=True)
        open(os.path.join(folder, "deep", "er", "f"), "w").write("x")
        os.chmod(os.path.join(folder, "deep"), 0o500)   # a folder it made hard to empty
    def busy():
        while True:
            open("/tmp/from-thread", "w").write("x")
            time.sleep(0.05)
    threading.Thread(target=busy, daemon=True).start()   # a thread left running
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"],
                     start_new_session=True)               # a process left running
    return os.getppid()

def look():
    """What the next student finds."""
    import numpy, keras
    found = {}
    found["numpy.add"] = numpy.add(1, 2) == 3
    found["keras"] = "planted" not in keras.__dict__
    found["math"] = math.pi > 3.14
    found["environ"] = "PLANTED" not in os.environ
    found["/tmp"] = sorted(os.listdir("/tmp"))
    found["/dev/shm"] = sorted(os.listdir("/dev/shm"))
    time.sleep(0.2)
    found["/tmp later"] = sorted(os.listdir("/tmp"))
    found["threads"] = threading.active_count()
    found["processes"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit()
                                and int(p) not in (1, os.getpid(), os.getppid()))
    return os.getppid(), found

def stop_the_zygote():
    os.kill(os.getppid(), signal.SIGSTOP)
    return True

def kill_the_zygote():
    os.kill(os.getppid(), signal.SIGKILL)
    return True

def double(x):
    return 2 * x
'''


def views_in_tmp(*readable: str) -> list[str]:
    """What of /tmp a student process finds before writing anything: the seal's own
    read-only views, where they lie under /tmp (a course cloned there, as CI's is)."""
    paths = [*isolation.python_paths(), str(zygote.HARNESS), str(zygote.SERVER), *readable]
    return sorted({Path(p).relative_to("/tmp").parts[0] for p in paths
                   if p.startswith("/tmp/")})


CLEAN = {"numpy.add": True, "keras": True, "math": True, "environ": True,
         "/tmp": views_in_tmp(), "/dev/shm": [], "/tmp later": views_in_tmp(),
         "threads": 1, "processes": []}

LIBRARY_FILES = {".cache", ".config", "keras.json"}


def warm_student():
    return student_process([("answer_traces", TRACES)], Limits(call_timeout=60),
                           seal=sealed(warm_start=True))


def test_the_next_student_finds_nothing_of_the_last():
    first = warm_student()
    zygote = first.leave_traces()
    first.close()
    second = warm_student()
    try:
        parent, found = second.look()
        assert parent == zygote  # forked by the same warm zygote
        assert found == CLEAN
    finally:
        second.close()


def test_a_fresh_student_process_looks_the_same():
    """The zygote's students start as a new process would: the same clean state."""
    cold = student_process([("answer_traces", TRACES)], Limits(call_timeout=60))
    try:
        _, found = cold.look()
        for folder in ("/tmp", "/tmp later"):  # what importing Keras writes (in the zygote
            found[folder] = sorted(set(found[folder]) - LIBRARY_FILES)  # before it is wiped)
        assert found == CLEAN
    finally:
        cold.close()


@pytest.mark.parametrize("attack", ["stop_the_zygote", "kill_the_zygote"])
def test_a_student_who_disables_the_zygote_harms_only_itself(attack):
    first = warm_student()
    try:
        assert getattr(first, attack)()
        assert first.double(21) == 42  # its own process goes on answering
    finally:
        first.close()  # the zygote does not answer: it is killed, not reused
    second = warm_student()
    try:
        _, found = second.look()
        assert found == CLEAN
        assert second.double(2) == 4
    finally:
        second.close()


def test_students_find_tensorflow_already_imported():
    """A warm student process starts with the libraries loaded (that is the point);
    a cold one starts with NumPy only (the wire needs it)."""
    cell = ("import sys\nLOADED = sorted(m for m in ('numpy', 'tensorflow', 'keras') "
            "if m in sys.modules)\ndef loaded():\n    return LOADED\n")
    for warm, expected in ((True, ["keras", "numpy", "tensorflow"]), (False, ["numpy"])):
        student = student_process([("answer_loaded", cell)],
                                  seal=sealed(warm_start=warm))
        try:
            assert student.loaded() == expected
        finally:
            student.close()


def test_read_only_views_inside_tmp_survive_the_cleaning():
    """A course that lives in /tmp (as CI's clone does) is bound into the seal's /tmp:
    emptying /tmp between students must keep those views and remove all else."""
    import shutil
    import tempfile
    shared = tempfile.mkdtemp(prefix="course-in-tmp-", dir="/tmp")
    with open(os.path.join(shared, "helper.txt"), "w") as fh:
        fh.write("course file")
    cell = ("import os\n"
            f"SHARED = {shared!r}\n"
            "def look_then_write():\n"
            "    before = sorted(os.listdir('/tmp'))\n"
            "    open('/tmp/student.txt', 'w').write('x')\n"
            "    os.makedirs('/tmp/mine/deeper', exist_ok=True)\n"
            "    return before, open(os.path.join(SHARED, 'helper.txt')).read()\n")
    seal = sealed(warm_start=True, readable=[shared])
    try:
        for _ in range(2):  # the second student is forked by the same zygote
            student = student_process([("answer_probe", cell)], seal=seal)
            try:
                before, content = student.look_then_write()
            finally:
                student.close()
            assert content == "course file"
            assert before == views_in_tmp(shared)
    finally:
        shutil.rmtree(shared)
