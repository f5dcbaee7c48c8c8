"""A second lane: long serial test modules run in a pytest process of their own.

The session's main thread runs one test at a time while the class batches grade on
their threads; the modules below (real instructor workflows: collection, interrupted
runs, a student's fresh virtualenv, concurrent gradebooks; the warm check process)
spend most of their time waiting on subprocesses, so a child pytest runs them at the
same time. The parent keeps their place in its own run: when it reaches one of them it
replays the child's reports (pass, fail, captured output, duration) as if it had run
it, so counts, ``-ra``, ``--durations``, ``-x`` and the exit code all read one session.

Used only when a run collects both lane and other tests; ``TESTS_ONE_LANE=1`` runs
everything in one process (for a debugger, say).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHILD_ENV = "TESTS_LANE_REPORTS"  # set in the child: where it writes its reports
OFF_ENV = "TESTS_ONE_LANE"

# modules whose tests read no class batch and take minutes, waiting on processes
# (seconds in a fresh-clone run, main thread, before the lane)
MODULES = {
    "tests.test_collection": 340,
    "tests.test_interrupted_grading": 275,
    "tests.test_gradebook_concurrency": 117,
    "tests.test_student_install": 98,
    "tests.test_classgrade_engines": 90,
    "tests.test_release": 70,
    "tests.test_feedback_page": 55,
    "tests.test_classgrade": 55,
    "tests.test_classgrade_cluster": 35,
    "tests.test_escaping": 30,
    "tests.test_warm_selfcheck": 80,  # students' pytest runs, cold and warm
}


MODULES_ENV = "TESTS_LANE_MODULES"  # comma-separated module names instead (tests/test_lane.py)


def in_lane(item, reads_batches: bool) -> bool:
    names = os.environ[MODULES_ENV].split(",") if MODULES_ENV in os.environ else MODULES
    return item.module.__name__ in names and not reads_batches


class ChildRun:
    """The child pytest over ``nodeids``, its reports read back as they arrive."""

    def __init__(self, config, nodeids: list[str], workdir: Path, extra_env: dict):
        self.config = config
        self.expected = set(nodeids)
        workdir.mkdir(parents=True, exist_ok=True)
        self.reports_path = workdir / "reports.jsonl"
        self.log_path = workdir / "output.log"
        self.reports: dict[str, list] = {}
        self.finished: set[str] = set()
        self._offset = 0
        env = dict(os.environ, **extra_env, **{CHILD_ENV: str(self.reports_path)})
        args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                f"--basetemp={workdir / 'tmp'}", "--rootdir", str(config.rootpath),
                *nodeids]
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(args, cwd=config.rootpath, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        config.add_cleanup(self.stop)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def _read(self):
        with open(self.reports_path, "a+b") as fh:
            fh.seek(self._offset)
            chunk = fh.read()
        complete = chunk[:chunk.rfind(b"\n") + 1]
        self._offset += len(complete)
        for line in complete.splitlines():
            report = self.config.hook.pytest_report_from_serializable(
                config=self.config, data=json.loads(line))
            self.reports.setdefault(report.nodeid, []).append(report)
            if report.when == "teardown":
                self.finished.add(report.nodeid)

    def reports_for(self, item) -> list:
        """The child's reports of ``item``, once it has finished it (or has ended)."""
        while True:
            ended = self.process.poll() is not None
            self._read()
            if item.nodeid in self.finished:
                return self.reports[item.nodeid]
            if ended:
                return self.reports.get(item.nodeid, []) + [self._lost(item)]
            time.sleep(0.5)

    def _lost(self, item):
        tail = self.log_path.read_text(errors="replace").splitlines()[-40:]
        return pytest.TestReport(
            item.nodeid, item.location, {}, "failed",
            f"the second lane's pytest (tests/lane.py) ended with exit code "
            f"{self.process.returncode} before it finished this test; the end of its "
            f"output ({self.log_path}):\n" + "\n".join(tail),
            "teardown" if any(r.when == "call" for r in self.reports.get(item.nodeid, ()))
            else "call")


_CHILD: ChildRun | None = None


def start(session, lane_items: list, child_env=lambda items: {}) -> None:
    """Run ``lane_items`` in a child pytest, if there is anything else to run here;
    ``child_env(lane_items)``: what to add to its environment (a server to share)."""
    global _CHILD
    config = session.config
    if (os.environ.get(OFF_ENV) or os.environ.get(CHILD_ENV) or not lane_items
            or len(lane_items) == len(session.items) or config.option.collectonly):
        return
    factory = getattr(config, "_tmp_path_factory", None)
    base = Path(factory.getbasetemp()) if factory else Path.cwd()
    _CHILD = ChildRun(config, [item.nodeid for item in lane_items], base / "second-lane",
                      child_env(lane_items))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    if _CHILD is None or item.nodeid not in _CHILD.expected:
        return None
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    for report in _CHILD.reports_for(item):
        item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def pytest_runtest_logreport(report):
    """In the child: every report, as it happens, for the parent to replay."""
    path = os.environ.get(CHILD_ENV)
    if path and _CONFIG is not None:
        data = _CONFIG.hook.pytest_report_to_serializable(config=_CONFIG, report=report)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(data) + "\n")


_CONFIG = None


def pytest_configure(config):
    global _CONFIG
    _CONFIG = config
