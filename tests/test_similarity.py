"""Similarity between submissions (issue 27): copies flagged, independent work not,
bad answers skipped with a note, student text never markup. No code is run; fast."""
from __future__ import annotations

from authoring import disguise, styles, submissions
from autograder.classgrade import answers, similarity
from autograder.classgrade.cli import main

A = "rnn_fundamentals"
Q = "rnn_backward"


def _starter():
    return answers.answer_cells(submissions.released_notebook(A))[Q]


def _independent():
    cells = styles.load(A)[Q]
    ref = answers.answer_cells(submissions.correct(A))[Q]
    return {"ref": ref, "s0": cells[0], "s1": cells[1]}


def test_disguised_copy_flagged_independent_not():
    cells = _independent()
    cells["copy"] = disguise.everything(cells["s0"], seed=3)
    result = similarity.compare_question(A, Q, _starter(), cells)
    assert result.scored
    assert [{p.a, p.b} for p in result.flagged] == [{"copy", "s0"}]


def test_each_transformation_is_flagged():
    for name, text in disguise.disguised(styles.load(A)[Q][1]).items():
        cells = dict(_independent(), copy=text)
        result = similarity.compare_question(A, Q, _starter(), cells)
        assert any({p.a, p.b} == {"copy", "s1"} for p in result.flagged), name


def test_bad_answers_skipped_with_a_note():
    cells = dict(_independent(), empty="  \n", blank=_starter(), broken="def f(:\n")
    result = similarity.compare_question(A, Q, _starter(), cells)
    notes = dict(result.notes)
    assert notes["empty"] == "empty" and notes["blank"].startswith("untouched")
    assert notes["broken"].startswith("unparseable")
    assert not result.flagged


def test_short_answers_not_scored():
    cells = {s: "def f(x):\n    return x + 1\n" for s in "abcd"}
    result = similarity.compare_question(A, "f", "", cells)
    assert not result.scored and "too short" in result.reason


def test_report_section_escapes_student_text():
    evil = styles.load(A)[Q][0] + "# <script>alert(1)</script>\n"
    cells = dict(_independent(), **{"<b>x</b>": evil})
    result = similarity.AssignmentResult(
        A, [similarity.compare_question(A, Q, _starter(), cells)], [])
    page = similarity.html_section([result])
    assert "<script>" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;" in page and "<mark>" in page
    text = similarity.markdown_section([result])
    assert "<b>" not in text and "Similar submissions (1 flagged" in text


def test_cli_prints_one_line_per_flagged_pair(tmp_path, capsys):
    from tools import grading
    course = grading.make_course(tmp_path)
    grading.submit(course, A, "alice", styles.styled(A, 0))
    grading.submit(course, A, "bob", styles.styled(A, 1))
    grading.submit(course, A, "mallory", submissions.with_answers(
        submissions.correct(A), {Q: disguise.everything(styles.load(A)[Q][0], seed=1)}))
    assert main(["similarity", A, "--course", str(course)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"{A} / {Q}: alice and mallory" in lines[0] and len(lines) == 1


def test_class_report_has_the_section(tmp_path):
    from autograder.classgrade.report import write_report
    from tools import grading
    course = grading.make_course(tmp_path)
    grading.submit(course, A, "alice", styles.styled(A, 0))
    grading.submit(course, A, "mallory", styles.styled(A, 0))
    md = write_report(tmp_path / "run", [A], course)
    assert "## Similar submissions" in md.read_text()
    assert "alice and mallory" in (md.parent / "index.html").read_text()
