"""Shared fixtures: every nbgrader class batch of the session, graded two at a time.

Pipeline batches (one per assignment) and the hostile batch are scheduled together
at the first test that needs one, on two worker threads (one nbgrader run per core).
"""
from __future__ import annotations

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tools import grading

BATCH_FIXTURE = "class_batches"


@pytest.fixture(scope="session")
def class_batches(tmp_path_factory, request):
    from tests import batches
    wanted = []
    for item in request.session.items:
        if BATCH_FIXTURE in getattr(item, "fixturenames", ()):
            marker = item.get_closest_marker("batch")
            keys = list(marker.args) if marker else []
            params = getattr(item, "callspec", None)
            if params is not None and "assignment" in params.params:
                keys.append(params.params["assignment"])
            wanted += [key for key in keys if key not in wanted]
    wanted.sort(key=batches.expected_cost, reverse=True)  # longest first
    pool = ThreadPoolExecutor(max_workers=2)
    futures = {key: pool.submit(batches.grade, key,
                                grading.make_course(tmp_path_factory.mktemp(f"course-{key}")))
               for key in wanted}
    yield lambda key: futures[key].result()
    pool.shutdown(cancel_futures=True)


@pytest.fixture
def postgres_db():
    """A fresh PostgreSQL database URL on the test server (``scripts/postgres.sh``)."""
    server = os.environ.get("GRADING_TEST_POSTGRES_URL")
    if not server:
        if os.environ.get("CI"):
            pytest.fail("no PostgreSQL server: .ci/run starts one through scripts/test.sh")
        pytest.skip("no PostgreSQL server (scripts/test.sh starts one where it can)")
    import psycopg  # SQLAlchemy's driver for postgresql:// URLs
    name = f"gradebook_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def pytest_configure(config):
    config.addinivalue_line("markers", "batch(*names): the class batches a test reads")
