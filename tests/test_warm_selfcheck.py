"""The warm check process (``autograder/harness/warm.py``), as a student meets it.

A student's first ``pytest`` in a released folder runs cold and leaves a server behind;
the next runs go through it and must print what a cold run prints, stop a hanging or
crashing answer the same way, stop on Ctrl-C with nothing left running, and never be
served by a stale or foreign server. Every server here lives in the test's own
``TMPDIR`` and is killed at the end.
"""
import json
import os
import re
import shutil
import signal
import socket
import time
from pathlib import Path

import pytest

from authoring import submissions
from autograder.course import release_folder
from tests.warm_student import Student, cmdline, running, warm_processes

ASSIGNMENT = "rnn_fundamentals"
KERAS_FILE = "tests/test_to_keras_simple_rnn.py"


def _copy(root: Path, notebook=None) -> Path:
    folder = root / ASSIGNMENT
    shutil.copytree(release_folder(ASSIGNMENT), folder)
    if notebook is not None:
        submissions.write(notebook, folder / f"{ASSIGNMENT}.ipynb")
    return folder


def _settled(student: Student, timeout=30) -> list[int]:
    """The student's warm processes once its jobs and their students are gone."""
    ends = time.monotonic() + timeout
    while True:
        alive = [p for p in warm_processes() if str(student.folder) in cmdline(p)]
        if len(alive) <= 1 or time.monotonic() >= ends:
            return alive
        time.sleep(0.2)


def _summary_free(text: str) -> str:
    """Output without what differs between two runs: times, and the width of the
    separator padding that a time of another length changes."""
    text = re.sub(r" in [\d.]+s( \(\d+:\d\d:\d\d\))?", " in Ts", text)
    return re.sub(r"(?m)^([=_-])\1* (.*?) \1+$", r"\1 \2 \1", text)


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    root = tmp_path_factory.mktemp("warm")
    student = Student(_copy(root, submissions.correct(ASSIGNMENT)), root / "tmp")
    yield student
    student.kill_servers()


def test_a_cold_run_leaves_a_server_and_the_next_run_is_warm_and_the_same(solved):
    cold = solved.pytest(KERAS_FILE)
    assert cold.returncode == 0, cold.stdout[-3000:] + cold.stderr[-2000:]
    assert solved.jobs() == 0 and solved.state() is not None, solved.log()
    solved.ready()
    warm = solved.pytest(KERAS_FILE)
    assert warm.returncode == 0, warm.stdout[-3000:] + warm.stderr[-2000:]
    assert solved.jobs() == 1, solved.log()
    assert _summary_free(warm.stdout) == _summary_free(cold.stdout) and warm.stderr == ""
    # from another folder, naming the assignment's folder: warm too, and the same
    whole = solved.pytest(solved.folder, "-q", cwd=solved.folder.parent)
    assert whole.returncode == 0 and " passed" in whole.stdout, whole.stdout[-3000:]
    assert solved.jobs() == 2, solved.log()
    assert solved.pytest("--cold", KERAS_FILE).returncode == 0
    assert solved.jobs() == 2, "--cold handed the run over"


def test_a_hanging_or_crashing_answer_is_reported_as_in_a_cold_run(solved):
    solved.ready()
    nb = submissions.correct(ASSIGNMENT)
    for question, body in (("rnn_cell_forward", "    while True:\n        pass\n"),
                           ("make_windows", "    import os\n    os._exit(3)\n")):
        cell = submissions.answer_cell(nb, question)
        source = "".join(cell["source"])
        cell["source"] = source.replace(f"def {question}(", f"def {question}(*a, **k):\n"
                                        f"{body}\ndef _replaced_{question}(", 1)
    submissions.write(nb, solved.folder / f"{ASSIGNMENT}.ipynb")
    try:
        files = ["tests/test_make_windows.py", "tests/test_rnn_cell_forward.py",
                 "tests/test_rnn_forward.py", "--call-timeout=3"]
        before = solved.jobs()
        warm = solved.pytest(*files)
        assert solved.jobs() == before + 1, solved.log()
        cold = solved.pytest("--cold", *files)
        assert warm.returncode == cold.returncode == 1, warm.stdout[-3000:]
        assert _summary_free(warm.stdout) == _summary_free(cold.stdout)
        assert "no answer within 3 s" in warm.stdout and "exited with code 3" in warm.stdout
        assert _settled(solved) == [solved.state()["pid"]], "a job or its student lives on"
    finally:
        submissions.write(submissions.correct(ASSIGNMENT), solved.folder / f"{ASSIGNMENT}.ipynb")


def test_ctrl_c_stops_the_run_as_pytest_does_and_leaves_nothing_running(solved):
    solved.ready()
    nb = submissions.correct(ASSIGNMENT)
    cell = submissions.answer_cell(nb, "rnn_cell_forward")
    cell["source"] = "".join(cell["source"]).replace(
        "def rnn_cell_forward(", "def rnn_cell_forward(*a, **k):\n    while True:\n"
        "        pass\n\ndef _replaced(", 1)
    submissions.write(nb, solved.folder / f"{ASSIGNMENT}.ipynb")
    try:
        before = solved.jobs()
        run = solved.popen("tests/test_rnn_cell_forward.py")
        ends = time.monotonic() + 60
        while solved.jobs() == before and time.monotonic() < ends:
            time.sleep(0.1)
        time.sleep(1.5)  # the student's answer is spinning now
        run.send_signal(signal.SIGINT)
        out, _ = run.communicate(timeout=60)
        assert run.returncode == 2, out[-3000:]
        assert "KeyboardInterrupt" in out and "Traceback" not in out, out[-3000:]
        assert _settled(solved) == [solved.state()["pid"]], "a job or its student lives on"
    finally:
        submissions.write(submissions.correct(ASSIGNMENT), solved.folder / f"{ASSIGNMENT}.ipynb")


def test_a_server_serves_only_its_token_and_only_while_its_code_is_current(solved):
    state = solved.ready()
    before = solved.jobs()
    with socket.create_connection(("127.0.0.1", state["port"]), timeout=10) as sock:
        sock.sendall(json.dumps({"token": "0" * 32, "args": ["-q"], "cwd": "/",
                                 "env": {}}).encode() + b"\n")
        assert sock.recv(1) == b"", "a wrong token was served"
    assert solved.jobs() == before
    # a new release of the harness: the old server is stale, the next run is cold and
    # leaves a new one, and the old one goes
    plugin = solved.folder / "_harness" / "pytest_plugin.py"
    plugin.write_text(plugin.read_text() + "\n")
    run = solved.pytest(KERAS_FILE)
    assert run.returncode == 0 and solved.jobs() == before, solved.log()
    new = solved.ready()
    assert new["pid"] != state["pid"]
    ends = time.monotonic() + 30
    while running(state["pid"]) and time.monotonic() < ends:
        time.sleep(0.2)
    assert not running(state["pid"]), "the stale server lives on"
    assert solved.pytest(KERAS_FILE).returncode == 0 and solved.jobs() == before + 1


def test_the_blank_release_fails_not_implemented_warm_and_an_idle_server_exits(tmp_path):
    student = Student(_copy(tmp_path), tmp_path / "tmp", SELFCHECK_WARM_IDLE="20")
    try:
        cold = student.pytest("-q")
        state = student.ready()
        warm = student.pytest("-q")
        assert student.jobs() == 1, student.log()
        for run in (cold, warm):
            assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-2000:]
            failures = [line for line in run.stdout.splitlines() if line.startswith("FAILED")]
            assert failures and run.stdout.count("not implemented yet") >= len(failures)
            assert " passed" not in run.stdout.splitlines()[-1]
        assert _summary_free(warm.stdout) == _summary_free(cold.stdout)
        ends = time.monotonic() + 90
        while running(state["pid"]) and time.monotonic() < ends:
            time.sleep(0.5)
        assert not running(state["pid"]), "the idle server did not exit"
        assert student.state() is None, "the idle server left its state file"
    finally:
        student.kill_servers()


def test_a_state_folder_another_user_could_use_is_not_used(tmp_path, monkeypatch):
    """On a shared machine another user may make the state folder first (and read the
    token, or plant a server): a folder that is not this user's alone means no server."""
    from autograder.harness import warm
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    home = tmp_path / f"rnn-selfcheck-{os.getuid()}"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    with pytest.raises(warm.NotPrivate):
        warm.state_path(tmp_path)
    assert warm.live_server(tmp_path) is None
    warm.start_server(tmp_path, "no_such_package")
    assert list(home.iterdir()) == []
    home.chmod(0o700)
    assert warm.state_path(tmp_path).parent == home


def test_a_server_gone_without_a_word_is_forgotten(tmp_path, monkeypatch):
    """A state file naming a live process (a reused pid) whose port takes no connection:
    the run is cold, and the file goes, so that the run after starts a new server."""
    from autograder.harness import warm
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    path = warm.state_path(tmp_path)
    path.write_text(json.dumps({"pid": os.getpid(), "key": warm.code_key(tmp_path),
                                "status": "ready", "port": port, "token": "0" * 32}))
    assert warm.run_here_or_there(tmp_path, ["-q"]) is None
    assert not path.exists()


def test_the_first_restart_of_a_job_is_forked_warm_and_later_ones_start_cold():
    """A cell that ends the student process at start-up costs one restart: the job
    forked a spare for it from its untouched image, so no TensorFlow is imported again.
    (In this process: the student process's modules loaded by path, as the server does.)"""
    import sys as _sys

    from autograder.harness import warm
    from autograder.harness.student import ProcessStudent
    image = (warm._load_by_path("_grading_wire", warm.HERE / "wire.py"),
             warm._load_by_path("_grading_testfns", warm.HERE / "testfns.py"),
             warm._load_by_path("_grading_child", warm.HERE / "student_process_main.py"),
             list(_sys.path))
    cells = [("setup", "import numpy as np"),
             ("answer_crashes", "import os\nos._exit(3)"),
             ("answer_square", "def square(x):\n    return x * x"),
             ("answer_exits", "def exits():\n    import os\n    os._exit(4)")]
    old_image, warm._STUDENT_IMAGE = warm._STUDENT_IMAGE, image
    launcher = warm.JobLauncher()
    student = ProcessStudent(cells, launcher=launcher)
    try:
        assert len(launcher.started) == warm.JobLauncher.FORKED == 2
        assert student.square(7) == 49  # after the first start died in answer_crashes
        assert len(launcher.started) == 2 and not launcher.spares, "restarted cold"
        with pytest.raises(Exception, match="exited with code 4"):
            student.exits()
        assert student.square(3) == 9  # a third start: no spare left, so a cold one
        assert len(launcher.started) == 3
        assert not isinstance(launcher.started[-1], warm.ForkedStudent)
    finally:
        student.close()
        launcher.kill_all()
        warm._STUDENT_IMAGE = old_image
