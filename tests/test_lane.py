"""The second lane (tests/lane.py) reports a child's tests as its own: passes, failures
with their output, a child that dies, and the exit code."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CONFTEST = """
from tests import lane

def pytest_configure(config):
    config.pluginmanager.register(lane, "second-lane")

def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: lane.in_lane(item, False))

def pytest_collection_finish(session):
    lane.start(session, [i for i in session.items if lane.in_lane(i, False)])
"""

SLOW = """
import os

def test_passes():
    assert os.environ.get("TESTS_LANE_REPORTS")  # it ran in the child

def test_fails():
    print("the child's captured output")
    assert 1 == 2, "one is not two"

def test_the_child_dies():
    os._exit(7)

def test_after_the_death():
    pass
"""

MAIN = """
import os

def test_here():
    assert not os.environ.get("TESTS_LANE_REPORTS")
"""


def run(tmp_path, *args, **env):
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_slow.py").write_text(SLOW)
    (tmp_path / "test_main.py").write_text(MAIN)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TESTS_")}
    environ.update(PYTHONPATH=str(ROOT), TESTS_LANE_MODULES="test_slow", **env)
    # its own --basetemp: a pytest that numbers its folder in the shared
    # /tmp/pytest-of-<user> deletes the older ones when it ends (an earlier whole run's
    # tree, gigabytes: a CI run once spent its 120 s here)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA",
                           "--rootdir", str(tmp_path), f"--basetemp={tmp_path / 'base'}",
                           *args], cwd=tmp_path, env=environ,
                          capture_output=True, text=True, timeout=300)


def test_the_parent_reports_the_childs_tests_in_place(tmp_path):
    done = run(tmp_path, "test_main.py", "test_slow.py")
    out = done.stdout
    assert done.returncode == 1, out
    assert "PASSED test_main.py::test_here" in out
    assert "PASSED test_slow.py::test_passes" in out
    assert "FAILED test_slow.py::test_fails - AssertionError: one is not two" in out
    assert "the child's captured output" in out
    assert "FAILED test_slow.py::test_the_child_dies - the second lane's pytest" in out
    assert "ended with exit code 7" in out
    assert "FAILED test_slow.py::test_after_the_death" in out
    assert "3 failed, 2 passed" in out


def test_one_lane_runs_everything_here(tmp_path):
    done = run(tmp_path, "test_main.py", "test_slow.py::test_passes", TESTS_ONE_LANE="1")
    assert "1 failed, 1 passed" in done.stdout, done.stdout  # test_passes wants the child


def test_the_lane_alone_runs_in_this_process(tmp_path):
    done = run(tmp_path, "test_slow.py::test_fails")
    assert "1 failed" in done.stdout and "second lane" not in done.stdout, done.stdout
