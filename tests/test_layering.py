"""How the modules of ``autograder`` may import one another, read from their source.

Every import counts, a function's own too (it is a dependency all the same); only
``if TYPE_CHECKING:`` blocks do not. The rules:

* no cycle: each module can be read after the ones it imports;
* the student process's modules are loaded by file path there (``student_process.py``'s boot,
  the zygote, the warm check process): they import nothing of the package;
* the judge's side never imports the student process's code: only the check cell's
  in-kernel student (``kernel_student``) answers calls with it;
* what ships to students (``autograder/harness``, copied as ``_harness``) is only what
  the self-check runs, and imports nothing of grading.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "autograder"
STUDENT_PROCESS = ("autograder.harness.wire", "autograder.harness.testfns",
                   "autograder.harness.student_process_main")
MAY_IMPORT_THE_STUDENT_PROCESS = {"autograder.harness.kernel_student"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text())
    skipped = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
               and "TYPE_CHECKING" in ast.unparse(block.test) for node in ast.walk(block)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            submodules = {f"{base}.{alias.name}" for alias in node.names} & set(modules)
            found |= submodules
            if len(submodules) < len(node.names) and base in modules:
                found.add(base)  # a name defined in the module itself
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_reading_finds_a_cycle_where_there_is_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_reading_sees_imports_inside_functions_and_relative_ones():
    graph = _graph()
    assert "autograder.harness.wire" in graph["autograder.harness.student"]
    assert "autograder.seal.zygote" in graph["autograder.seal.settings"]  # in Seal.launcher


def test_no_module_imports_one_that_imports_it_back():
    assert _cycles(_graph()) == []


def test_the_student_process_modules_import_nothing_of_the_package():
    graph = _graph()
    for name in STUDENT_PROCESS:
        assert graph[name] == set(), f"{name} imports {graph[name]}"


def test_only_the_kernel_student_imports_the_student_process():
    graph = _graph()
    importers = {name for name, imports in graph.items()
                 if "autograder.harness.student_process_main" in imports}
    assert importers <= MAY_IMPORT_THE_STUDENT_PROCESS, importers


# where the student's side starts: the package a check cell imports (``_harness``),
# the pytest plugin a student's ``pytest`` loads, the student process's own modules
SELF_CHECK_ENTRIES = ("autograder.harness", "autograder.harness.pytest_plugin",
                      *STUDENT_PROCESS)


def test_what_ships_to_students_is_what_the_self_check_runs_and_nothing_of_grading():
    """``autograder/harness`` is copied into every release as ``_harness``: each of its
    modules is one the self-check reaches, and none imports grading code."""
    graph = _graph()
    shipped = {name for name in graph if name == "autograder.harness"
               or name.startswith("autograder.harness.")}
    outside = {name: graph[name] - shipped for name in shipped if graph[name] - shipped}
    assert not outside, f"shipped modules import grading code: {outside}"
    reached, todo = set(), list(SELF_CHECK_ENTRIES)
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo += graph[name]
    assert shipped - reached == set(), f"shipped, never run by the self-check: {shipped - reached}"


GRADE_ID_RULES = {"SETUP", "ANSWER", "CHECK", "is_setup", "answer_question", "check_question"}


def test_grading_code_reads_the_grade_id_rules_from_the_course():
    """The course module is where grading code finds the course (places, assignments,
    costs, grade ids): only it and the students' own side take the grade-id rules from
    ``harness/notebook.py``, where they are defined."""
    readers = []
    for folder in ("autograder", "tools", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.is_relative_to(PACKAGE / "harness") or path == PACKAGE / "course.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module == \
                        "autograder.harness.notebook" and \
                        GRADE_ID_RULES & {alias.name for alias in node.names}:
                    readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not readers, readers
