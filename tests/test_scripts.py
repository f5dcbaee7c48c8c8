"""The shell scripts: ``scripts/env.sh`` is sourced by instructors (README), so it may
change nothing in their shell but the activation and the variables it documents; the
scripts that run as programs keep their own strictness."""
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV_SH = ROOT / "scripts" / "env.sh"
DOCUMENTED = {"PATH", "VIRTUAL_ENV", "TF_CPP_MIN_LOG_LEVEL", "PYTHONWARNINGS",
              "PYTHONDONTWRITEBYTECODE"}

# what an interactive shell would see before and after `source scripts/env.sh`
PROBE = r"""
cd /
set -o > "$OUT/options.before"; compgen -v | sort > "$OUT/vars.before"
declare -F | sort > "$OUT/functions.before"
source "$ENV_SH"
echo "rc=$?" > "$OUT/rc"
set -o > "$OUT/options.after"; compgen -v | sort > "$OUT/vars.after"
declare -F | sort > "$OUT/functions.after"
pwd > "$OUT/cwd"; command -v python > "$OUT/python"
false
echo "the shell survived a failing command" > "$OUT/alive"
"""


def _source(env_sh: Path, tmp_path: Path, **env) -> dict[str, str]:
    out = tmp_path / "probe"
    out.mkdir()
    base = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "OUT": str(out),
            "ENV_SH": str(env_sh)}
    subprocess.run(["bash", "-c", PROBE], env={**base, **env}, check=False, timeout=120)
    return {p.name: p.read_text() for p in out.iterdir()}


def _new_names(seen: dict[str, str], kind: str) -> set[str]:
    return set(seen[f"{kind}.after"].split("\n")) - set(seen[f"{kind}.before"].split("\n"))


def test_sourcing_env_changes_only_what_it_documents(tmp_path):
    seen = _source(ENV_SH, tmp_path)
    assert seen["rc"].strip() == "rc=0"
    assert seen["options.after"] == seen["options.before"]  # no set -euo pipefail left
    assert _new_names(seen, "vars") - DOCUMENTED - {"_"} == set()
    assert _new_names(seen, "functions") == set()
    assert seen["cwd"].strip() == "/"
    assert seen["python"].strip() == str(ROOT / ".venv" / "bin" / "python")
    assert "survived" in seen.get("alive", "")


def test_a_failed_installation_returns_without_closing_the_shell(tmp_path):
    course = tmp_path / "repo"
    (course / "scripts").mkdir(parents=True)
    shutil.copy(ENV_SH, course / "scripts" / "env.sh")
    (course / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    seen = _source(course / "scripts" / "env.sh", tmp_path, PYTHON="false")  # no venv
    assert seen["rc"].strip() == "rc=1"
    assert seen["options.after"] == seen["options.before"]
    assert "survived" in seen.get("alive", "")


def test_scripts_run_as_programs_are_strict():
    for script in sorted((ROOT / "scripts").glob("*.sh")):
        if script.name == "env.sh":
            continue
        lines = script.read_text().splitlines()
        strict = lines.index("set -euo pipefail")
        assert strict < next(i for i, l in enumerate(lines) if "env.sh" in l), script.name


def test_nbgrader_accepts_every_option_of_the_course_config(tmp_path):
    """nbgrader warns about an option it does not know ("Config option `db_assignments`
    not recognized by `CourseDirectory`"): to an instructor the config looks broken."""
    from tools import grading
    course = grading.make_course(tmp_path / "course")
    listed = grading.nbgrader(course, "db", "assignment", "list")
    assert "WARNING" not in listed.stderr and "not recognized" not in listed.stderr, \
        listed.stderr
    assert "There are 4 assignments" in listed.stdout


def test_class_grading_finds_the_assignments_in_the_gradebook(tmp_path):
    from autograder.classgrade.pipeline import course_assignments
    from autograder.course import ASSIGNMENTS
    from tools import grading
    course = grading.make_course(tmp_path / "course")
    names, course_id, url = course_assignments(course)
    assert names == list(ASSIGNMENTS) and course_id == "rnn-week4-day1"
    assert url == f"sqlite:///{course / 'gradebook.db'}"
