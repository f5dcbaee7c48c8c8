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


LIMIT_SECTIONS = ("Execute", "ExecutePreprocessor", "GradingLimits", "GradingSeal",
                  "JudgeTestCells")
UNITS = {"s": 1, "min": 60, "MiB": 1, "GiB": 1024}


def _course_config():
    from autograder.classgrade.pipeline import course_config
    return course_config(ROOT)


def _classes():
    from nbgrader.preprocessors import Execute
    from nbconvert.preprocessors import ExecutePreprocessor
    from autograder.grading_settings import GradingLimits
    from autograder.preprocessors import JudgeTestCells
    from autograder.seal.settings import GradingSeal
    return {"Execute": Execute, "ExecutePreprocessor": ExecutePreprocessor,
            "GradingLimits": GradingLimits, "JudgeTestCells": JudgeTestCells,
            "GradingSeal": GradingSeal}


def test_the_course_config_sets_only_what_it_changes():
    """A limit has one default, in the grading code: nbgrader_config.py overrides, it
    never restates (a restated default would stay behind when the code's changes)."""
    config, classes = _course_config(), _classes()
    restated = []
    for section in LIMIT_SECTIONS:
        traits = classes[section].class_traits(config=True)
        for name, value in config[section].items():
            assert name in traits, f"{section}.{name} is not an option"
            if value == traits[name].default_value:
                restated.append(f"{section}.{name} = {value!r}")
    assert not restated, restated


def test_the_readme_limits_table_says_what_grading_uses():
    """Each row of the README's "Limits" table: the value in force (the course config's
    override, else the code's default), in the row's unit."""
    import re
    config, classes = _course_config(), _classes()
    table = (ROOT / "README.md").read_text().split("**Limits**", 1)[1].split("\n\n", 2)[1]
    rows = re.findall(r"^\| `(\w+)\.(\w+)` \| ([\d.]+) (\w+) \|", table, re.M)
    assert len(rows) >= 10, table
    for section, name, amount, unit in rows:
        value = config[section][name] if name in config[section] else \
            classes[section].class_traits()[name].default_value
        assert float(amount) * UNITS[unit] == value, f"{section}.{name}: README {amount} {unit}"
