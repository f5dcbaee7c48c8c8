"""Regenerate everything derived from ``source/``: solutions, the release, the gradebook.

``python -m tools.release`` (from the course root):

1. ``solutions/<a>.py`` from the source notebook's setup and answer cells (the
   reference code's one true home is the notebook);
2. ``assignments/<a>/`` with ``nbgrader generate_assignment`` (stubs only), plus the
   public ``_harness`` package the self-check needs;
3. a fresh ``gradebook.db`` holding the four assignments and their grade cells.

``python -m tools.release --check`` regenerates into a scratch directory and exits 1
if anything committed differs (the tests run it).
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.submissions import strip_markers

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ["rnn_fundamentals", "rnn_variants_overview",
               "rnn_architectures_part1", "rnn_architectures_part2"]


def available(root: Path = ROOT) -> list[str]:
    return [a for a in ASSIGNMENTS if (root / "source" / a / f"{a}.ipynb").exists()]


def _cell_text(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def solutions_text(assignment: str, root: Path = ROOT) -> str:
    nb = json.loads((root / "source" / assignment / f"{assignment}.ipynb").read_text())
    parts = [f'"""Reference solutions for `{assignment}`.\n\n'
             f"Generated from source/{assignment}/{assignment}.ipynb by "
             "`python -m tools.release`:\nedit the notebook, not this file.\n\"\"\"\n"]
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id", "")
        if cell["cell_type"] != "code":
            continue
        if grade_id.startswith("setup") or meta.get("solution"):
            body = strip_markers(_cell_text(cell))
            parts.append(f"# --- {grade_id} ---\n{body.rstrip()}\n")
    return "\n\n".join(parts)


def write_solutions(assignment: str, root: Path = ROOT) -> Path:
    out = root / "solutions" / f"{assignment}.py"
    out.parent.mkdir(exist_ok=True)
    init = out.parent / "__init__.py"
    if not init.exists():
        init.write_text('"""Reference solutions, generated from the source notebooks."""\n')
    out.write_text(solutions_text(assignment, root))
    return out


def _nbgrader(root: Path, *args: str) -> None:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore")
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"],
                          cwd=root, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")


def build(root: Path) -> None:
    """Rebuild solutions, assignments/ and gradebook.db under ``root`` from scratch."""
    db = root / "gradebook.db"
    if db.exists():
        db.unlink()
    for assignment in available(root):
        write_solutions(assignment, root)
        target = root / "assignments" / assignment
        if target.exists():
            shutil.rmtree(target)
        _nbgrader(root, "generate_assignment", assignment, "--force")
        shutil.copytree(root / "autograder" / "harness", target / "_harness",
                        ignore=shutil.ignore_patterns("__pycache__"))


def gradebook_summary(db: Path) -> dict:
    """What the gradebook says about the course, without its random row ids."""
    from nbgrader.api import Gradebook
    summary = {}
    with Gradebook(f"sqlite:///{db}") as gb:
        for assignment in gb.assignments:
            for notebook in assignment.notebooks:
                summary[f"{assignment.name}/{notebook.name}"] = {
                    "grade_cells": sorted((c.name, c.max_score, c.cell_type)
                                          for c in notebook.grade_cells),
                    "solution_cells": sorted(c.name for c in notebook.solution_cells),
                    "source_cells": sorted((c.name, c.checksum) for c in notebook.source_cells),
                }
    return summary


def _scratch_build(root: Path, scratch: Path) -> None:
    shutil.copy(root / "nbgrader_config.py", scratch)
    shutil.copytree(root / "source", scratch / "source", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    shutil.copytree(root / "autograder", scratch / "autograder",
                    ignore=shutil.ignore_patterns("__pycache__"))
    build(scratch)


def release(root: Path = ROOT) -> list[str]:
    """Build in a scratch copy, then update only what changed under ``root``.

    Unchanged files are left alone (the gradebook is compared by content, not
    bytes), so a release of an unchanged source leaves ``git status`` clean.
    """
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        _scratch_build(root, scratch)
        changed = stale_files(root, scratch)
        for assignment in available(root):
            (root / "solutions").mkdir(exist_ok=True)
            for name in ("__init__.py", f"{assignment}.py"):
                if f"solutions/{name}" in changed or not (root / "solutions" / name).exists():
                    shutil.copy(scratch / "solutions" / name, root / "solutions" / name)
            if any(c.startswith(f"assignments/{assignment}/") or c == f"assignments/{assignment}"
                   for c in changed):
                target = root / "assignments" / assignment
                if target.exists():
                    shutil.rmtree(target)
                shutil.copytree(scratch / "assignments" / assignment, target)
        if "gradebook.db" in changed:
            shutil.copy(scratch / "gradebook.db", root / "gradebook.db")
        return changed


def stale_files(root: Path = ROOT, scratch: Path | None = None) -> list[str]:
    """List the committed files that differ from a fresh build (made if not given)."""
    if scratch is None:
        with tempfile.TemporaryDirectory() as tmp:
            _scratch_build(root, Path(tmp))
            return stale_files(root, Path(tmp))
    problems = []
    if not (root / "solutions" / "__init__.py").exists():
        problems.append("solutions/__init__.py")
    for assignment in available(root):
        ours = root / "solutions" / f"{assignment}.py"
        if not ours.exists() or ours.read_text() != solutions_text(assignment, root):
            problems.append(f"solutions/{assignment}.py")
        problems += _tree_diff(scratch / "assignments" / assignment,
                               root / "assignments" / assignment, f"assignments/{assignment}")
    if not (root / "gradebook.db").exists() or \
            gradebook_summary(root / "gradebook.db") != gradebook_summary(scratch / "gradebook.db"):
        problems.append("gradebook.db")
    return problems


def _tree_diff(fresh: Path, committed: Path, label: str) -> list[str]:
    if not committed.exists():
        return [label]
    skip = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}
    cmp = filecmp.dircmp(fresh, committed, ignore=list(skip))
    out = []

    def walk(c, prefix):
        out.extend(f"{prefix}{n}" for n in c.left_only + c.right_only + c.diff_files
                   + c.funny_files)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")
    walk(cmp, f"{label}/")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report committed files that are stale")
    args = parser.parse_args()
    if args.check:
        problems = stale_files()
        if problems:
            print("stale (run `python -m tools.release`):\n  " + "\n  ".join(problems))
            raise SystemExit(1)
        print("release, solutions and gradebook are up to date")
        return
    changed = release()
    print("released:", ", ".join(available()))
    print("updated:", ", ".join(changed) if changed else "nothing (already up to date)")


if __name__ == "__main__":
    main()
