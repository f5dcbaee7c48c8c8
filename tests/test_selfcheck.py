"""The student's self-check: ``pytest assignments/<a>`` and the notebook's check cells,
on this machine and on a simulated platform without POSIX process control (what
Windows' CPython lacks), under a hard address-space limit lower than the sandbox's
own (a hub's ``ulimit -v``), from any working directory."""
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.harness.quiet import child_environment
from autograder.harness.student_process import Limits
from autograder.course import ASSIGNMENTS, release_folder
from tools import release
from authoring import submissions
from tools.live_kernel import LiveKernel, run_until

SIMULATED_PLATFORM = Path(__file__).parent / "simulated_platform"  # see its sitecustomize.py
LOW_HARD_LIMIT = int(4.5 * 2**30)  # below the sandbox's own address-space limit
assert LOW_HARD_LIMIT < Limits().memory_bytes
PLATFORMS = ["linux", "no POSIX", "low ulimit -v"]
# every assignment on this machine; the simulated platforms (whose difference is the
# harness's, the same for every assignment) on the first assignment, whose checks run
# NumPy answers and a Keras model (TensorFlow's memory is what a low limit refuses)
SIMULATED_ON = ("rnn_fundamentals",)


def _cases(assignments):
    return [(a, p) for a in ASSIGNMENTS for p in PLATFORMS if p == "linux" or a in assignments]


def _student_copy(tmp_path, assignment, notebook=None):
    """What a student has: the released folder, possibly with answers filled in."""
    folder = tmp_path / assignment
    shutil.copytree(release_folder(assignment), folder)
    if notebook is not None:
        submissions.write(notebook, folder / f"{assignment}.ipynb")
    return folder


def _platform(platform: str) -> dict:
    """Environment and process options that make a child Python live on ``platform``."""
    env = child_environment()
    options = {}
    if platform == "no POSIX":
        env["PYTHONPATH"] = os.pathsep.join([str(SIMULATED_PLATFORM), env.get("PYTHONPATH", "")])
    elif platform == "low ulimit -v":
        options["preexec_fn"] = lambda: resource.setrlimit(
            resource.RLIMIT_AS, (LOW_HARD_LIMIT, LOW_HARD_LIMIT))
    return {"env": env, **options}


def _pytest(target, cwd=None, platform="linux"):
    """The self-check on ``target``, with a long call limit: the suite grades classes
    meanwhile, and a first Keras call (TensorFlow's import included) took over the
    default 30 s on the loaded machine; limits are the hanging-student test's subject."""
    target = Path(target)
    return subprocess.run([sys.executable, "-m", "pytest", str(target), "-q", "-p",
                           "no:cacheprovider", "--call-timeout=180"], cwd=cwd or target.parent,
                          capture_output=True, text=True, timeout=900, **_platform(platform))


def _assert_not_implemented_everywhere(proc):
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-2000:]
    summary = proc.stdout.strip().splitlines()[-1]
    assert " failed" in summary and " passed" not in summary and "error" not in summary, summary
    failures = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
    assert failures
    assert proc.stdout.count("not implemented yet") >= len(failures), proc.stdout[-3000:]


def test_the_simulated_platform_refuses_what_windows_refuses():
    """The simulation is real: what the old self-check relied on fails under it."""
    probe = ("import os, select, subprocess, sys\n"
             "try:\n    import resource\n    print('resource')\nexcept ImportError:\n    pass\n"
             "for kw in ({'preexec_fn': print}, {'pass_fds': (0,)}, {'start_new_session': True}):\n"
             "    try:\n        subprocess.Popen([sys.executable, '-c', ''], **kw).wait()\n"
             "        print('accepted', list(kw))\n"
             "    except ValueError:\n        pass\n"
             "r, w = os.pipe()\n"
             "try:\n    select.select([r], [], [], 0)\n    print('select')\nexcept OSError:\n    pass\n"
             "print([n for n in ('killpg', 'setsid') if hasattr(os, n)])\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, **_platform("no POSIX"))
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


@pytest.mark.parametrize("assignment, platform", _cases(SIMULATED_ON))
def test_untouched_release_fails_every_check_with_not_implemented(tmp_path, assignment, platform):
    _assert_not_implemented_everywhere(_pytest(_student_copy(tmp_path, assignment),
                                               platform=platform))


@pytest.mark.parametrize("assignment, platform", _cases(SIMULATED_ON))
def test_reference_answers_pass_every_public_check(tmp_path, assignment, platform):
    proc = _pytest(_student_copy(tmp_path, assignment, submissions.correct(assignment)),
                   platform=platform)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and "failed" not in proc.stdout


@pytest.mark.parametrize("platform", ["no POSIX", "low ulimit -v"])
def test_a_hanging_or_crashing_student_still_gets_a_clear_message(tmp_path, platform):
    """Timeouts and crashes are caught by portable means: a thread waits with a timeout
    and the process is killed, not its (POSIX-only) process group."""
    nb = submissions.with_answers(submissions.correct("rnn_fundamentals"), {
        "rnn_cell_forward": "def rnn_cell_forward(x_t, h_prev, Wx, Wh, b):\n"
                            "    while True:\n        pass\n",
        "make_windows": "def make_windows(series, window, horizon=1):\n"
                        "    import os\n    os._exit(3)\n",
    })
    folder = _student_copy(tmp_path, "rnn_fundamentals", nb)
    (folder / "tests" / "test_rnn_forward.py").unlink()  # one timeout is enough to see
    (folder / "tests" / "test_rnn_backward.py").unlink()
    proc = subprocess.run([sys.executable, "-m", "pytest", str(folder), "--call-timeout=3",
                           "-q", "-p", "no:cacheprovider"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=600, **_platform(platform))
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "no answer within" in proc.stdout, proc.stdout[-3000:]
    assert "exited with code 3" in proc.stdout, proc.stdout[-3000:]


def test_self_check_runs_from_the_repository_root_and_from_elsewhere(tmp_path):
    _assert_not_implemented_everywhere(_pytest("assignments/rnn_fundamentals", cwd=release.ROOT))
    folder = _student_copy(tmp_path / "course" / "week4",
                           "rnn_fundamentals", submissions.correct("rnn_fundamentals"))
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    proc = _pytest(folder, cwd=elsewhere)
    assert proc.returncode == 0 and " passed" in proc.stdout, proc.stdout[-3000:]
    proc = _pytest(folder / "tests" / "test_rnn_forward.py", cwd=folder / "tests")
    assert proc.returncode == 0 and " passed" in proc.stdout, proc.stdout[-3000:]


@pytest.mark.parametrize("platform", ["no POSIX", "low ulimit -v"])
def test_check_cells_in_a_kernel_started_elsewhere(tmp_path, platform):
    """A kernel whose working directory is not the assignment folder (Colab, VS Code,
    a hub), on a platform without POSIX process control or under a low ulimit: the
    notebook finds its folder, and the check cells answer."""
    assignment = "rnn_fundamentals"
    nb = submissions.correct(assignment)
    elsewhere = tmp_path / "content"  # Colab's working directory, the folder uploaded into it
    _student_copy(elsewhere / "week4", assignment)
    with LiveKernel(elsewhere, **_platform(platform)) as kernel:
        for run in run_until(kernel, nb):
            assert run.status == "ok", run.error
        for question in ("rnn_cell_forward", "to_keras_simple_rnn"):
            run = kernel.run(f"from _harness import check\ncheck({question!r})")
            assert run.status == "ok", run.stdout + run.error
            assert "All public checks passed" in run.stdout
            assert run.stderr == "", run.stderr
        # a function that is right, calling one that is wrong: the message says where
        kernel.run("rnn_cell_forward = lambda x, h, Wx, Wh, b: (np.tanh(x @ Wx + h @ Wh.T + b),"
                   " None)")
        run = kernel.run("check('rnn_forward')")
        assert run.status == "error"
        assert "rnn_forward calls rnn_cell_forward, which fails its own checks" in run.stdout


def test_check_cell_runs_public_checks_on_the_notebook_namespace(tmp_path, monkeypatch):
    """The check cell's code path: the notebook's own functions, no saving needed."""
    assignment = "rnn_fundamentals"
    folder = _student_copy(tmp_path, assignment)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.syspath_prepend(str(folder))
    for name in [m for m in sys.modules if m == "_harness" or m.startswith("_harness.")]:
        monkeypatch.delitem(sys.modules, name)
    from _harness import check
    namespace = {}
    exec("import numpy as np", namespace)
    cell = submissions.answer_cell(submissions.correct(assignment), "make_windows")
    exec("".join(cell["source"]), namespace)
    check("make_windows", namespace)  # passes silently (prints a report)
    wrong = {"np": namespace["np"], "make_windows": lambda s, w, h=1: (None, None)}
    with pytest.raises(AssertionError, match="public checks failed") as failed:
        check("make_windows", wrong)
    # Jupyter shows the failure as this one line under the report, no harness frames
    shown = failed.value._render_traceback_()
    assert len(shown) == 1 and shown[0].startswith("ChecksFailed: "), shown
    assert shown[0].endswith("public checks failed for make_windows; see the messages above")


def test_a_numpy_question_is_checked_without_tensorflow(tmp_path):
    """pytest on a NumPy question's file imports TensorFlow in neither process (the
    notebook's Keras question is not collected), and prints nothing of TensorFlow's.
    The student process's modules are its own: its cells run there, and it reports them."""
    folder = _student_copy(tmp_path, "rnn_fundamentals", submissions.correct("rnn_fundamentals"))
    code = ("import sys, pytest\n"
            "code = pytest.main(['tests/test_make_windows.py', '-q', '-p', 'no:cacheprovider'])\n"
            "print('parent imported', sorted({'tensorflow', 'keras'} & set(sys.modules)))\n"
            "sys.exit(code)\n")
    env = child_environment()
    for name in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS"):  # as a student has it
        env.pop(name, None)
    proc = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True,
                          text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "parent imported []" in proc.stdout, proc.stdout
    assert "Captured" not in proc.stdout and proc.stderr == "", proc.stdout + proc.stderr


def test_the_keras_import_follows_the_collected_questions():
    from autograder.harness.notebook import program_cells
    from autograder.harness.pytest_plugin import uses_keras
    cells = program_cells(submissions.correct("rnn_fundamentals"))
    assert not uses_keras(cells, {"make_windows", "rnn_cell_forward"})
    assert uses_keras(cells, {"make_windows", "to_keras_simple_rnn"})
    blank = program_cells(submissions.released_notebook("rnn_fundamentals"))
    assert not uses_keras(blank, {"make_windows", "to_keras_simple_rnn"})  # stubs only


def test_a_shape_error_names_the_function_its_arguments_and_the_contract():
    """NumPy's matmul error says neither which function failed nor what it expected:
    the failure adds the shapes received and those the docstring (the contract) gives."""
    import numpy as np

    from autograder.harness.kernel_student import KernelStudent
    from autograder.harness.student import StudentRaised
    cell = submissions.answer_cell(submissions.correct("rnn_fundamentals"), "rnn_cell_forward")
    source = "".join(cell["source"]).replace("x_t @ Wx", "x_t @ Wx.T")
    assert "Wx.T" in source, source
    namespace = {}
    exec("import numpy as np\n" + source, namespace)
    rng = np.random.default_rng(0)
    args = rng.random((3, 4)), rng.random((3, 5)), rng.random((4, 5)), rng.random((5, 5)), rng.random(5)
    with pytest.raises(StudentRaised) as raised:
        KernelStudent(namespace).rnn_cell_forward(*args)
    message = str(raised.value)
    assert "rnn_cell_forward raised ValueError: matmul" in message, message
    assert "received x_t (3, 4), h_prev (3, 5), Wx (4, 5), Wh (5, 5), b (5,)" in message, message
    assert "expects x_t (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,)" in message, message
    assert "(N=3, D=4, H=5)" in message, message
    with pytest.raises(StudentRaised) as raised:  # arguments that break the contract
        KernelStudent(namespace).rnn_cell_forward(rng.random((3, 6)), *args[1:])
    assert "do not fit it (Wx gives D=4, another argument D=6)" in str(raised.value), raised.value


POSIX_ONLY_MODULES = {"resource", "fcntl", "termios", "pwd", "grp", "posix", "select"}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_release_ships_portable_code_and_no_grading_seal(assignment):
    """Students get what they need: no sealing code (it stays with the grader), no
    module-level POSIX-only import, and no Popen option Windows refuses."""
    import ast
    harness = release_folder(assignment) / "_harness"
    shipped = {p.name for p in harness.glob("*.py")}
    assert shipped, harness
    assert not shipped & {"isolation.py", "seccomp.py", "launcher.py", "settings.py"}, shipped
    for path in harness.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in tree.body:  # imports that run when the module loads
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not {n.split(".")[0] for n in names} & POSIX_ONLY_MODULES, (path.name, names)
            assert not any("seal" in n for n in names), (path.name, names)
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword):
                assert node.arg not in ("preexec_fn", "pass_fds"), (path.name, node.arg)


def test_a_check_cell_waiting_on_slow_code_says_how_to_stop_it(capsys):
    """In the kernel the student's code runs in place (no child to time out): a slow
    call prints how to interrupt it, and the interrupted call fails its check."""
    from autograder.harness.kernel_student import KernelStudent
    from autograder.harness.student import StudentTimeout
    namespace = {}
    exec("import time\ndef slow(x):\n    time.sleep(0.6)\n    return x\n"
         "def interrupted(x):\n    raise KeyboardInterrupt\n", namespace)
    student = KernelStudent(namespace, patience=0.2)
    assert student.slow(3) == 3
    assert "slow has been running for 0.2 s" in capsys.readouterr().out
    with pytest.raises(StudentTimeout, match="interrupted before it returned"):
        student.interrupted(1)


def test_a_lazy_module_costs_nothing_until_used():
    """The self-check's student process binds ``import keras`` without loading it (a
    setup cell, or a stub that raises next); the first use loads the real module. Shown
    on a light module, in a fresh interpreter."""
    lines = _with_lazy_modules(
        "student_process_main.lazy(['fractions', 'no_such_module_here'])\n"
        "def stub():\n    import fractions\n    raise NotImplementedError\n"
        "for _ in range(2):\n"
        "    try:\n        stub()\n    except NotImplementedError:\n        pass\n"
        "import fractions\n"
        "print(type(sys.modules['fractions']).__name__, 'no_such_module_here' in sys.modules)\n"
        "print(fractions.Fraction(1, 2) + fractions.Fraction(1, 3))\n"
        "print(type(sys.modules['fractions']).__name__)\n")
    assert lines[:3] == ["LazyModule False", "5/6", "module"], lines


def test_a_subpackage_of_a_lazy_package_costs_nothing_until_used():
    """``from keras import layers`` (a setup cell's) binds a stand-in too; reading from
    it, or importing a submodule the usual way, loads the real package first and gives
    the real objects. Shown on the standard library's ``email`` and ``email.mime``."""
    lines = _with_lazy_modules(
        "student_process_main.lazy(['email'])\n"
        "from email import mime\n"
        "print(type(mime).__name__, 'email.mime' in sys.modules,"
        " type(sys.modules['email']).__name__)\n"
        "import email.mime.text\n"
        "from email.mime.text import MIMEText\n"
        "print(type(sys.modules['email']).__name__, mime.text.MIMEText is MIMEText)\n")
    assert lines[:2] == ["LazyModule False LazyModule", "module True"], lines


def _with_lazy_modules(code: str) -> list[str]:
    """What ``code`` prints in a fresh isolated interpreter that has ``student_process_main``
    (the student process's module) importable, line by line (stderr after)."""
    proc = subprocess.run([sys.executable, "-I", "-c", "import sys\n"
                           "sys.path.insert(0, sys.argv[1])\nimport student_process_main\n" + code,
                           str(release.ROOT / "autograder" / "harness")],
                          capture_output=True, text=True, timeout=60)
    return proc.stdout.split("\n") + proc.stderr.splitlines()
