"""The student process: isolation of failures, limits, and what comes back."""
import time

import numpy as np
import pytest

from autograder.harness import student as st
from autograder.harness.student_process import Limits
from autograder.harness.wire import Fn, Rng
from autograder.judge import sealed as sealed_judge, student_process
from tests.unavailable import needs_seal

CELLS = [
    ("setup_imports", "import numpy as np"),
    ("answer_ok", "def double(x):\n    return 2 * x\n"),
    ("answer_stub", "def stub(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"),
    ("answer_loop", "def spin():\n    while True:\n        pass\n"),
    ("answer_exit", "import os, sys\ndef leave():\n    os._exit(3)\ndef quit_():\n    sys.exit(0)\n"),
    ("answer_broken", "this is not python\n"),
    ("answer_name_error", "undefined_name\ndef after_error():\n    return 1\n"),
    ("answer_hog", "def hog():\n    return bytearray(8 * 2**30)\n"),
    ("answer_chatty", "def chatty():\n    print('x' * 10_000_000)\n    return 5\n"),
    ("answer_sampler", "def draw(rng):\n    return int(rng.integers(1000))\n"),
    ("answer_apply", "def apply(f, x):\n    return f(x)\n"),
    ("answer_cache", "def fwd(x):\n    return x + 1, {'x': x, 'f': lambda: 0}\n"
                     "def bwd(cache):\n    return cache['x'] * 3\n"),
    ("answer_patch", "np.allclose = lambda *a, **k: True\n"),
]


@pytest.fixture(scope="module", params=["self-check", "sealed", "sealed warm"])
def student(request):
    sealed = request.param != "self-check"
    if sealed:
        needs_seal()
    s = student_process(CELLS, Limits(call_timeout=3, cell_timeout=20, memory_bytes=2 * 2 ** 30),
                        seal=sealed_judge(warm_start=request.param == "sealed warm")
                        if sealed else None)
    yield s
    s.close()


def test_values_come_back(student):
    assert np.array_equal(student.double(np.arange(3)), [0, 2, 4])


def test_stub_says_not_implemented(student):
    with pytest.raises(st.NotImplementedYet, match="not implemented yet"):
        student.stub(1)


def test_infinite_loop_times_out_and_later_calls_still_work(student):
    start = time.time()
    with pytest.raises(st.StudentTimeout, match="infinite loop"):
        student.spin()
    assert time.time() - start < 10
    assert student.double(2) == 4


def test_exits_cost_only_that_call(student):
    with pytest.raises(st.StudentCrashed, match="exited with code 3"):
        student.leave()
    with pytest.raises(st.StudentRaised, match="SystemExit"):
        student.quit_()
    assert student.double(5) == 10


def test_broken_cells_are_reported_and_skipped(student):
    with pytest.raises(st.MissingFunction, match="answer_broken"):
        student.undefined_function()
    with pytest.raises(st.MissingFunction):  # defined after the failing line: never ran
        student.after_error()
    assert "NameError" in student.process.cell_errors["answer_name_error"]


def test_memory_hog_hits_the_limit(student):
    with pytest.raises((st.StudentRaised, st.StudentCrashed), match="[Mm]emory"):
        student.hog()
    assert student.double(1) == 2


def test_huge_output_is_swallowed(student):
    assert student.chatty() == 5


def test_rng_and_repeat(student):
    draws = student.call("draw", Rng(7), _repeat=5)
    assert draws == [int(v) for v in np.random.default_rng(7).integers(1000, size=5)] or \
        len(set(draws)) > 1


KERAS_CELLS = [("answer_keras", "import random\nimport numpy as np\nimport keras\n"
                                 "def build():\n"
                                 "    return keras.Sequential([keras.Input((3,)), "
                                 "keras.layers.Dense(4), keras.layers.Dense(2)])\n"
                                 "def noise():\n"
                                 "    return [random.random(), *np.random.rand(2)]\n")]


@pytest.mark.parametrize("warm", [False, True], ids=["sealed", "sealed warm"])
def test_a_model_gets_the_same_initial_weights_whatever_came_before(warm):
    """So a regrade scores the same; the global generators draw on, so a student who
    draws from them instead of the ``rng`` argument is still caught."""
    needs_seal()
    s = student_process(KERAS_CELLS, Limits(call_timeout=30, cell_timeout=60),
                        seal=sealed_judge(warm_start=warm))
    try:
        first = [w.copy() for w in s.build().get_weights()]
        assert s.noise() != s.noise()
        s.build()
        again = s.build().get_weights()
        assert all(np.array_equal(a, b) for a, b in zip(first, again))
    finally:
        s.close()


def test_named_callables(student):
    x = np.array([0.5, 1.0])
    assert np.allclose(student.apply(Fn("harness", "cubic_sine"), x), x ** 3 + np.sin(x))
    assert np.allclose(student.apply(Fn("student", "double"), x), 2 * x)


def test_opaque_cache_handles(student):
    y, handle = student.call("fwd", np.array([1.0]), _keep=1)
    assert y[0] == 2.0 and type(handle).__name__ == "Handle"
    assert student.bwd(handle)[0] == 3.0


def test_student_patches_do_not_reach_the_judge(student):
    student.double(1)  # the patching cell has run in the student process
    assert not np.allclose(np.zeros(2), np.ones(2))


def test_background_processes_die_with_the_sandbox():
    s = st.ProcessStudent([("answer_spawn", "import subprocess, sys\n"
                                            "def spawn():\n"
                                            "    p = subprocess.Popen([sys.executable, '-c', "
                                            "'import time; time.sleep(300)'])\n"
                                            "    return p.pid\n")])
    pid = s.spawn()
    s.close()
    import os
    time.sleep(0.2)
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat") as fh:
            alive = fh.read().split()[2] != "Z"
    except (ProcessLookupError, FileNotFoundError):
        alive = False
    assert not alive


@pytest.mark.parametrize("warmed", [False, True], ids=["lazy", "preloaded"])
def test_a_lazy_module_is_imported_by_the_warm_up_that_asks_for_it(warmed):
    """The self-check makes Keras lazy in the student process (a NumPy question never
    waits for TensorFlow) and preloads it while pytest collects, when a question needs
    it: the preload must import the real module, not only touch its stand-in."""
    cells = [("setup_imports", "import colorsys"),
             ("answer_kind", "import sys\ndef kind(name):\n"
                             "    return type(sys.modules[name]).__name__\n")]
    s = student_process(cells, Limits(call_timeout=10, cell_timeout=20), seal=None)
    try:
        s.process.lazy_modules = ("colorsys",)
        s.process.warm(("colorsys",) if warmed else ())
        assert s.kind("colorsys") == ("module" if warmed else "LazyModule")
    finally:
        s.close()
