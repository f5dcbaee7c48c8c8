"""A student's install, end to end: a fresh virtualenv, ``pip install -r requirements.txt``
from the package registry, then a Jupyter kernel from that virtualenv runs the notebook.

The kernel starts outside the assignment folder (as on Colab, or when VS Code or a hub
starts it elsewhere), so the notebook's first cell has to find the folder before the
setup cell, the answers and the check cells run. The install reuses pip's own cache:
the first run downloads TensorFlow and Jupyter, later runs take about a minute.
A registry that cannot be reached fails this test (it does not skip).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from authoring import submissions
from autograder import course
from tests.warm_student import Student

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "rnn_fundamentals"
REQUIREMENTS = course.release_folder(ASSIGNMENT) / "requirements.txt"
INSTALL_TIMEOUT = 2400  # seconds: a first install downloads ~700 MB
KERNEL_TIMEOUT = 900
PASSED = "All public checks passed"

# Run with the virtualenv's Python: start its "python3" kernel in argv[2] and run the
# cells listed in the JSON file argv[1]; print what each cell wrote, as JSON.
DRIVER = r'''
import json, sys
from jupyter_client.manager import start_new_kernel

cells = json.loads(open(sys.argv[1], encoding="utf-8").read())
km, kc = start_new_kernel(kernel_name="python3", cwd=sys.argv[2], startup_timeout=120)
results = []
try:
    for label, source in cells:
        out = {"label": label, "stdout": "", "stderr": "", "error": None, "other": []}

        def hook(msg, out=out):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out[content["name"]] += content["text"]
            elif kind == "error":
                out["error"] = content["ename"] + ": " + content["evalue"]
            elif kind in ("display_data", "execute_result"):
                out["other"].append(sorted(content["data"]))
        reply = kc.execute_interactive(source, timeout=float(sys.argv[3]), output_hook=hook,
                                       stop_on_error=False)
        out["status"] = reply["content"]["status"]
        results.append(out)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(results))
'''


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _student_env(venv: Path, scratch: Path) -> dict:
    """The environment of a student who activated the virtualenv: nothing of this
    project's (no PYTHONPATH, no quiet TensorFlow, no grading flags), own Jupyter dirs."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "JUPYTER", "JPY_", "TF_", "NBGRADER", "RNN_"))
           and k not in ("VIRTUAL_ENV", "PIP_USER", "PIP_REQUIRE_VIRTUALENV", "MPLCONFIGDIR",
                         "IPYTHONDIR")}
    bindir = _venv_python(venv).parent
    env.update(VIRTUAL_ENV=str(venv), PATH=str(bindir) + os.pathsep + env.get("PATH", ""),
               JUPYTER_CONFIG_DIR=str(scratch / "jupyter-config"),
               JUPYTER_DATA_DIR=str(scratch / "jupyter-data"),
               JUPYTER_RUNTIME_DIR=str(scratch / "jupyter-runtime"),
               IPYTHONDIR=str(scratch / "ipython"), MPLCONFIGDIR=str(scratch / "matplotlib"))
    return env


def _tail(text: str, n: int = 4000) -> str:
    return text[-n:]


def _cells(folder: Path) -> list[tuple[str, str]]:
    """The cells the kernel runs, in notebook order: the find-folder cell (from the source
    notebook, whose cell the release will carry), the setup cell, the demo cell importing
    the helper module, and each reference answer followed by its check cell."""
    source = json.loads(course.source_notebook(ASSIGNMENT)
                        .read_text(encoding="utf-8"))
    find = next("".join(c["source"]) for c in source["cells"]
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                == "find_assignment_folder")
    solved = json.loads((folder / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8"))
    cells = [("python", "import sys; print(sys.executable)"), ("find_assignment_folder", find)]
    for cell in solved["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        text = "".join(cell["source"])
        if cell["cell_type"] != "code" or grade_id == "find_assignment_folder":
            continue
        if grade_id.startswith(("setup", "answer_", "check_")) or "from figures import" in text:
            cells.append((grade_id or "import_figures", text))
    return cells


def test_fresh_virtualenv_installs_the_requirements_and_runs_the_notebook(tmp_path):
    venv, scratch = tmp_path / "venv", tmp_path / "scratch"
    scratch.mkdir()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = _venv_python(venv)
    env = _student_env(venv, scratch)

    started = time.monotonic()
    # --no-compile: modules compile when first imported, where pip would compile every
    # module of TensorFlow and Jupyter up front; what the kernel then runs is the same
    pip = subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check",
                          "--no-compile", "-r", str(REQUIREMENTS)], env=env,
                         capture_output=True, text=True,
                         timeout=INSTALL_TIMEOUT, stdin=subprocess.DEVNULL)
    install_seconds = time.monotonic() - started
    assert pip.returncode == 0, (
        f"`pip install -r {REQUIREMENTS.relative_to(ROOT)}` into a fresh virtualenv failed "
        f"(exit {pip.returncode}, {install_seconds:.0f} s). If the output shows connection "
        "errors, this machine cannot reach the package registry; otherwise a requirement "
        "cannot be installed on this Python "
        f"({sys.version.split()[0]}):\n{_tail(pip.stdout)}\n{_tail(pip.stderr)}")
    print(f"\npip install -r {REQUIREMENTS.relative_to(ROOT)}: {install_seconds:.0f} s")

    jupyter = subprocess.run(
        [str(python), "-c", "import jupyterlab, ipykernel, jupyter_client, tensorflow, keras; "
                            "print(jupyterlab.__version__, ipykernel.__version__)"],
        env=env, capture_output=True, text=True, timeout=300)
    assert jupyter.returncode == 0, (
        f"{REQUIREMENTS.relative_to(ROOT)} must bring Jupyter (jupyterlab, ipykernel) and "
        f"TensorFlow:\n{jupyter.stderr[-3000:]}")
    lab = subprocess.run([str(python), "-m", "jupyterlab", "--version"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert lab.returncode == 0 and lab.stdout.strip(), lab.stderr[-3000:]

    # a solved copy of the release, three folders below where the kernel starts (as in a
    # Drive), so that the first cell has to search for it
    home = tmp_path / "home"
    folder = home / "Drive" / "course" / ASSIGNMENT
    shutil.copytree(course.release_folder(ASSIGNMENT), folder,
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    submissions.write(submissions.correct(ASSIGNMENT), folder / f"{ASSIGNMENT}.ipynb")
    cells = _cells(folder)
    assert {"check_rnn_cell_forward", "check_to_keras_simple_rnn"} <= {c for c, _ in cells}
    (scratch / "cells.json").write_text(json.dumps(cells), encoding="utf-8")
    (scratch / "driver.py").write_text(DRIVER, encoding="utf-8")

    started = time.monotonic()
    run = subprocess.run([str(python), str(scratch / "driver.py"), str(scratch / "cells.json"),
                          str(home), "600"], cwd=home, env=env, capture_output=True, text=True,
                         timeout=KERNEL_TIMEOUT, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, f"{_tail(run.stdout)}\n{_tail(run.stderr)}"
    print(f"kernel run of {len(cells)} cells: {time.monotonic() - started:.0f} s")
    results = {r["label"]: r for r in json.loads(run.stdout.strip().splitlines()[-1])}

    assert Path(results["python"]["stdout"].strip()) == python, "not the virtualenv's kernel"
    assert results["find_assignment_folder"]["stdout"] == f"Assignment folder: {folder}\n", \
        results["find_assignment_folder"]
    problems = []
    for label, result in results.items():
        if result["status"] != "ok" or result["error"]:
            problems.append(f"{label}: {result['status']} {result['error']}\n{result['stdout']}")
        if label.startswith("check_"):
            if PASSED not in result["stdout"]:
                problems.append(f"{label} did not pass:\n{result['stdout']}")
            if result["stderr"]:
                problems.append(f"{label} wrote to stderr:\n{result['stderr']}")
    other_stderr = {k: r["stderr"] for k, r in results.items()
                    if r["stderr"] and not k.startswith("check_")}
    print("stderr of the other cells:", json.dumps(other_stderr, indent=1) if other_stderr else "none")
    assert not problems, "\n\n".join(problems)

    # the student's pytest from that virtualenv: the first run cold, the next one in the
    # warm check process the first left behind, the same checks passing
    student = Student(folder, scratch / "tmp", python=str(python), base_env=env)
    try:
        cold = student.pytest("-q")
        assert cold.returncode == 0, _tail(cold.stdout) + _tail(cold.stderr)
        student.ready()
        warm = student.pytest("-q")
        assert warm.returncode == 0 and student.jobs() == 1, _tail(warm.stdout) + student.log()
        assert warm.stdout.splitlines()[-1].split(" in ")[0] == \
            cold.stdout.splitlines()[-1].split(" in ")[0], warm.stdout
    finally:
        student.kill_servers()
