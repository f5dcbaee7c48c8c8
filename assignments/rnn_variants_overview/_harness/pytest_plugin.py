"""``pytest`` in a released assignment folder: the ``student`` fixture and short reports.

The assignment's ``conftest.py`` imports this module. The fixture starts the same
sandboxed process the autograder uses, from the saved notebook named after the
folder, so what passes here passes in grading.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .notebook import NotebookError
from .runner import failure_message
from .selfcheck import notebook_student


def _notebook_for(config) -> Path:
    root = Path(str(config.rootpath))
    for folder in [Path(a) for a in config.args] + [Path.cwd(), root]:
        folder = folder if folder.is_dir() else folder.parent
        for candidate in [folder, *folder.parents][:3]:
            nb = candidate / f"{candidate.name}.ipynb"
            if nb.exists():
                return nb
    raise NotebookError("could not find the assignment notebook next to the tests")


@pytest.fixture(scope="session")
def student(request):
    try:
        s = notebook_student(_notebook_for(request.config))
    except NotebookError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield s
    s.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if report.failed and call.excinfo is not None and call.excinfo.errisinstance(AssertionError):
        report.longrepr = failure_message(call.excinfo)
