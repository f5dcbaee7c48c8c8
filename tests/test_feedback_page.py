"""The feedback a student reads (``nbgrader generate_feedback``), for a real mistake.

A submission that forgot the bias in ``rnn_cell_forward`` is judged (that question
only), its verdict written into the check cells as grading does, and the feedback
page generated with the course's configuration. The page must read on any screen and
offline: reports wrap, each distinct diagnosis shows once per check, the score nbgrader
reads stays in the autograded notebook but not on the page, the table of contents
names the questions, case labels describe their own case, and formulas are MathML,
with no MathJax (or any other script) to download.
"""
from __future__ import annotations

import html
import re

import nbformat

from authoring import mutants, submissions
from autograder import judge
from autograder.preprocessors.judge_test_cells import PENDING, JudgeTestCells
from tools import grading

A, Q, STUDENT = "rnn_fundamentals", "rnn_cell_forward", "eve"
BIAS = "the bias b is missing"


def check_report(page: str, grade_id: str) -> str:
    """The text of the check cell's outputs on the page."""
    cell = page.split(f'<a name="{grade_id}"></a>', 1)[1].split('<div class="cell ', 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", "", cell.split('class="output_wrapper"', 1)[1]))


def test_feedback_page_of_a_mistaken_submission(tmp_path):
    from nbgrader.api import Gradebook

    forgot_bias = [m for m in mutants.load(A) if m.mistake == "forgot the bias"]
    nb = nbformat.from_dict(submissions.mutate(submissions.correct(A), forgot_bias))
    verdict = judge.judge(A, nbformat.writes(nb), only=[Q])
    # one case of a parametrised check is named by its own inputs
    cases = [f.check for f in verdict.failures if f.check.startswith("h_next on hidden inputs")]
    assert "h_next on hidden inputs [batch of 1, D = 3, H = 5]" in cases, cases
    assert len(cases) == 5, cases

    course = grading.make_course(tmp_path / "course")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.update_or_create_student(STUDENT)
        gb.add_submission(A, STUDENT)
    resources = {"nbgrader": {"assignment": A, "student": STUDENT}, PENDING: lambda: verdict}
    JudgeTestCells().preprocess(nb, resources)
    check = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                 == f"check_{Q}")
    # the score stays the cell's last output, where nbgrader reads the partial credit
    assert check.outputs[-1].output_type == "execute_result"
    assert float(check.outputs[-1].data["text/plain"]) == verdict.questions[f"check_{Q}"].score
    folder = course / "autograded" / STUDENT / A
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{A}.ipynb")
    (folder / "timestamp.txt").write_text("2024-01-01 00:00:00.000000 UTC")

    grading.nbgrader(course, "generate_feedback", A, "--force")
    page = (course / "feedback" / STUDENT / A / f"{A}.html").read_text(encoding="utf-8")

    # reports wrap at the box edge instead of being cut off
    assert re.search(r"div\.output_area pre \{\s*white-space: pre-wrap;", page)
    # each distinct diagnosis once per check: two public checks and the hidden cases
    report = check_report(page, f"check_{Q}")
    assert report.count(BIAS) == 3, report
    assert "h_next on hidden inputs (5 of 5 cases fail)\n        in every case:" in report
    # no stray score output
    assert "Out[" not in page and "output_execute_result" not in page
    # the table of contents and the headings name the questions
    assert "Test cell" not in page
    assert f'<a href="#check_{Q}">Exercise 2 — {Q}</a>' in page
    assert f"Checks of Exercise 2 — {Q}" in page
    # formulas are MathML, and the page loads nothing
    assert page.count("<math") > 20
    prose = "".join(part.split("</div>", 1)[0]
                    for part in page.split('class="text_cell_render')[1:])
    assert not re.search(r"\$[^$<]*[\\_^][^$<]*\$", prose), "a formula left as LaTeX"
    markup = re.sub(r"<!--.*?-->", "", page, flags=re.S)  # nbgrader's header comments
    assert "<script" not in markup and "mathjax" not in markup.lower()
    assert not re.search(r"""src=["']?(https?:)?//""", page)


def test_report_gives_each_diagnosis_once_per_check():
    """Cases of one check group under it, each distinct diagnosis once with the cases it
    covers; a public and a hidden check of the same name stay apart; the score counts
    every case."""
    from autograder.harness.runner import Outcome, report
    bias = "Likely mistake: the bias b is missing"
    outcomes = [
        Outcome("large inputs", False, "c_next is wrong", path="public.py"),
        Outcome("large inputs", False, "h_next is wrong", path="hidden.py"),
        *[Outcome(f"h on hidden inputs [batch of {n}, T = 2]", False,
                  f"h (N={n}) is wrong: largest difference 0.{n}. {bias}", "bias", "hidden.py")
          for n in (1, 2, 3)],
        Outcome("h on hidden inputs [batch of 4, T = 2]", False, "h contains NaN",
                path="hidden.py"),
        Outcome("h on hidden inputs [batch of 5, T = 2]", True, path="hidden.py"),
    ]
    text = report("rnn_forward", outcomes, 7)
    assert text.splitlines()[0] == "rnn_forward: 1/7 checks passed (1 of 7 points)"
    assert text.count("FAIL  large inputs") == 2
    assert "FAIL  h on hidden inputs (4 of 5 cases fail)\n" \
           "        in cases batch of 1, T = 2; batch of 2, T = 2; batch of 3, T = 2:\n" \
           f"        h (N=1) is wrong: largest difference 0.1. {bias}\n" \
           "        in case batch of 4, T = 2:\n        h contains NaN\n" \
           "  PASS  h on hidden inputs [batch of 5, T = 2]" in text, text
    assert text.count(bias) == 1
