"""The notebooks' "find the assignment folder" cell, run the way a kernel would run it.

Kernels do not always start in the assignment folder (Colab starts in ``/content``,
VS Code and JupyterHub may start elsewhere). The cell at the top of every notebook
finds the folder, changes into it and puts it first on ``sys.path``, so that
``from _harness import check``, the helper modules and ``data/`` work. These tests
exec the source notebook's cell text from other working directories, against copies
of the committed release.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from autograder.course import ASSIGNMENTS
from autograder import course

GRADE_ID = "find_assignment_folder"
HELPERS = {"rnn_fundamentals": "figures", "rnn_variants_overview": "variants_figures",
           "rnn_architectures_part1": "seqdata", "rnn_architectures_part2": "generation_helpers"}
MODULES = ("_harness", *HELPERS.values())


def _find_cell(assignment: str) -> tuple[int, dict]:
    nb = json.loads(course.source_notebook(assignment)
                    .read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == GRADE_ID:
            return index, cell
    raise AssertionError(f"{assignment}: no cell with grade_id {GRADE_ID}")


def cell_source(assignment: str = "rnn_fundamentals") -> str:
    return "".join(_find_cell(assignment)[1]["source"])


def released_copy(parent: Path, assignment: str) -> Path:
    """What a student has: the committed release of ``assignment``, under ``parent``."""
    folder = parent / assignment
    shutil.copytree(course.release_folder(assignment), folder,
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    return folder


@pytest.fixture
def kernel(monkeypatch):
    """A clean slate for the cell: cwd, sys.path, environment and imported modules come
    back afterwards; returns a function that runs the cell and gives its namespace."""
    monkeypatch.chdir(os.getcwd())  # restore the cwd the cell changes
    monkeypatch.setattr(sys, "path", list(sys.path))  # the cell edits sys.path in place
    for name in ("NBGRADER_EXECUTION", "RNN_ASSIGNMENT_DIR", "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)

    def forget_modules():
        for name in [m for m in sys.modules if m.split(".")[0] in MODULES]:
            del sys.modules[name]
    saved = {m: sys.modules[m] for m in sys.modules if m.split(".")[0] in MODULES}
    forget_modules()

    def run(cwd: Path, namespace: dict | None = None, assignment: str = "rnn_fundamentals"):
        os.chdir(cwd)
        namespace = {} if namespace is None else namespace
        exec(compile(cell_source(assignment), "<find_assignment_folder>", "exec"), namespace)
        return namespace
    yield run
    forget_modules()
    sys.modules.update(saved)


def assert_in_assignment(folder: Path):
    folder = folder.resolve()
    assert Path.cwd().resolve() == folder
    assert Path(sys.path[0]).resolve() == folder
    import _harness
    assert Path(_harness.__file__).resolve().parent == folder / "_harness"
    assert callable(_harness.check)


def test_cell_is_the_same_in_every_notebook_and_comes_before_the_setup_cell():
    sources = {a: cell_source(a) for a in ASSIGNMENTS}
    assert len(ASSIGNMENTS) == 4 and len(set(sources.values())) == 1, sources.keys()
    for assignment in ASSIGNMENTS:
        index, cell = _find_cell(assignment)
        nb = json.loads(course.source_notebook(assignment).read_text())
        ids = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb["cells"]]
        assert index < ids.index("setup_imports"), assignment
        assert all(i is None for i in ids[:index]), assignment  # the first nbgrader cell
        assert cell["cell_type"] == "code" and cell["outputs"] == []
        assert cell["execution_count"] is None
        assert cell["metadata"] == {"nbgrader": {
            "grade": False, "grade_id": GRADE_ID, "locked": True, "schema_version": 3,
            "solution": False, "task": False}}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_finds_a_release_a_couple_of_levels_below_the_cwd(tmp_path, kernel, capsys,
                                                            assignment):
    folder = released_copy(tmp_path / "Course" / "week4", assignment)
    (tmp_path / "notes").mkdir()
    (tmp_path / ".hidden").mkdir()
    kernel(tmp_path, assignment=assignment)
    assert_in_assignment(folder)
    assert capsys.readouterr().out == f"Assignment folder: {folder}\n"
    __import__(HELPERS[assignment])  # the demo cells' helper module
    if assignment == "rnn_architectures_part2":
        assert Path("data/names.txt").is_file()  # relative data paths work too


def test_finds_the_release_from_inside_its_tests_folder(tmp_path, kernel):
    folder = released_copy(tmp_path, "rnn_fundamentals")
    kernel(folder / "tests")
    assert_in_assignment(folder)


def test_the_kernel_cwd_wins_over_other_assignments_nearby(tmp_path, kernel):
    for assignment in ASSIGNMENTS:
        released_copy(tmp_path, assignment)
    folder = tmp_path / "rnn_architectures_part2"
    kernel(folder)
    assert_in_assignment(folder)


def test_rnn_assignment_dir_overrides_the_search(tmp_path, kernel, monkeypatch):
    for assignment in ASSIGNMENTS:
        released_copy(tmp_path / "all", assignment)
    monkeypatch.setenv("RNN_ASSIGNMENT_DIR", str(tmp_path / "all" / "rnn_variants_overview"))
    kernel(tmp_path)
    assert_in_assignment(tmp_path / "all" / "rnn_variants_overview")


def test_a_wrong_rnn_assignment_dir_is_reported(tmp_path, kernel, monkeypatch):
    released_copy(tmp_path, "rnn_fundamentals")
    monkeypatch.setenv("RNN_ASSIGNMENT_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="RNN_ASSIGNMENT_DIR=.*nowhere is not"):
        kernel(tmp_path)
    assert Path.cwd() == tmp_path


def test_the_notebook_path_from_jupyter_server_is_used(tmp_path, kernel, monkeypatch):
    """jupyter_server tells the kernel its notebook in JPY_SESSION_NAME."""
    for assignment in ASSIGNMENTS:
        released_copy(tmp_path / "all", assignment)
    folder = tmp_path / "all" / "rnn_architectures_part1"
    monkeypatch.setenv("JPY_SESSION_NAME", str(folder / "rnn_architectures_part1.ipynb"))
    (tmp_path / "elsewhere").mkdir()
    kernel(tmp_path / "elsewhere")
    assert_in_assignment(folder)


def test_the_notebook_path_from_vs_code_is_used(tmp_path, kernel):
    """VS Code's Jupyter extension sets ``__vsc_ipynb_file__`` in the kernel's namespace."""
    for assignment in ASSIGNMENTS:
        released_copy(tmp_path / "all", assignment)
    folder = tmp_path / "all" / "rnn_architectures_part2"
    kernel(tmp_path, {"__vsc_ipynb_file__": str(folder / "rnn_architectures_part2.ipynb")})
    assert_in_assignment(folder)


def test_does_nothing_while_nbgrader_executes(tmp_path, kernel, monkeypatch, capsys):
    released_copy(tmp_path / "deep", "rnn_fundamentals")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    path = list(sys.path)
    kernel(tmp_path)
    assert Path.cwd() == tmp_path and sys.path == path
    assert capsys.readouterr().out == ""


def test_nothing_to_find_says_what_to_do(tmp_path, kernel):
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError) as error:
        kernel(tmp_path / "empty")
    message = str(error.value)
    assert str(tmp_path / "empty") in message
    for hint in ("_harness/", "%cd /path/to/the/assignment", "%env RNN_ASSIGNMENT_DIR=",
                 'drive.mount("/content/drive")'):
        assert hint in message, message
    assert Path.cwd() == tmp_path / "empty"


def test_several_candidates_are_listed_not_guessed(tmp_path, kernel):
    for assignment in ("rnn_fundamentals", "rnn_variants_overview"):
        released_copy(tmp_path / "course", assignment)
    with pytest.raises(FileNotFoundError, match="several assignment folders") as error:
        kernel(tmp_path)
    for assignment in ("rnn_fundamentals", "rnn_variants_overview"):
        assert f"%cd {tmp_path / 'course' / assignment}" in str(error.value)
    assert Path.cwd() == tmp_path

