"""One mistake, one penalty when a called function crashes (``Student.stand_ins``).

A correct ``rnn_forward`` around an ``rnn_cell_forward`` that raises gets no value out
of the student's own code, so judging it "given the student's own cell" (``carried``)
has nothing to compare. The judge calls it again with the reference's cell standing in
for the student's, in the student process (each call of the cell is answered by the
judge): a correct loop then keeps its points, a wrong or empty one still loses them,
and the cell's own question gets nothing from it.

The protocol is tried on a small student (plain and sealed processes, a few seconds);
the judge on real rnn_fundamentals notebooks (two judge runs, about 10 s unloaded).
"""
from __future__ import annotations

import json

import pytest

from authoring import submissions
from authoring.mutants import Mutant, load
from autograder import judge
from autograder.harness import student as st
from autograder.harness.kernel_student import KernelStudent
from autograder.harness.runner import Outcome
from autograder.harness.student_process import Limits
from autograder.harness.wire import Rng
from tests.unavailable import needs_seal

CELLS = [
    ("setup_imports", "import numpy as np"),
    ("answer_cell", "def cell(x):\n    raise ValueError('the cell is broken')\n"),
    ("answer_loop", "def loop(xs):\n    return [cell(x) for x in xs]\n"
                    "def wrong_loop(xs):\n    return [cell(xs[0]) for x in xs]\n"
                    "def own_bug(xs):\n    cell(xs[0])\n    raise KeyError('own bug')\n"
                    "def bad_arguments(xs):\n    return cell(None)\n"
                    "def too_deep(xs):\n    return cell(np.ones((2, 2, 2)))\n"
                    "def too_many(xs):\n    return cell(np.ones((100, 100)))\n"
                    "def just_right(xs):\n    return cell(np.ones((8, 8)))\n"),
    ("answer_keep", "def keep():\n    global kept\n    kept = cell\n    return kept(1)\n"
                    "def later(x):\n    return kept(x)\n"),
    ("answer_draws", "def draw(rng):\n    return 1 / 0\n"
                     "def draws(n, rng):\n    return [draw(rng) for _ in range(n)]\n"),
    ("answer_costly", "import os\n"
                      "def exit_cell(x):\n    os._exit(3)\n"
                      "def exit_loop(xs):\n    return [exit_cell(x) for x in xs]\n"
                      "def exit_on_its_own(xs):\n    os._exit(4)\n"
                      "def spin_cell(x):\n    while True:\n        pass\n"
                      "def spin_loop(xs):\n    return [spin_cell(x) for x in xs]\n"),
]


def _double(x):
    return 2 * x


def _draw(rng):
    return int(rng.integers(1000))


STAND_INS = {"loop": {"cell": _double}, "wrong_loop": {"cell": _double},
             "own_bug": {"cell": _double}, "bad_arguments": {"cell": _double},
             "too_deep": {"cell": _double}, "too_many": {"cell": _double},
             "just_right": {"cell": _double},
             "keep": {"cell": _double}, "draws": {"draw": _draw},
             "exit_loop": {"exit_cell": _double}, "exit_on_its_own": {"exit_cell": _double},
             "spin_loop": {"spin_cell": _double}}


@pytest.fixture(scope="module", params=["kernel", "self-check", "sealed"])
def student(request):
    if request.param == "kernel":  # a notebook's check cell: the same requests, in-process
        namespace = {}
        for _, source in CELLS:
            exec(source, namespace)
        kernel = KernelStudent(namespace)
        kernel.stand_ins = STAND_INS
        yield kernel
        return
    sealed = request.param == "sealed"
    if sealed:
        needs_seal()
    s = judge.student_process(CELLS, Limits(call_timeout=10, cell_timeout=20,
                                            memory_bytes=2 * 2 ** 30),
                              seal=judge.sealed() if sealed else None)
    s.stand_ins = STAND_INS
    yield s
    s.close()


def test_a_correct_loop_around_a_crashing_function_gives_the_right_value(student):
    assert student.loop([1, 2, 3]) == [2, 4, 6]
    (taken,) = student.stand_ins_taken()
    assert taken.names == ("cell",) and "the cell is broken" in taken.unaided
    assert student.stand_ins_taken() == []
    # the student's own function is back in place, and judged alone on its own question
    with pytest.raises(st.StudentRaised, match="the cell is broken"):
        student.cell(1)
    assert student.stand_ins_taken() == []


def test_a_wrong_loop_still_gives_its_wrong_value(student):
    assert student.wrong_loop([1, 2, 3]) == [2, 2, 2]
    assert [t.names for t in student.stand_ins_taken()] == [("cell",)]


def test_a_function_failing_on_its_own_fails_as_it_did(student):
    with pytest.raises(st.StudentRaised, match="the cell is broken"):
        student.own_bug([1])  # with a correct cell: its own KeyError; reported: the first
    with pytest.raises(st.StudentRaised, match="the cell is broken"):
        student.bad_arguments([1])  # the correct cell fails on them too
    for name in ("too_deep", "too_many"):  # the judge computes on nothing larger than a step
        with pytest.raises(st.StudentRaised, match="the cell is broken"):
            student.call(name, [1])
    assert student.stand_ins_taken() == []
    assert (student.just_right([1]) == 2).all()
    with pytest.raises(st.StudentRaised, match="the cell is broken"):
        student.call("loop", [1], _alone=True)  # a check expecting a raise: no stand-in


def test_a_stand_in_works_only_during_its_call(student):
    assert student.keep() == 2
    student.stand_ins_taken()
    with pytest.raises(st.StudentRaised, match="only during the call"):
        student.later(1)


def test_a_generator_crosses_as_a_seed_drawn_from_it(student):
    first, again = student.draws(5, Rng(1)), student.draws(5, Rng(1))
    assert first == again != student.draws(5, Rng(2))
    assert all(0 <= d < 1000 for d in first)


@pytest.mark.parametrize("student", ["self-check", "sealed"], indirect=True)  # os._exit
def test_a_crash_is_tried_again_only_where_the_called_function_crashed_on_its_own(student):
    starts = student.process.starts
    with pytest.raises(st.StudentCrashed, match="exited with code 3"):
        student.exit_loop([1])  # each crash costs a restart: no second one on a guess
    with pytest.raises(st.StudentCrashed, match="exited with code 3"):
        student.exit_cell(1)
    assert student.exit_loop([1, 2]) == [2, 4]
    with pytest.raises(st.StudentCrashed, match="exited with code 4"):
        student.exit_on_its_own([1])  # with a correct cell: its own crash, reported
    assert student.process.starts - starts == 4  # a restart after each crash but the last
    student.stand_ins_taken()


def test_a_hang_is_tried_again_only_where_the_called_function_hung_on_its_own():
    s = judge.student_process(CELLS, Limits(call_timeout=1, cell_timeout=20), seal=None)
    s.stand_ins = STAND_INS
    try:
        with pytest.raises(st.StudentTimeout, match="within 1 s"):
            s.spin_loop([1])
        with pytest.raises(st.StudentTimeout, match="within 1 s"):
            s.spin_cell(1)
        assert s.spin_loop([1, 2]) == [2, 4]  # not run again alone, at once with stand-ins
    finally:
        s.close()


def _outcome(passed, message=""):
    return Outcome("h on hidden inputs [batch of 1]", passed, message, path="hidden.py",
                   stood_in=("rnn_cell_forward",),
                   unaided="rnn_forward raised ValueError: matmul mismatch")


def test_settling_counts_a_stand_in_only_where_it_stood_in_for_a_failing_function():
    right, wrong = _outcome(True), _outcome(False, "h is wrong")
    kept, lost = judge.settle_stand_ins([right, wrong], ["rnn_cell_forward"])
    assert kept.passed and kept.name == (
        "h on hidden inputs (right with a correct rnn_cell_forward in place of yours, "
        "which fails its own checks) [batch of 1]")
    assert not lost.passed and "h is wrong" in lost.message
    assert "judged with a correct rnn_cell_forward in place of yours" in lost.message
    assert "with yours, rnn_forward raised ValueError" in lost.message
    # the student's rnn_cell_forward passes its own checks: the crash is rnn_forward's
    for settled in judge.settle_stand_ins([right, wrong], []):
        assert not settled.passed and settled.message == right.unaided


def _judged(mutants, questions):
    nb = submissions.mutate(submissions.correct("rnn_fundamentals"), mutants)
    verdict = judge.judge("rnn_fundamentals", json.dumps(nb), only=questions,
                          seal=judge.sealed(warm_start=True))
    return {g[len("check_"):]: q for g, q in verdict.questions.items()}


TRANSPOSED_WX = next(m for m in load("rnn_fundamentals") if m.keeps == ("rnn_forward",))


def test_a_correct_loop_around_a_crashing_cell_keeps_its_points():
    graded = _judged([TRANSPOSED_WX], ("rnn_cell_forward", "rnn_forward"))
    cell, loop = graded["rnn_cell_forward"], graded["rnn_forward"]
    assert cell.score == 0, cell.report  # the stand-in is never the cell's own
    assert loop.score == loop.points, loop.report
    assert "right with a correct rnn_cell_forward in place of yours, which fails its own " \
           "checks" in loop.report


def test_a_wrong_or_empty_loop_around_a_crashing_cell_loses_its_points():
    not_carried = next(m for m in load("rnn_fundamentals")
                       if m.mistake.startswith("state not carried"))
    crashing_backward = Mutant("rnn_cell_backward", "dx with Wx, not Wx.T",
                               "dx_t = da @ Wx.T", "dx_t = da @ Wx")
    zeros = Mutant("rnn_backward", "returns zeros",
                   "return dx, dh_future, dWx, dWh, db",
                   "return 0 * dx, 0 * dh_future, 0 * dWx, 0 * dWh, 0 * db")
    graded = _judged([TRANSPOSED_WX, not_carried, crashing_backward, zeros],
                     ("rnn_cell_forward", "rnn_forward", "rnn_cell_backward", "rnn_backward"))
    loop = graded["rnn_forward"]
    assert loop.score < loop.points, loop.report
    assert "judged with a correct rnn_cell_forward in place of yours" in loop.report
    assert not_carried.message in loop.report  # its own mistake, named
    # zeros of the right shapes: the shape check alone passes, as around a correct cell
    backward = graded["rnn_backward"].report
    passed = [line for line in backward.splitlines() if line.startswith("  PASS")]
    assert passed and all("has the shape" in line for line in passed), backward
    assert graded["rnn_cell_backward"].score < graded["rnn_cell_backward"].points


def test_every_message_names_the_wrong_functions_called_one_way():
    """The judge's verdicts and the self-check's note share one phrase, in the singular
    and the plural."""
    from autograder.harness.runner import calls_note, which_fail
    assert which_fail(["f"]) == "f, which fails its own checks"
    assert which_fail(["f", "g"], " in place of yours") == \
        "f and g in place of yours, which fail their own checks"
    assert calls_note("h", ["f", "g"]).startswith("Note: h calls f and g, which fail their "
                                                  "own checks: fix f and g first")


def test_the_judge_gives_public_checks_its_own_harness_modules(monkeypatch, tmp_path):
    """A public check or helper may import any ``_harness`` module: in the judge each
    is the judge's own ``autograder.harness`` module (one object, one state), even
    where a ``_harness`` folder copy was imported first."""
    import importlib
    import sys

    from autograder import judge
    copy = tmp_path / "_harness"
    copy.mkdir()
    (copy / "__init__.py").write_text("")
    (copy / "quiet.py").write_text("COPY = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "meta_path", [finder for finder in sys.meta_path  # as before
                                           if not isinstance(finder, judge._PublicHarness)])
    for name in [n for n in sys.modules if n.split(".")[0] == "_harness"]:
        monkeypatch.delitem(sys.modules, name)
    assert importlib.import_module("_harness.quiet").COPY  # the folder's copy

    judge.alias_public_harness()
    for name in ("quiet", "checks", "runner", "keras_guard"):
        assert importlib.import_module(f"_harness.{name}") is \
            importlib.import_module(f"autograder.harness.{name}"), name
    assert importlib.import_module("_harness") is importlib.import_module("autograder.harness")

    # and a process that drops them and imports a release's own _harness gets that one
    # whole (the self-check's tests do, in the process where the judge ran)
    for name in [n for n in sys.modules if n.split(".")[0] == "_harness"]:
        del sys.modules[name]
    assert importlib.import_module("_harness.quiet").COPY
    assert importlib.import_module("_harness").__file__ == str(copy / "__init__.py")
    for name in [n for n in sys.modules if n.split(".")[0] == "_harness"]:
        del sys.modules[name]  # not the copy's modules, once the test's folder is gone
