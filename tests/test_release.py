"""The committed release is what the release command generates, and gives nothing away."""
import ast
import json

import pytest

from tools import release

ROOT = release.ROOT
ASSIGNMENTS = release.available()


def test_committed_release_solutions_and_gradebook_are_fresh():
    stale = release.stale_files()
    assert not stale, f"stale (run `python -m tools.release`): {stale}"


def _solution_lines(assignment):
    nb = json.loads((ROOT / "source" / assignment / f"{assignment}.ipynb").read_text())
    lines = set()
    for cell in nb["cells"]:
        if not cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            continue
        inside = False
        for line in "".join(cell["source"]).splitlines():
            if "### BEGIN SOLUTION" in line:
                inside = True
            elif "### END SOLUTION" in line:
                inside = False
            elif inside and len(line.strip()) > 20 and not line.strip().startswith("#"):
                lines.add(line.strip())
    return lines


def _released_texts():
    for path in (ROOT / "assignments").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".ipynb", ".txt", ".md", ".json", ".csv"):
            yield path, path.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_holds_no_reference_code(assignment):
    lines = _solution_lines(assignment)
    assert lines, "no solution regions found"
    for path, text in _released_texts():
        leaked = [line for line in lines if line in text]
        assert not leaked, f"{path} contains reference code: {leaked[:3]}"


def _hidden_test_names():
    names = set()
    for path in (ROOT / "autograder" / "suites").rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                names.add(node.name)
    return names


def test_release_holds_no_hidden_tests():
    public = set()
    for path in (ROOT / "source").rglob("test_*.py"):
        public |= {n.name for n in ast.walk(ast.parse(path.read_text()))
                   if isinstance(n, ast.FunctionDef)}
    hidden_only = _hidden_test_names() - public
    for path, text in _released_texts():
        assert "autograder.suites" not in text and "import solutions" not in text, path
        if path.suffix == ".py":
            defined = {n.name for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef)}
            assert not defined & hidden_only, f"{path} defines hidden tests {defined & hidden_only}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("where", ["source", "assignments"])
def test_notebooks_have_python3_kernel_and_no_outputs(assignment, where):
    nb = json.loads((ROOT / where / assignment / f"{assignment}.ipynb").read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), "commit notebooks with outputs cleared"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_stubs_raise_not_implemented(assignment):
    nb = json.loads((ROOT / "assignments" / assignment / f"{assignment}.ipynb").read_text())
    answers = [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
    assert answers
    for cell in answers:
        text = "".join(cell["source"])
        assert "raise NotImplementedError()" in text, text
        compile(text, "<answer cell>", "exec")
