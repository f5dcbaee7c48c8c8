"""Shared fixtures: every nbgrader class batch of the session, graded three at a time.

The batches (``tests/batches.py``) are what costs: real nbgrader runs over whole
classes. They start as soon as the tests are collected, on three threads, while the
test modules that read no batch run first; the modules that do run after them, each
waiting only for the batches it reads. The long serial modules of ``tests/lane.py``
run meanwhile in a second pytest process; their reports are replayed last.
"""
from __future__ import annotations

import ast
import os
import shutil
import threading
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests import lane
from tests.unavailable import missing, needs_seal
from tools import grading

# CPython 3.11 counts the depth of the AST objects it builds in a state all threads
# share (gh-106905): two batch threads parsing at once (mutant packs, similarity) can
# fail with "AST constructor recursion depth mismatch". In this process, one at a time.
_PARSE, _PARSE_LOCK = ast.parse, threading.Lock()


def _parse_one_at_a_time(*args, **kwargs):
    with _PARSE_LOCK:
        return _PARSE(*args, **kwargs)


ast.parse = _parse_one_at_a_time

# a student's pytest leaves a warm check process behind (autograder/harness/warm.py):
# the tests' students run cold, in this process's children too, unless a test of that
# process (tests/test_warm_selfcheck.py) asks for it
os.environ["SELFCHECK_WARM"] = "0"

BATCH_FIXTURE = "class_batches"
BATCH_SECONDS: dict[str, float] = {}  # wall time of each batch, for the summary
_BATCHES: dict[str, object] = {}      # key -> future of its result


def _batch_keys(item) -> list[str]:
    if BATCH_FIXTURE not in getattr(item, "fixturenames", ()):
        return []
    marker = item.get_closest_marker("batch")
    keys = list(marker.args) if marker else []
    params = getattr(item, "callspec", None)
    if params is not None and "assignment" in params.params:
        keys.append(params.params["assignment"])
    return keys


# Whole modules of the slow tier besides those that read class batches and the second
# lane's: each takes a minute or more (Keras models built and trained, TensorFlow
# imported by processes of their own, real nbgrader runs, students' pytest runs).
SLOW_MODULES = {
    "tests.test_selfcheck",       # students' pytest on every assignment and platform
    "tests.test_warm_selfcheck",  # the warm check process, started and used for real
    "tests.test_judge_cost",      # Keras models the judge must refuse, built for real
    "tests.test_safe_keras",      # grading under an unsafe Keras, from the start
    "tests.test_non_finite",      # the judge on NaN and inf variants of every answer
    "tests.test_judge_deadline",  # a notebook graded until its time budget ends
}


def is_slow(item) -> bool:
    """Whether ``item`` gets the ``slow`` mark, which leaves it out of the fast tier
    (``-m "not slow"``, ``scripts/test.sh --fast``); a mark set by hand stays."""
    return bool(_batch_keys(item)) or lane.in_lane(item, False) \
        or item.module.__name__ in SLOW_MODULES


@pytest.hookimpl(tryfirst=True)  # before -m deselects by the marks added here
def pytest_collection_modifyitems(session, config, items):
    """Marks the slow tier. Modules that read no batch first, so that they run while the
    batches grade; the second lane's tests last (their reports, once its process has
    run them)."""
    for item in items:
        if is_slow(item) and item.get_closest_marker("slow") is None:
            item.add_marker("slow")
    reads = {item.module.__name__ for item in items if _batch_keys(item)}
    items[:] = sorted(items, key=lambda item: (lane.in_lane(item, bool(_batch_keys(item))),
                                               item.module.__name__ in reads))


def pytest_collection_finish(session):
    from tests import batches
    lane.start(session, [item for item in session.items
                         if lane.in_lane(item, bool(_batch_keys(item)))],
               child_env=lambda items: _shared_postgres(session.config, items))
    wanted = []
    for item in session.items:
        wanted += [key for key in _batch_keys(item) if key not in wanted]
    if not wanted or session.config.option.collectonly:
        return
    wanted.sort(key=batches.expected_cost, reverse=True)  # longest first
    factory = getattr(session.config, "_tmp_path_factory", None)
    base = Path(factory.getbasetemp()) if factory else Path(tempfile.mkdtemp(prefix="batches-"))
    # three at a time: a grading run waits (kernels starting, timeouts) a third of its time
    pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="class-batch")

    def timed(key, course):
        began = time.monotonic()
        try:
            return batches.grade(key, course)
        finally:
            BATCH_SECONDS[key] = time.monotonic() - began

    for key in wanted:
        course = grading.make_course(base / f"course-{key.replace(':', '-')}")
        _BATCHES[key] = pool.submit(timed, key, course)
    session.config.add_cleanup(lambda: pool.shutdown(cancel_futures=True))


@pytest.fixture(scope="session")
def class_batches():
    """``class_batches(key)``: the result of that batch, once graded."""
    return lambda key: _BATCHES[key].result()


POSTGRES_URL_ENV = "GRADING_TEST_POSTGRES_URL"
_POSTGRES: dict = {}  # this session's throwaway server, once started


def postgres_url(config) -> str:
    """``GRADING_TEST_POSTGRES_URL`` if set, else a throwaway server from the ``pgserver``
    wheel (a test dependency: the real server, started the same way on every machine,
    nothing installed system-wide), one per session, the second lane's included."""
    if os.environ.get(POSTGRES_URL_ENV):
        return os.environ[POSTGRES_URL_ENV]
    if "server" not in _POSTGRES:
        import pgserver
        # not under pytest's basetemp: every pytest run that starts (a second lane, a
        # test's own pytest) makes /tmp/pytest-of-<user> private again, and the server,
        # which runs as another user when the tests run as root, loses its data folder
        home = Path(tempfile.mkdtemp(prefix="test-postgres-"))
        _POSTGRES["server"] = server = pgserver.get_server(home / "data", cleanup_mode="delete")
        config.add_cleanup(lambda: shutil.rmtree(home, ignore_errors=True))
        config.add_cleanup(server.cleanup)
    return _POSTGRES["server"].get_uri()


def _shared_postgres(config, lane_items) -> dict:
    """The second lane's environment: this session's server, if its tests use one."""
    if not any("postgres_server" in getattr(i, "fixturenames", ()) for i in lane_items):
        return {}
    try:
        return {POSTGRES_URL_ENV: postgres_url(config)}
    except Exception:  # noqa: BLE001 - the lane's own fixture says why
        return {}


@pytest.fixture(scope="session")
def postgres_server(request):
    """A PostgreSQL server for the gradebook tests (:func:`postgres_url`)."""
    try:
        return postgres_url(request.config)
    except Exception as exc:  # noqa: BLE001 - no wheel for this platform, or it cannot start
        missing(f"no PostgreSQL server for the tests ({exc})")


@pytest.fixture
def postgres_db(postgres_server):
    """A fresh, empty database on the test server; its URL."""
    import psycopg  # SQLAlchemy's driver for postgresql:// URLs
    from sqlalchemy.engine import make_url
    name = f"gradebook_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def pytest_configure(config):
    config.pluginmanager.register(lane, "second-lane")
    config.addinivalue_line("markers", "batch(*names): the class batches a test reads")
    config.addinivalue_line("markers", "slow: not in the fast tier (scripts/test.sh --fast); "
                                       "set on whole modules in tests/conftest.py")


def pytest_terminal_summary(terminalreporter):
    if BATCH_SECONDS:
        terminalreporter.write_sep("-", "class batches (wall seconds, three at a time)")
        for key, seconds in sorted(BATCH_SECONDS.items(), key=lambda kv: -kv[1]):
            terminalreporter.write_line(f"{seconds:8.1f}  {key}")
    figures = []
    for key, future in sorted(_BATCHES.items()):
        if key.startswith("seal:") and future.done() and not future.cancelled() \
                and future.exception() is None:
            from tests import seal_attacks
            figures += seal_attacks.memory_figures(future.result())
    if figures:
        terminalreporter.write_sep("-", "peak resident memory (MiB) of the seal batches")
        for line in figures:
            terminalreporter.write_line(line)


@pytest.fixture
def sealed():
    """Bubblewrap can seal here: skipped on a developer's machine without it, failed
    under CI (``tests/unavailable.py``)."""
    needs_seal()
