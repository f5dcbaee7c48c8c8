"""Broken and hostile submissions, graded in one class batch with a correct student.

Each case is a submission of ``rnn_fundamentals`` with an expected outcome: the
affected questions lose their points (with a readable reason), the rest keep what
they earned, the correct student in the same batch gets 100%, and the run finishes.
The batch is graded as a class-grading worker grades (``tests/batches.py``): every
case's student process is forked from the same warm zygote as the next student's.
"""
from __future__ import annotations

import copy
import json

import pytest

from tests import hostile
from authoring import submissions
from autograder.classgrade import report

A = "rnn_fundamentals"
CORRECT = submissions.correct(A)


def _answer(question, text):
    return submissions.with_answers(CORRECT, {question: text})


def _prepend(question, text):
    cell = submissions.answer_cell(CORRECT, question)
    return _answer(question, text + "".join(cell["source"]))


def _without(grade_id):
    nb = copy.deepcopy(CORRECT)
    nb["cells"] = [c for c in nb["cells"]
                   if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != grade_id]
    return nb


def _reordered():
    nb = copy.deepcopy(CORRECT)
    answers = [i for i, c in enumerate(nb["cells"])
               if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
    first, last = answers[0], answers[-1]
    nb["cells"][first], nb["cells"][last] = nb["cells"][last], nb["cells"][first]
    return nb


def _edited_check_cell():
    """A wrong answer whose locked check cell was edited to claim success."""
    nb = _answer("make_windows", "def make_windows(series, window, horizon=1):\n"
                                 "    return None\n")
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "check_make_windows":
            cell["source"] = "print('make_windows: 99/99 checks passed')\n1.0"
    return nb


def _stripped_metadata():
    nb = copy.deepcopy(CORRECT)
    submissions.answer_cell(nb, "rnn_forward")["metadata"] = {}
    return nb


def _damaged_metadata():
    """A locked check cell whose nbgrader flags were edited: nbgrader cannot restore it."""
    nb = copy.deepcopy(CORRECT)
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "check_make_windows":
            cell["metadata"]["nbgrader"]["grade"] = False
    return nb


FULL = "full"  # every question full marks
# student -> (submission, {question: expected}) where expected is 0, FULL or "lower"
CASES = {
    "correct": (CORRECT, {}),
    "syntax_error": (_answer("make_windows", "def make_windows(series, window, horizon=1)\n"
                                             "    return 1\n"), {"make_windows": 0}),
    "name_error_at_import": (_prepend("rnn_cell_forward", "undefined_helper()\n"),
                             {"rnn_cell_forward": 0, "make_windows": FULL}),
    "returns_lists": (_answer("make_windows", "def make_windows(series, window, horizon=1):\n"
                                              "    return [[0.0]], [[0.0]]\n"),
                      {"make_windows": 0}),
    "nan_output": (_answer("rnn_cell_forward", "import numpy as np\n"
                                               "def rnn_cell_forward(x_t, h_prev, Wx, Wh, b):\n"
                                               "    return np.full((len(x_t), Wh.shape[0]), "
                                               "np.nan), None\n"),
                   {"rnn_cell_forward": "lower", "make_windows": FULL}),
    "inf_output": (_answer("rnn_forward", "import numpy as np\n"
                                          "def rnn_forward(x, h0, Wx, Wh, b):\n"
                                          "    return np.full(x.shape[:2] + (Wh.shape[0],), "
                                          "np.inf), None\n"),
                   {"rnn_forward": "lower", "rnn_cell_forward": FULL}),
    "wrong_dtype": (_answer("make_windows", "import numpy as np\n"
                                            "def make_windows(series, window, horizon=1):\n"
                                            "    return np.array(['0'] * 3), np.array(['1'])\n"),
                    {"make_windows": 0, "rnn_cell_forward": FULL}),
    "very_slow": (_answer("numerical_gradient", "import time\n"
                                                "def numerical_gradient(f, x, df, eps=1e-5):\n"
                                                "    time.sleep(3600)\n"),
                  {"numerical_gradient": 0, "rnn_cell_forward": FULL}),
    "megabytes_of_output": (_prepend("rnn_forward", "print('x' * 20_000_000)\n"), {"*": FULL}),
    "deleted_check_cell": (_without("check_make_windows"), {"*": FULL}),
    "deleted_answer_cell": (_without("answer_make_windows"), {"make_windows": 0,
                                                              "rnn_forward": FULL}),
    "reordered_cells": (_reordered(), {"*": FULL}),
    "edited_check_cell": (_edited_check_cell(), {"make_windows": 0, "rnn_cell_forward": FULL}),
    "stripped_metadata": (_stripped_metadata(), {"rnn_forward": 0, "make_windows": FULL}),
    "sys_exit_in_function": (_answer("rnn_cell_forward",
                                     "import sys\ndef rnn_cell_forward(*args):\n"
                                     "    sys.exit(0)\n"), {"rnn_cell_forward": 0}),
    "os_exit_in_function": (_answer("rnn_forward", "import os\n"
                                                   "def rnn_forward(x, h0, Wx, Wh, b):\n"
                                                   "    os._exit(1)\n"),
                            {"rnn_forward": 0, "rnn_cell_forward": FULL}),
    "sys_exit_at_import": (_prepend("make_windows", "import sys\nsys.exit(0)\n"),
                           {"make_windows": 0, "rnn_cell_forward": FULL}),
    "imports_the_autograder": (_answer("rnn_cell_forward",
                                       "import sys, os\n"
                                       "for up in ('..', '../..', '../../..'):\n"
                                       "    sys.path.insert(0, os.path.abspath(up))\n"
                                       "from autograder.suites.rnn_fundamentals.common "
                                       "import ref\n"
                                       "rnn_cell_forward = ref.rnn_cell_forward\n"),
                               {"rnn_cell_forward": 0}),
    "os_exit_at_import": (_prepend("make_windows", "import os\nos._exit(0)\n"),
                          {"make_windows": 0, "rnn_cell_forward": FULL}),
    "kills_its_parents": (_prepend("make_windows",
                                   "import os, signal\n"
                                   "for pid in (os.getppid(), 0, -1):\n"
                                   "    try:\n        os.kill(pid, signal.SIGKILL)\n"
                                   "    except Exception:\n        pass\n"),
                          # kill(0) and kill(-1) reach only its own sandbox: the cell
                          # kills its own process, like os._exit at import
                          {"make_windows": 0, "rnn_cell_forward": FULL}),
    "infinite_loop_at_import": (_prepend("numerical_gradient", "while True:\n    pass\n"),
                                {"numerical_gradient": 0, "make_windows": FULL}),
    "memory_hog": (_answer("make_windows", "def make_windows(series, window, horizon=1):\n"
                                           "    return bytearray(64 * 2**30), None\n"),
                   {"make_windows": 0, "rnn_cell_forward": FULL}),
    "background_process": (_prepend("make_windows",
                                    "import subprocess, sys\n"
                                    "subprocess.Popen([sys.executable, '-c', "
                                    "'import time; time.sleep(600)'])\n"), {"*": FULL}),
    "imports_the_reference": (_answer("rnn_cell_forward",
                                      hostile.IMPORT_REFERENCE.format(assignment=A,
                                                                      name="rnn_cell_forward")),
                              {"rnn_cell_forward": 0}),
    "reads_and_writes_course_files": (_answer("make_windows", '''
import glob, os
def make_windows(series, window, horizon=1):
    found = []
    for pattern in ("/**/autograder/suites/**/*.py", "/**/solutions/*.py", "/**/gradebook.db"):
        found += glob.glob(pattern, recursive=True)[:3]
    for path in found:
        try:
            open(path, "a").write("# pwned")
        except OSError:
            pass
    raise ValueError("found: %s" % found[:5])
'''), {"make_windows": "lower", "rnn_cell_forward": FULL}),
    # graded last (students go in name order), after every case above had its turn at
    # the warm zygote this student's process is forked from
    "zz_correct_last": (CORRECT, {"*": FULL}),
}
NOT_NOTEBOOKS = {"invalid_json": "{ this is not json", "missing_notebook": None,
                 "damaged_metadata": json.dumps(_damaged_metadata())}
# student -> (record kind, facts its error must give)
NOT_NOTEBOOK_CAUSES = {
    "invalid_json": ("not_json", "line 1, column 3"),
    "missing_notebook": ("no_notebook", "expected 'rnn_fundamentals.ipynb'"),
    "damaged_metadata": ("damaged_metadata", "check_make_windows")}


@pytest.fixture
def batch(class_batches):
    from tests.batches import HOSTILE
    return class_batches(HOSTILE)


pytestmark = pytest.mark.batch("hostile:rnn_fundamentals")


def test_batch_finishes_and_the_correct_student_gets_full_marks(batch):
    _, summary, results = batch
    assert {r["student"] for r in summary.problems} <= set(NOT_NOTEBOOKS)
    correct = results["correct"]
    assert correct.scores and correct.total == correct.max_total, correct.reports


@pytest.mark.parametrize("student", [s for s in CASES if s != "correct"])
def test_each_case_costs_only_its_own_points(batch, student):
    _, _, results = batch
    graded = results[student]
    expected = CASES[student][1]
    for grade_id, points in graded.points.items():
        q = grade_id[len("check_"):]
        want = expected.get(q, expected.get("*"))
        got = graded.scores[grade_id]
        if want == FULL:
            assert got == points, (q, graded.reports.get(grade_id))
        elif want == 0:
            assert got == 0, (q, graded.reports.get(grade_id))
            assert graded.reports.get(grade_id, "").count("FAIL") > 0, graded.reports
        elif want == "lower":
            assert got < points, (q, graded.reports.get(grade_id))


@pytest.mark.parametrize("student", list(NOT_NOTEBOOKS))
def test_unreadable_or_missing_notebooks_score_zero(batch, student):
    _, _, results = batch
    graded = results.get(student)
    assert graded is None or graded.total == 0


def test_course_files_were_not_touched(batch):
    from autograder.course import ROOT, suites
    for path in list(suites().rglob("*.py")) + \
            list((ROOT / "solutions").glob("*.py")):
        assert "# pwned" not in path.read_text(), path
    course, _, _ = batch
    assert b"# pwned" not in (course / "gradebook.db").read_bytes()


def test_failed_submissions_record_their_cause(batch):
    _, summary, _ = batch
    records = {r["student"]: r for r in summary.graded}
    for student, (kind, fact) in NOT_NOTEBOOK_CAUSES.items():
        record = records[student]
        assert (record["status"], record["kind"]) == ("failed", kind), record
        assert fact in record["error"], record["error"]
    # the extra notebook beside the correct one is graded around, and said
    assert records["correct"]["extra_notebooks"] == ["scratch.ipynb"]
    # a kernel killed by its own notebook stops the execution, not the grading
    stop = records["os_exit_at_import"]["execution_stopped"]
    assert stop["kind"] == "kernel_died", stop
    # a hanging answer's checks fail as timed out (the judge's word, kept as data), and
    # the class report says so
    slow = [f for f in records["very_slow"]["failures"] if f["question"] == "numerical_gradient"]
    kinds = {f["kind"] for f in slow}
    assert "timed_out" in kinds and kinds <= {"timed_out", "out_of_time"}, slow
    assert "timed out in numerical_gradient" in report.attention(records["very_slow"])
