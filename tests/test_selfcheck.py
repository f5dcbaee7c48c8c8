"""The student's self-check: ``pytest assignments/<a>`` and the notebook's check cells."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from tools import release, submissions

ASSIGNMENTS = release.available()


def _student_copy(tmp_path, assignment, notebook=None):
    """What a student has: the released folder, possibly with answers filled in."""
    folder = tmp_path / assignment
    shutil.copytree(release.ROOT / "assignments" / assignment, folder)
    if notebook is not None:
        submissions.write(notebook, folder / f"{assignment}.ipynb")
    return folder


def _pytest(folder):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("NBGRADER_EXECUTION", None)
    return subprocess.run([sys.executable, "-m", "pytest", str(folder), "-q", "-p",
                           "no:cacheprovider"], cwd=folder.parent, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_fails_every_check_with_not_implemented(tmp_path, assignment):
    proc = _pytest(_student_copy(tmp_path, assignment))
    assert proc.returncode == 1, proc.stdout[-3000:]
    summary = proc.stdout.strip().splitlines()[-1]
    assert " failed" in summary and " passed" not in summary, summary
    failures = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
    assert failures
    assert proc.stdout.count("not implemented yet") >= len(failures), proc.stdout[-3000:]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_answers_pass_every_public_check(tmp_path, assignment):
    proc = _pytest(_student_copy(tmp_path, assignment, submissions.correct(assignment)))
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert " passed" in proc.stdout and "failed" not in proc.stdout


def test_check_cell_runs_public_checks_on_the_notebook_namespace(tmp_path, monkeypatch):
    """The check cell's code path: the notebook's own functions, no saving needed."""
    assignment = "rnn_fundamentals"
    folder = _student_copy(tmp_path, assignment)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.syspath_prepend(str(folder))
    for name in [m for m in sys.modules if m == "_harness" or m.startswith("_harness.")]:
        monkeypatch.delitem(sys.modules, name)
    from _harness import check
    namespace = {}
    exec("import numpy as np", namespace)
    cell = submissions.answer_cell(submissions.correct(assignment), "make_windows")
    exec("".join(cell["source"]), namespace)
    check("make_windows", namespace)  # passes silently (prints a report)
    wrong = {"np": namespace["np"], "make_windows": lambda s, w, h=1: (None, None)}
    with pytest.raises(AssertionError, match="public checks failed"):
        check("make_windows", wrong)
