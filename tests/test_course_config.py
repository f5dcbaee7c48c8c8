"""The course configuration fails loudly: traitlets only logs an exception raised while
loading ``nbgrader_config.py`` and goes on with nbgrader's defaults, under which every
question would score 0 without a word in the gradebook."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# nbgrader as an instructor runs it, in the course folder, with one of the course's
# modules unimportable (as in an environment that lacks one of its dependencies)
BROKEN_NBGRADER = """
import sys
sys.modules["autograder.feedback_page"] = None  # import fails with ImportError
from nbgrader.apps.nbgraderapp import main
sys.argv = ["nbgrader", "autograde", "no_such_assignment"]
main()
"""


def test_nbgrader_stops_when_the_course_code_cannot_load():
    run = subprocess.run([sys.executable, "-c", BROKEN_NBGRADER], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out
    assert "nbgrader_config.py cannot load the course's grading code" in out, out
    assert "ImportError" in out or "ModuleNotFoundError" in out, out
