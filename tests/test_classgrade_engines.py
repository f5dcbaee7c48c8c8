"""The class-grading engines survive what can go wrong in a worker.

Scripted workers (``tests/fake_workers.py``) crash, hang or raise on chosen
students; every other task must still be graded, and every task must get exactly
one record saying what happened to it.
"""
from __future__ import annotations

import pytest

from autograder.classgrade.local import WorkerStartError, run_local
from autograder.classgrade.options import Options
from autograder.classgrade.tasks import Task
from tests.fake_workers import SCRIPTED

STUDENTS = ["ok1", "crash1", "ok2", "hang1", "ok3", "raise1", "ok4", "ok5"]


def _tasks(students):
    return [Task("rnn_fundamentals", s, "d") for s in students]


def _by_student(records):
    out = {}
    for r in records:
        assert r.student not in out, f"{r.student} got two records"
        out[r.student] = r
    return out


def _within(seconds: float, run):
    """``run()``, or a failure after ``seconds``: a cluster that lost every worker waits
    for them forever, and a hang here would use up the whole CI run."""
    import concurrent.futures
    import threading
    done = concurrent.futures.Future()

    def target():
        try:
            done.set_result(run())
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            done.set_exception(exc)
    threading.Thread(target=target, daemon=True).start()
    try:
        raised = done.exception(timeout=seconds)
    except concurrent.futures.TimeoutError:  # not the run's own TimeoutError
        pytest.fail(f"the Dask run gave no result within {seconds} s")
    if raised is not None:
        raise raised
    return done.result()


def test_local_workers_survive_crashes_hangs_and_errors(tmp_path):
    options = Options(str(tmp_path), worker=SCRIPTED)
    records = _by_student(run_local(_tasks(STUDENTS), options, workers=2, task_timeout=4,
                                    log_dir=tmp_path / "logs"))
    assert set(records) == set(STUDENTS)
    assert records["crash1"].status == "crashed"
    assert "exit code 3" in records["crash1"].error
    assert records["hang1"].status == "timeout"
    assert records["raise1"].status == "failed"
    assert "the worker itself failed" in records["raise1"].error
    assert [records[s].kind for s in ("crash1", "hang1", "raise1")] == \
        ["crashed", "timeout", "worker_error"]
    for s in STUDENTS:
        if s.startswith("ok"):
            assert records[s].status == "graded", records[s]
    # the crashed and the stopped worker were replaced, and both cores were used
    assert len({records[s].worker["pid"] for s in STUDENTS if s.startswith("ok")}) >= 2


def test_a_worker_that_cannot_start_stops_the_run_with_a_clear_error(tmp_path):
    options = Options(str(tmp_path), mode="refuse", worker=SCRIPTED)
    with pytest.raises(WorkerStartError, match="this worker cannot start"):
        list(run_local(_tasks(["ok1", "ok2"]), options, 2, 30, tmp_path / "logs"))


def test_dask_workers_survive_a_crash_and_a_hang_ends_the_run(tmp_path):
    from autograder.classgrade.dask_engine import run_dask
    students = ["ok1", "crash1", "ok2", "raise1", "ok3", "hang1"]
    options = Options(str(tmp_path), worker=SCRIPTED)
    # 60 s without a finished submission (the hang, once the others are done): long
    # enough for the crashed workers' restarts on a loaded machine
    records = _by_student(_within(300, lambda: list(run_dask(_tasks(students), options,
                                                               workers=2, task_timeout=60))))
    assert set(records) == set(students)
    assert records["crash1"].status == "crashed"
    assert records["raise1"].status == "failed" and "ValueError" in records["raise1"].error
    assert all(records[s].status == "graded" for s in ("ok1", "ok2", "ok3"))
    assert records["hang1"].status == "timeout"
    assert "no grading worker finished a submission for 60 s" in records["hang1"].error


def test_modes_adapt_the_course_pipeline():
    from autograder.classgrade.pipeline import (START_JUDGE, TIMED_SAVE, course_config,
                                                mode_preprocessors)
    from tools.grading import ROOT
    configured = list(course_config(ROOT).Autograde.autograde_preprocessors)
    execute = "autograder.preprocessors.SealedExecute"
    assert execute in configured
    fast = mode_preprocessors(configured, "fast")
    full = mode_preprocessors(configured, "full")
    assert execute not in fast and START_JUDGE not in fast
    assert full.index(START_JUDGE) == full.index(execute) - 1
    for steps in (fast, full):
        assert TIMED_SAVE in steps and "nbgrader.preprocessors.SaveAutoGrades" not in steps
        assert steps.index("autograder.preprocessors.JudgeTestCells") < steps.index(TIMED_SAVE)
    with pytest.raises(ValueError, match="unknown mode"):
        mode_preprocessors(configured, "quick")


def test_the_command_refuses_unknown_assignments_and_non_courses(tmp_path, capsys):
    from autograder.classgrade.cli import main
    from tools.grading import ROOT
    with pytest.raises(SystemExit, match="unknown assignment"):
        main(["grade", "no_such_assignment", "--course", str(ROOT)])
    assert main(["grade", "--course", str(tmp_path)]) == 2
    assert "no nbgrader_config.py" in capsys.readouterr().err


def test_the_command_refuses_students_with_no_submission_naming_who_submitted(tmp_path):
    from autograder.classgrade.cli import main
    from tools import grading
    course = grading.make_course(tmp_path / "course")
    for student in ("ann", "bob"):
        grading.submit(course, "rnn_fundamentals", student, None)
    grading.submit(course, "rnn_variants_overview", "cid", None)
    with pytest.raises(SystemExit) as stopped:  # a message: exit status 1
        main(["grade", "rnn_fundamentals", "--student", "zed", "--course", str(course)])
    message = str(stopped.value.code)
    assert "no student zed" in message and "ann, bob, cid" in message
    assert "rnn_fundamentals: ann, bob" in message
    with pytest.raises(SystemExit) as stopped:
        main(["grade", "rnn_fundamentals", "--student", "cid", "--course", str(course)])
    assert "cid submitted none of rnn_fundamentals" in str(stopped.value.code)
    with pytest.raises(SystemExit) as stopped:
        main(["grade", "rnn_fundamental", "--course", str(course)])
    assert "unknown assignment(s) rnn_fundamental; the course has rnn_fundamentals" \
        in str(stopped.value.code)
    assert not (course / "class_grading").exists()  # nothing was graded or recorded
