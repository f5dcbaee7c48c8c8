"""Grading refuses a Keras that cannot rebuild a student's model safely (issue 23).

The judge rebuilds every returned layer and model from a config the student wrote;
Keras before ``SAFE_KERAS`` can be made to run code from such a config even in safe
mode. An instructor's existing environment may hold one: grading must stop, say why,
and grade nothing, even where unsealed grading is allowed.
"""
from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys

from authoring import submissions
from autograder.course import ROOT
from autograder.harness.quiet import child_environment
from autograder.seal.settings import SAFE_KERAS
from tools import grading

A = "rnn_fundamentals"


def test_the_project_requires_the_safe_keras():
    pins = re.findall(r'"keras>=([0-9.]+)"', (ROOT / "pyproject.toml").read_text())
    assert pins == [SAFE_KERAS]


def _old_keras(folder):
    """A folder that, first on the path, makes the installed Keras read as 3.11.0
    (only its metadata: importlib.metadata looks there first)."""
    info = folder / "keras-3.11.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: keras\nVersion: 3.11.0\n")
    return str(folder)


def _grades(course):
    db = sqlite3.connect(course / "gradebook.db")
    try:
        return db.execute("SELECT COUNT(*) FROM grade WHERE auto_score IS NOT NULL").fetchone()[0]
    finally:
        db.close()


def test_grading_stops_on_an_unsafe_keras_even_when_unsealed_is_allowed(tmp_path):
    course = grading.make_course(tmp_path / "course")
    with open(course / "nbgrader_config.py", "a") as fh:
        fh.write("\nc.GradingSeal.allow_unsealed = True\n")
    grading.submit(course, A, "student", submissions.correct(A))
    path = os.pathsep.join([_old_keras(tmp_path / "old"), str(ROOT)])
    plain = grading.nbgrader(course, "autograde", A, check=False, env={"PYTHONPATH": path})
    said = plain.stdout + plain.stderr
    assert "Keras 3.11.0" in said and f"keras>={SAFE_KERAS}" in said, said[-3000:]
    classgrade = subprocess.run(
        [sys.executable, "-m", "autograder.classgrade", "grade", A, "--no-progress"],
        cwd=course, env=child_environment(PYTHONPATH=path), capture_output=True, text=True)
    assert classgrade.returncode != 0
    assert "Keras 3.11.0" in classgrade.stderr and "CVE-2026-1462" in classgrade.stderr, \
        classgrade.stderr[-3000:]
    assert _grades(course) == 0
