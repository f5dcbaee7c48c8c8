"""The class-grading command on the mutant corpus of all four assignments.

``classgrade:fast`` grades the pipeline batches' submissions (reference twice, two
students in other styles, untouched release, packed mutants, cheaters) with
``python -m autograder.classgrade``'s ``grade_class``, and ``classgrade:full`` a subset
that covers every assignment (``FULL_MODE_STUDENTS``: full mode only adds executing
the notebook); the plain batches grade them with sequential ``nbgrader autograde``.
Scores must match exactly.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.classgrade.run import grade_class
from autograder.classgrade.report import diagnoses_of, summarise
from autograder.classgrade.record import GRADED, Records
from tests.batches import CLASSGRADE, FULL_MODE_STUDENTS, MISSING
from authoring.mutants import pack
from autograder.course import ASSIGNMENTS
from tools import grading
from authoring import submissions

FAST, FULL = CLASSGRADE


@pytest.mark.batch(FAST, FULL)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_both_modes_score_as_sequential_nbgrader(class_batches, assignment):
    _, _, plain = class_batches(assignment)
    assert {"reference", "blank", "mutant00"} <= set(plain)
    for key in CLASSGRADE:
        _, summary, results = class_batches(key)
        got = results[assignment]
        students = plain if key == FAST else [s for s in FULL_MODE_STUDENTS if s in plain]
        for student in students:
            graded = plain[student]
            assert student in got, f"{key}: {student} was not graded"
            assert got[student].scores == pytest.approx(graded.scores, abs=1e-9), \
                f"{key}: {student} scored differently from sequential nbgrader"


@pytest.mark.batch(FAST, FULL)
def test_every_submission_has_one_record_and_only_the_empty_one_needs_attention(
        class_batches):
    for key in CLASSGRADE:
        course, summary, results = class_batches(key)
        expected = {(a, s) for a in ASSIGNMENTS for s in results[a]}
        recorded = [(r["assignment"], r["student"]) for r in summary.graded]
        assert len(recorded) == len(set(recorded))
        assert set(recorded) == expected | {("rnn_fundamentals", MISSING)}
        problems = {(r["assignment"], r["student"]) for r in summary.problems}
        assert problems == {("rnn_fundamentals", MISSING)}


@pytest.mark.batch(FAST, FULL)
def test_full_mode_feedback_has_fresh_outputs_and_fast_mode_reports_only(class_batches):
    def notebook(key):
        course = class_batches(key)[0]
        path = course / "autograded" / "reference" / "rnn_fundamentals" / \
            "rnn_fundamentals.ipynb"
        return json.loads(path.read_text())

    def outputs(nb, graded_checks):
        return [c for c in nb["cells"] if c["cell_type"] == "code" and c.get("outputs")
                and c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
                .startswith("check_") == graded_checks]
    full, fast = notebook(FULL), notebook(FAST)
    assert outputs(full, False), "full mode should re-execute the notebook"
    assert not outputs(fast, False), "fast mode should not execute the notebook"
    for nb in (full, fast):
        assert outputs(nb, True), "the check cells carry the judge's reports"


@pytest.mark.batch(FAST)
def test_training_results_are_reused_for_equal_architectures(class_batches):
    _, summary, results = class_batches(FAST)
    for assignment in ("rnn_variants_overview", "rnn_architectures_part1",
                       "rnn_architectures_part2"):
        timings = {r["student"]: r["timings"] for r in summary.graded
                   if r["assignment"] == assignment and "trained" in r["timings"]}
        assert sum(t["trained"] for t in timings.values()) > 0, assignment
        # equal architectures (the reference's, handed in by the twins and by most
        # mutant packs) reused the results of the first trained, on either worker
        assert sum(t["reused"] for t in timings.values()) > 0, assignment
        assert results[assignment]["reference"].scores == \
            results[assignment]["reference_twin"].scores
        # and the models rebuilt for one notebook served later ones (model_reuse.py),
        # with the same scores as plain nbgrader (test_both_modes_score_as_sequential_nbgrader)
        assert sum(t["models_reused"] for t in timings.values()) > 0, assignment


def by_student_of(records, assignment, student):
    return next(r for r in records if (r["assignment"], r["student"]) == (assignment, student))


@pytest.mark.batch(FAST)
def test_class_report(class_batches):
    course, summary, _ = class_batches(FAST)
    folder = summary.report.parent
    assert (folder / "scores.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = summary.report.read_text()
    html = (folder / "index.html").read_text()
    for assignment in ASSIGNMENTS:
        assert f"## {assignment}:" in page and assignment in html
    records = Records(summary.run_dir).all()
    found = summarise(records, ASSIGNMENTS)
    gate = [d for d in found["diagnoses"] if d["question"] == "lstm_cell_forward"
            and "gate order" in d["diagnosis"]]
    graded = found["assignments"]["rnn_variants_overview"]["graded"]
    assert gate and gate[0]["students"] == 1 and gate[0]["share"] == pytest.approx(1 / graded)
    # the untouched release ("blank", the only student who left answers as released) is
    # flagged under needs attention and counted neither as a mistake nor as unattempted
    assert not [d for d in found["diagnoses"] if d["diagnosis"].startswith("not attempted")]
    assert not found["not_attempted"], found["not_attempted"]
    blank = by_student_of(records, "rnn_fundamentals", "blank")
    assert blank["answer_cells"] == len(blank["unanswered"]) > 0
    # how its checks failed is data the judge set, not words the report reads back
    assert blank["failures"] and {f["kind"] for f in blank["failures"]} == {"not_implemented"}
    attention = {(a["student"], a["assignment"]): a["reasons"] for a in found["attention"]}
    assert any("no notebook handed in" in r and "rnn_fundamentals.ipynb" in r
               for r in attention[(MISSING, "rnn_fundamentals")])
    for assignment in ASSIGNMENTS:
        assert any("untouched" in r for r in attention[("blank", assignment)]), assignment
        assert ("reference", assignment) not in attention
    students = {row["student"]: row for row in found["students"]}
    assert students["reference"]["status"] == "ok"
    assert students[MISSING]["status"].startswith("needs attention: rnn_fundamentals")
    assert "## Students (" in page
    # every mutated question of every mutant student shows up among the diagnoses
    by_student = {(r["assignment"], r["student"]): r for r in records}
    for assignment in ASSIGNMENTS:
        for i, group in enumerate(pack(assignment)):
            diagnosed = diagnoses_of(by_student[(assignment, f"mutant{i:02d}")])
            missing = [m.mistake for m in group if m.question not in diagnosed]
            assert not missing, f"{assignment} mutant{i:02d}: {missing} not diagnosed"


@pytest.mark.batch(FAST)
def test_a_second_run_grades_only_what_is_new_or_forced(class_batches):
    course, first, results = class_batches(FAST)
    full_marks = results["rnn_fundamentals"]["reference"].max_total
    again = grade_class(course, mode="fast", workers=1, progress=False, report=False)
    assert [r["student"] for r in again.graded] == [MISSING]  # never graded: tried again
    assert again.skipped == len(first.graded) - 1
    grading.submit(course, "rnn_fundamentals", "latecomer",
                   submissions.correct("rnn_fundamentals"))
    late = grade_class(course, ["rnn_fundamentals"], mode="fast", workers=1, progress=False,
                       report=False, students=["latecomer"])
    assert [(r["student"], r["status"], r["total"]) for r in late.graded] == \
        [("latecomer", GRADED, full_marks)]
    forced = grade_class(course, ["rnn_fundamentals"], mode="fast", workers=1,
                         progress=False, report=False, students=["latecomer"], force=True)
    assert [r["student"] for r in forced.graded] == ["latecomer"]
    # training results live for one run: each run had a cache folder of its own, and
    # none is left for a later run (with other suites or libraries) to read
    runs = [json.loads(line) for line in
            (first.run_dir / "runs.jsonl").read_text().splitlines()]
    # (the batch's own first run shares a kept folder with the full-mode batch)
    caches = [run["training_cache"] for run in runs
              if Path(run["training_cache"]).parent == first.run_dir / "training-cache"]
    assert len(caches) >= 3 and len(set(caches)) == len(caches), caches
    assert not [c for c in caches if Path(c).exists()], caches
