"""The class report and the console summary, on small hand-made records (no grading).

Every failure says its cause, "needs attention" lists untouched releases, blank and
failed submissions, an assignment nobody submitted reads "0 of N submitted", "not
attempted" is kept apart from the diagnoses, each student has a row, and the console
shows the class state the report shows, also after a resumed run that graded nothing.
"""
from __future__ import annotations

from autograder.classgrade import cli, report
from autograder.classgrade.record import GradeRecord
from autograder.classgrade.run import RunSummary
from autograder.classgrade.record import Records
from autograder.verdict import CheckFailure

A, B, C = "rnn_fundamentals", "rnn_variants_overview", "rnn_architectures_part1"
NOT_IMPLEMENTED = "rnn_cell_forward is not implemented yet (it still raises NotImplementedError)"


def graded(student, assignment=A, total=10.0, **fields) -> GradeRecord:
    fields = {"failures": [], "cell_errors": {}, **fields}
    return GradeRecord(assignment, student, "d", "graded", scores={"check_q1": total},
                       points={"check_q1": 10.0}, total=total, max_total=10.0, **fields)


def records() -> list[GradeRecord]:
    return [
        graded("ada"),
        graded("blank", total=0.0, unanswered=["answer_q1", "answer_q2"], answer_cells=2,
               failures=[CheckFailure("q1", "runs", NOT_IMPLEMENTED, kind="not_implemented")]),
        graded("skipped", total=0.0, unanswered=["answer_q1"], answer_cells=2,
               failures=[CheckFailure("q1", "runs", NOT_IMPLEMENTED, kind="not_implemented")]),
        graded("zero", total=0.0, unanswered=[], answer_cells=2,
               failures=[CheckFailure("q1", "matches [case 1]", "h_t is wrong",
                                      "forgot the bias")]),
        graded("extra", extra_notebooks=["scratch.ipynb"]),
        graded("died", total=5.0, execution_stopped={
            "kind": "kernel_died", "message": "DeadKernelError: Kernel died",
            "cell": {"index": 6, "grade_id": "answer_q1"}}),
        GradeRecord(A, "copy", "d", "failed", kind="wrong_notebook_name",
                    error="expected 'rnn_fundamentals.ipynb'; found "
                          "'Copy of rnn_fundamentals.ipynb'"),
        GradeRecord(A, "broken", "d", "failed", kind="not_json",
                    error="rnn_fundamentals.ipynb: Expecting value at line 1, column 3 "
                          "(character 2 of 18)"),
        graded("ada", B, total=7.0),
    ]


def reasons_of(summary) -> dict:
    return {(a["student"], a["assignment"]): "; ".join(a["reasons"])
            for a in summary["attention"]}


def test_attention_names_every_cause_and_the_untouched_blank_and_failed():
    summary = report.summarise([r.to_json() for r in records()], [A, B, C],
                               roster=["ada", "nobody"])
    why = reasons_of(summary)
    assert "Copy of rnn_fundamentals.ipynb" in why[("copy", A)]
    assert "notebook under another name" in why[("copy", A)]
    assert "line 1, column 3" in why[("broken", A)] and "not JSON" in why[("broken", A)]
    assert "untouched" in why[("blank", A)]
    assert "scored 0 of 10" in why[("zero", A)] and "scored 0 of 10" in why[("skipped", A)]
    assert "'scratch.ipynb'" in why[("extra", A)]
    assert "cell 7 (answer_q1): the kernel died" in why[("died", A)]
    assert ("ada", A) not in why and ("ada", B) not in why


def test_headings_say_who_submitted_and_not_attempted_is_apart():
    summary = report.summarise([r.to_json() for r in records()], [A, B, C],
                               roster=["ada", "nobody"])
    text = report.markdown(summary)
    assert summary["class_size"] == 9
    assert f"## {C}: 0 of 9 submitted\n" in text  # not "0 of 0 graded"
    assert f"## {A}: 8 of 9 submitted, 6 graded, 2 failed, mean 4.17" in text
    assert [d["diagnosis"] for d in summary["diagnoses"]] == ["forgot the bias"]
    # "skipped" left q1 as released; the untouched release ("blank") is not counted
    assert [(d["question"], d["students"]) for d in summary["not_attempted"]] == [("q1", 1)]
    mistakes = text.split("## Most frequent mistakes", 1)[1].split("\n## ", 1)[0]
    assert "not attempted" not in mistakes


def test_every_student_has_a_row_with_each_assignment_total_and_status():
    summary = report.summarise([r.to_json() for r in records()], [A, B, C],
                               roster=["ada", "nobody"],
                               submitted={A: {"late"}, B: set(), C: set()})
    rows = {r["student"]: r for r in summary["students"]}
    assert set(rows) == {"ada", "blank", "skipped", "zero", "extra", "died", "copy",
                         "broken", "nobody", "late"}
    assert rows["ada"]["assignments"] == {A: "10.00", B: "7.00", C: "not submitted"}
    assert rows["ada"]["total"] == 17.0 and rows["ada"]["status"] == "1 not submitted"
    assert rows["copy"]["assignments"][A] == "failed (!)"
    assert rows["copy"]["status"].startswith(f"needs attention: {A}")
    assert rows["late"]["assignments"][A] == "not graded yet"
    assert rows["nobody"]["status"] == "3 not submitted"
    assert rows["late"]["status"] == "1 not graded yet; 2 not submitted"
    text = report.markdown(summary)
    assert "## Students (10)" in text
    assert f"| student | {A} | {B} | {C} | total | status |" in text
    assert "<td>nobody</td>" in report.html_page(summary)


def test_console_shows_the_class_state_of_the_report_after_a_resumed_run(tmp_path, capsys):
    run_dir = tmp_path / "run"
    store = Records(run_dir)
    for record in records():
        store.save(record)
    # a resumed run that found everything graded: it graded nothing itself
    state = report.class_state(run_dir, [A, B, C])
    page = report.write_report(run_dir, [A, B, C]).read_text()
    cli._print_summary(RunSummary([], 8, 1.0, run_dir, state=state))
    out = capsys.readouterr().out.splitlines()
    for assignment in (A, B, C):
        line = next(x for x in out if x.startswith(f"{assignment}:"))
        assert f"## {line}\n" in page, (line, page)
    assert out[0].startswith(f"{A}: 8 of 8 submitted, 6 graded, 2 failed, mean 4.17")
    assert "7 submission(s) need attention:" in out
    assert any("copy/rnn_fundamentals" in x and "Copy of rnn_fundamentals.ipynb" in x
               for x in out)
    assert out[-1].startswith("this run: 0 submission(s)") and "8 skipped" in out[-1]


def test_old_records_without_a_kind_still_read():
    old = {"assignment": A, "student": "old", "digest": "d", "status": "failed",
           "error": "NbGraderException: Please see the the above traceback",
           "missing_notebook": True}
    why = reasons_of(report.summarise([old], [A]))[("old", A)]
    assert "notebook missing" in why and why.startswith("failed: ")
    assert GradeRecord.from_json(old).kind == ""


def test_totals_are_after_the_late_penalty_nbgrader_charged(tmp_path, capsys):
    """Two hand-ins collected with their times (as ``tests/test_collection.py`` does),
    one two hours after the due date, under a late policy in the course config: the
    gradebook holds nbgrader's penalty, and the report's and the console's totals are
    after it, with the penalty shown. Grading is nbgrader's own steps after judging, on
    a made-up verdict of full marks (``grading.record_verdict``): seconds."""
    import datetime
    import os

    import nbformat

    from authoring import submissions
    from autograder.classgrade import gradebook
    from autograder.classgrade.pipeline import course_assignments
    from autograder.harness.notebook import graded_cells
    from autograder.verdict import QuestionVerdict, Verdict
    from tools import grading

    course = grading.make_course(tmp_path / "course")
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write("\nc.LateSubmissionPlugin.penalty_method = 'zero'\n")
    _, course_id, url = course_assignments(course)
    due = datetime.datetime(2026, 11, 30, 12, 0)  # UTC, as nbgrader stores it
    from nbgrader.api import Gradebook
    with Gradebook(url, course_id) as gb:
        gb.update_or_create_assignment(A, duedate=due)
    notebook = submissions.correct(A)
    for student, hours in (("ana", -1), ("carol", 2)):
        handin = submissions.write(notebook, tmp_path / "mail" / f"{student}.ipynb")
        when = (due + datetime.timedelta(hours=hours)).replace(
            tzinfo=datetime.timezone.utc).timestamp()
        os.utime(handin, (when, when))
    assert cli.main(["collect", A, str(tmp_path / "mail"), "--course", str(course)]) == 0
    capsys.readouterr()

    full = Verdict(questions={c.grade_id: QuestionVerdict(c.points, c.points, "all passed")
                              for c in graded_cells(notebook)})
    run_dir = tmp_path / "run"
    for student in ("ana", "carol"):
        grading.record_verdict(course, A, student, nbformat.from_dict(notebook), full)
        scores = gradebook.scores_of(url, course_id, A, student)
        Records(run_dir).save(GradeRecord(
            A, student, "d", "graded", scores={k: s for k, (s, _) in scores.items()},
            points={k: m for k, (_, m) in scores.items()},
            total=sum(s for s, _ in scores.values()), max_total=100.0,
            failures=[], cell_errors={}))
    assert gradebook.late_penalties(url, course_id, [A]) == {("carol", A): 100.0}

    state = report.class_state(run_dir, [A], course)
    rows = {r["student"]: r for r in state["students"]}
    assert rows["ana"]["assignments"][A] == "100.00" and rows["ana"]["total"] == 100.0
    assert rows["carol"]["assignments"][A] == "0.00 (100.00 less 100.00 late penalty)"
    assert rows["carol"]["total"] == 0.0
    assert state["late"] == [{"student": "carol", "assignment": A, "score": 100.0,
                              "penalty": 100.0, "total": 0.0}]
    line = report.assignment_line(A, state["assignments"][A], state["class_size"])
    assert line.endswith("mean 50.00, median 50.00 of 100, after 1 late penalty"), line
    text = report.markdown(state)
    assert f"| carol | {A} | 100.00 | 100.00 | 0.00 |" in text, text
    cli._print_summary(RunSummary([], 2, 1.0, run_dir, state=state))
    out = capsys.readouterr().out
    assert f"  carol/{A}: 0.00 (100.00 less 100.00 late penalty)" in out
    assert line in out
    # the records keep the total before the penalty: the report is what takes it off
    assert report.class_state(run_dir, [A])["students"][1]["total"] == 100.0


def test_how_a_check_failed_is_read_from_its_kind_never_from_the_students_words():
    """A student's own exception text ("... timed out", "... not implemented yet") is
    quoted in the message; only the judge's ``kind`` decides the diagnosis."""
    forged = [CheckFailure("q1", "runs", "rnn_cell_forward raised ValueError: timed out"),
              CheckFailure("q2", "runs", "rnn_forward raised RuntimeError: " + NOT_IMPLEMENTED)]
    real = [CheckFailure("q1", "runs", "rnn_cell_forward: no answer within 10 s",
                         kind="timed_out"),
            CheckFailure("q2", "runs", NOT_IMPLEMENTED, kind="not_implemented"),
            CheckFailure("q3", "runs", "not checked: grading ran out", kind="out_of_time")]
    liar = graded("liar", total=0.0, failures=forged).to_json()
    slow = graded("slow", total=0.0, failures=real).to_json()
    assert report.diagnoses_of(liar) == {"q1": {"fails: runs"}, "q2": {"fails: runs"}}
    assert report.diagnoses_of(slow) == {
        "q1": {"timed out"}, "q2": {"not attempted (still raises NotImplementedError)"},
        "q3": {"not judged (grading ran out of time)"}}
    assert not any("timed out" in r for r in report.attention(liar))
    assert "timed out in q1" in report.attention(slow)
    # the kind survives the record's file form
    assert GradeRecord.from_json(slow).failures[0].kind == "timed_out"
