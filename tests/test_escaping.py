"""What a student writes reaches the instructor's and the student's browser as text.

(a) the class report (Markdown and HTML) from records carrying hostile student ids,
exception messages and cell errors; (b) a real ``nbgrader generate_feedback`` of an
autograded notebook whose outputs and markdown carry scripts, handlers and links.
"""
from __future__ import annotations

import re

import nbformat

from autograder.classgrade import report
from autograder.classgrade.record import GradeRecord
from autograder.verdict import CheckFailure
from tools import grading
from authoring import submissions

SCRIPT = "<script>alert(1)</script>"
CELLS = "| forged | cell |"
LINK = "[link](javascript:alert(1))"
FORGED = "Likely mistake: gate order i, f, o, c"
HOSTILE = f"{SCRIPT} {CELLS} {LINK}"


def hostile_records() -> list[dict]:
    base = {"assignment": "rnn_fundamentals", "digest": "d", "status": "graded",
            "scores": {"check_rnn_cell_forward": 0.0}, "points": {"check_rnn_cell_forward": 2.0},
            "total": 0.0, "max_total": 2.0}
    forged = CheckFailure("rnn_cell_forward", f"matches [{SCRIPT}]",
                          f"rnn_cell_forward raised ValueError: {FORGED}. {HOSTILE}", None)
    real = CheckFailure("rnn_cell_forward", "matches",
                        "h_t is wrong. Likely mistake: forgot the bias", "forgot the bias")
    return [
        GradeRecord(**base, student=f"eve{SCRIPT}{CELLS}\n| row | injected |",
                    failures=[forged],
                    cell_errors={f"answer{CELLS}": f"NameError: {HOSTILE}\nsecond line"}
                    ).to_json(),
        GradeRecord(**base, student="mallory", failures=[real], cell_errors={},
                    judge_error=f"{LINK}*bold*_em_`code`").to_json(),
    ]


def table_rows(text: str, title: str) -> list[str]:
    section = text.split(f"## {title}", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("|")]


def cells_of(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def test_class_report_escapes_records():
    summary = report.summarise(hostile_records(), ["rnn_fundamentals"])
    diagnoses = [d["diagnosis"] for d in summary["diagnoses"]]
    assert "forgot the bias" in diagnoses
    assert not any("gate order" in d for d in diagnoses), diagnoses

    page = report.html_page(summary)
    assert "<script" not in page.lower()
    assert "javascript:alert" not in page.replace("[link](javascript:alert", "")
    assert "&lt;script&gt;" in page

    text = report.markdown(summary)
    assert "<script" not in text.lower() and "](javascript:" not in text
    for title in ("Most frequent mistakes", "Students needing attention"):
        rows = table_rows(text, title)
        assert rows, title
        assert {cells_of(r) for r in rows} == {cells_of(rows[0])}, rows
    assert len(table_rows(text, "Students needing attention")) == 2 + 2  # header, rule, 2
    assert "| row | injected |" not in text


HOSTILE_MD = ("# My notes\n<script>alert('md')</script>\n<img src=x onerror=alert('img')>\n"
              "<iframe src=\"javascript:alert('frame')\"></iframe>\n"
              "[click](javascript:alert('link'))\n")


def hostile_autograded() -> dict:
    nb = nbformat.from_dict(submissions.correct("rnn_fundamentals"))
    # the student edited the course's first markdown cell and added one of their own
    nb.cells[0].source += "\n" + HOSTILE_MD
    nb.cells.insert(3, nbformat.v4.new_markdown_cell(HOSTILE_MD))
    answer = submissions.answer_cell(nb, "make_windows")
    answer["outputs"] = [
        nbformat.v4.new_output("display_data", data={
            "text/html": "<script>alert('html')</script>", "text/plain": "<HTML object>"}),
        nbformat.v4.new_output("display_data", data={
            "application/javascript": "alert('js')", "text/plain": "<Javascript object>"}),
        nbformat.v4.new_output("display_data", data={
            "image/svg+xml": "<svg><image href=x onerror=alert('svg')/></svg>"}),
        nbformat.v4.new_output("execute_result", execution_count=1, data={
            "text/markdown": "[md](javascript:alert('mdout'))",
            "text/plain": "<script>alert('plain')</script>"}),
    ]
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "check_make_windows":
            cell.outputs = [nbformat.v4.new_output(
                "stream", name="stdout", text="make_windows: 7/7 checks passed (1 of 1 points)\n"),
                nbformat.v4.new_output("execute_result", execution_count=2,
                                       data={"text/plain": "1.0"})]
    return nb


def test_feedback_html_shows_student_content_as_text(tmp_path):
    from nbgrader.api import Gradebook

    course = grading.make_course(tmp_path / "course")
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write("\nc.GenerateFeedback.preprocessors = [\n"
                 "    'nbgrader.preprocessors.GetGrades',\n"
                 "    'nbconvert.preprocessors.CSSHTMLHeaderPreprocessor',\n"
                 "    'autograder.feedback_safety.UntrustedAsText',\n]\n"
                 "c.HTMLExporter.sanitize_html = True\n")
    student, assignment = "eve", "rnn_fundamentals"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.update_or_create_student(student)
        gb.add_submission(assignment, student)
    folder = course / "autograded" / student / assignment
    folder.mkdir(parents=True)
    nbformat.write(hostile_autograded(), folder / f"{assignment}.ipynb")
    (folder / "timestamp.txt").write_text("2024-01-01 00:00:00.000000 UTC")

    grading.nbgrader(course, "generate_feedback", assignment, "--force")
    page = (course / "feedback" / student / assignment / f"{assignment}.html").read_text(
        encoding="utf-8")

    # wherever a payload survives it is text: outside any tag, not inside a <script>
    for payload in ("alert('md')", "alert('img')", "alert('frame')", "alert('link')",
                    "alert('html')", "alert('js')", "alert('svg')", "alert('mdout')",
                    "alert('plain')"):
        for found in re.finditer(re.escape(payload), page):
            before = page[:found.start()]
            tag = before[before.rfind("<"):]
            assert ">" in tag and not tag.lower().startswith("<script"), (payload, tag[:80])
    assert not re.search(r"<script[^>]*>[^<]*alert", page)
    assert not re.search(r"<[a-z]+[^<>]*(onerror|javascript:)", page, re.I)
    assert "&lt;script&gt;alert('md')" in page  # the student's text, shown as text
    # the course's own content is still rendered
    assert re.search(r"<h2[^>]*>2\. The RNN cell: a state that carries memory", page)
    assert "make_windows: 7/7 checks passed" in page
