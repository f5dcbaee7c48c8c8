"""The committed release is what the release command generates, and gives nothing away."""
import ast
import json

import pytest

from autograder import course
from autograder.course import ASSIGNMENTS
from tools import release

ROOT = release.ROOT


def test_committed_release_solutions_and_gradebook_are_fresh():
    stale = release.stale_files()
    assert not stale, f"stale (run `python -m tools.release`): {stale}"


def test_the_harness_copies_are_marked_generated_and_nothing_else_is():
    """A change to the harness is reviewed once, in autograder/harness: git and GitHub
    fold the copies (.gitattributes), and only the copies."""
    import subprocess
    from autograder.course import release_folder
    from autograder.harness_copies import HARNESS, NAME
    copies = sorted(str(p.relative_to(ROOT)) for a in ASSIGNMENTS
                    for p in (release_folder(a) / NAME).rglob("*.py"))
    source = sorted(str(p.relative_to(ROOT)) for p in HARNESS.glob("*.py"))
    assert copies and source
    out = subprocess.run(["git", "check-attr", "linguist-generated", "diff", "--", *copies,
                          *source], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    attrs = {}
    for line in out.splitlines():
        path, attr, value = line.rsplit(": ", 2)
        attrs.setdefault(path, {})[attr] = value
    assert all(attrs[p] == {"linguist-generated": "true", "diff": "unset"} for p in copies)
    assert all(attrs[p] == {"linguist-generated": "unspecified", "diff": "unspecified"}
               for p in source)


def _meaningful(text):
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def _solution_snippets(assignment):
    """Runs of three consecutive reference lines (or a whole shorter region that appears
    nowhere else in the source): what a leak of the reference would contain."""
    nb = json.loads(course.source_notebook(assignment).read_text())
    regions, elsewhere = [], []
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if not cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            elsewhere.append(text)
            continue
        inside, region = False, []
        for line in text.splitlines():
            if "### BEGIN SOLUTION" in line:
                inside, region = True, []
            elif "### END SOLUTION" in line:
                inside = False
                regions.append("\n".join(region))
            elif inside:
                region.append(line)
            else:
                elsewhere.append(line)
    for path in course.source_folder(assignment).rglob("*.py"):
        if "_harness" not in path.parts:
            elsewhere.append(path.read_text())
    public = "\n".join(_meaningful("\n".join(elsewhere)))
    snippets = set()
    for region in regions:
        lines = _meaningful(region)
        if len(lines) >= 3:
            snippets |= {"\n".join(lines[i:i + 3]) for i in range(len(lines) - 2)}
        elif lines and "\n".join(lines) not in public:
            snippets.add("\n".join(lines))
    return snippets


def _released_texts():
    for path in (ROOT / "assignments").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".ipynb", ".txt", ".md", ".json", ".csv"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".ipynb":  # the code as a student sees it, line by line
                text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
            yield path, "\n".join(_meaningful(text))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_holds_no_reference_code(assignment):
    snippets = _solution_snippets(assignment)
    assert snippets, "no solution regions found"
    for path, text in _released_texts():
        leaked = [s for s in snippets if s in text]
        assert not leaked, f"{path} contains reference code: {leaked[:2]}"


def test_the_leak_check_would_catch_a_leak(tmp_path):
    """The check above is not vacuous: the source notebook itself is caught."""
    snippets = _solution_snippets("rnn_fundamentals")
    source = course.source_notebook("rnn_fundamentals")
    text = "\n".join(_meaningful("\n".join("".join(c["source"]) for c in
                                           json.loads(source.read_text())["cells"])))
    assert any(s in text for s in snippets)


def _hidden_test_names():
    names = set()
    for path in course.suites().rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                names.add(node.name)
    return names


def test_release_holds_no_hidden_tests():
    public = set()
    for path in course.sources().rglob("test_*.py"):
        public |= {n.name for n in ast.walk(ast.parse(path.read_text()))
                   if isinstance(n, ast.FunctionDef)}
    hidden_only = _hidden_test_names() - public
    for path in (ROOT / "assignments").rglob("*"):
        if not path.is_file() or path.suffix not in (".py", ".ipynb", ".txt", ".md"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "autograder.suites" not in text and "import solutions" not in text, path
        if path.suffix == ".py":
            defined = {n.name for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef)}
            assert not defined & hidden_only, f"{path} defines hidden tests {defined & hidden_only}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("where", [course.source_notebook, course.release_notebook],
                         ids=["source", "assignments"])
def test_notebooks_have_python3_kernel_and_no_outputs(assignment, where):
    nb = json.loads(where(assignment).read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), "commit notebooks with outputs cleared"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_stubs_raise_not_implemented(assignment):
    nb = json.loads(course.release_notebook(assignment).read_text())
    answers = [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
    assert answers
    for cell in answers:
        text = "".join(cell["source"])
        assert "raise NotImplementedError()" in text, text
        compile(text, "<answer cell>", "exec")


def test_every_assignment_is_worth_100_points():
    """One points scheme: no assignment outweighs another in a course total."""
    import json
    for assignment in ASSIGNMENTS:
        nb = json.loads(course.source_notebook(assignment).read_text())
        points = [c["metadata"]["nbgrader"]["points"] for c in nb["cells"]
                  if c.get("metadata", {}).get("nbgrader", {}).get("grade")]
        assert sum(points) == 100, (assignment, points)
