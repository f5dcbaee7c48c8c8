"""Every assignment through real ``nbgrader autograde``, one class batch each.

The batch holds the reference solution (twice, as two students), the untouched
release, every mutant of the assignment's corpus (packed so that mutants in one
notebook do not interfere) and, where defined, cheating submissions. One
``nbgrader autograde`` run grades them all.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import hostile
from tools import grading
from tests.mutants import load, pack
from tools import release, submissions

ASSIGNMENTS = [a for a in release.available() if (release.ROOT / "tests" / "mutants" /
                                                  f"{a}.py").exists()]


def _grade_batch(course, assignment):
    correct = submissions.correct(assignment)
    grading.submit(course, assignment, "reference", correct)
    grading.submit(course, assignment, "reference_twin", correct)
    grading.submit(course, assignment, "blank", submissions.released_notebook(assignment))
    groups = pack(assignment)
    for i, group in enumerate(groups):
        grading.submit(course, assignment, f"mutant{i:02d}", submissions.mutate(correct, group))
    for name, nb in hostile.cheaters(assignment).items():
        grading.submit(course, assignment, name, nb)
    grading.autograde(course, assignment)
    return course, groups, grading.results(course, assignment)


@pytest.fixture(scope="session")
def graded_batches(tmp_path_factory, request):
    """Grades every assignment's batch, two nbgrader runs at a time (one per core)."""
    wanted = sorted({item.callspec.params["assignment"] for item in request.session.items
                     if hasattr(item, "callspec") and "graded_batches" in item.fixturenames
                     and "assignment" in item.callspec.params})
    pool = ThreadPoolExecutor(max_workers=2)
    futures = {a: pool.submit(_grade_batch, grading.make_course(
        tmp_path_factory.mktemp(f"course-{a}")), a) for a in wanted}
    yield lambda assignment: futures[assignment].result()
    pool.shutdown(cancel_futures=True)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_scores_full_marks(graded_batches, assignment):
    _, _, results = graded_batches(assignment)
    ref = results["reference"]
    assert ref.scores, "no grade cells were scored"
    lost = {k: v for k, v in ref.scores.items() if v != ref.points[k]}
    assert not lost, "\n\n".join(ref.reports[k] for k in lost)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_scores_zero(graded_batches, assignment):
    _, _, results = graded_batches(assignment)
    blank = results["blank"]
    assert blank.scores and blank.total == 0, blank.scores
    for grade_id, text in blank.reports.items():
        assert "not implemented yet" in text, text


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_same_submission_same_score(graded_batches, assignment):
    _, _, results = graded_batches(assignment)
    assert results["reference"].scores == results["reference_twin"].scores


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_mutant_loses_points_with_a_named_mistake(graded_batches, assignment):
    _, groups, results = graded_batches(assignment)
    assert sum(len(g) for g in groups) == len(load(assignment)) >= 15
    problems = []
    for i, group in enumerate(groups):
        graded = results[f"mutant{i:02d}"]
        for m in group:
            grade_id = f"check_{m.question}"
            if graded.scores[grade_id] >= graded.points[grade_id]:
                problems.append(f"{m.mistake}: no points lost on {m.question}")
            elif m.message.lower() not in graded.reports[grade_id].lower():
                problems.append(f"{m.mistake}: feedback does not say {m.message!r}:\n"
                                f"{graded.reports[grade_id]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("assignment", [a for a in ASSIGNMENTS if hostile.cheaters(a)])
def test_cheaters_earn_nothing_for_wrong_answers(graded_batches, assignment):
    _, _, results = graded_batches(assignment)
    for name, questions in hostile.cheated_questions(assignment).items():
        graded = results[name]
        for q in questions:
            assert graded.scores[f"check_{q}"] == 0, (name, q, graded.reports[f"check_{q}"])
