"""Every assignment through real ``nbgrader autograde``, one class batch each.

The batch holds the reference solution, the untouched release, the first pack of
mutants (mutants of different questions in one notebook), where defined cheating
submissions, and for ``rnn_fundamentals`` two other styles (``tests/batches.py``). One
``nbgrader autograde`` run grades them all. The whole mutant corpus, the twins and the
other styles are judged from ``classgrade:fast``, which grades every pipeline
submission and scores exactly as these plain runs where both grade
(``tests/test_classgrade.py``).
"""
from __future__ import annotations

import pytest

from tests import hostile
from tests.batches import CLASSGRADE, PLAIN_STYLES, STYLED
from authoring.mutants import load, pack
from autograder.course import ASSIGNMENTS



@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_scores_full_marks(class_batches, assignment):
    _, _, results = class_batches(assignment)
    ref = results["reference"]
    assert ref.scores, "no grade cells were scored"
    lost = {k: v for k, v in ref.scores.items() if v != ref.points[k]}
    assert not lost, "\n\n".join(ref.reports[k] for k in lost)


FAST, FULL = CLASSGRADE


@pytest.mark.batch(FAST, FULL)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_correct_answers_in_other_styles_score_full_marks(class_batches, assignment):
    """Loops or vectorised, own helpers, Sequential or functional Keras (authoring/styles):
    in the plain run where it grades them, and in class grading."""
    graded_by = {key: class_batches(key)[2][assignment] for key in CLASSGRADE}
    if assignment in PLAIN_STYLES:
        graded_by[assignment] = class_batches(assignment)[2]
    for key, results in graded_by.items():
        for student in (s for s in STYLED if s in results):
            graded = results[student]
            lost = {k: v for k, v in graded.scores.items() if v != graded.points[k]}
            assert graded.scores and not lost, (key, student,
                                                "\n\n".join(graded.reports[k] for k in lost))
    assert all(s in graded_by[FAST] for s in STYLED)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_scores_zero(class_batches, assignment):
    _, _, results = class_batches(assignment)
    blank = results["blank"]
    assert blank.scores and blank.total == 0, blank.scores
    for grade_id, text in blank.reports.items():
        assert "not implemented yet" in text, text


@pytest.mark.batch(FAST)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_same_submission_same_score(class_batches, assignment):
    results = class_batches(FAST)[2][assignment]
    assert results["reference"].scores == results["reference_twin"].scores


@pytest.mark.batch(FAST)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_mutant_loses_points_with_a_named_mistake(class_batches, assignment):
    groups, results = pack(assignment), class_batches(FAST)[2][assignment]
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
            for kept in (f"check_{q}" for q in m.keeps):  # one mistake, one penalty
                if graded.scores[kept] < graded.points[kept]:
                    problems.append(f"{m.mistake}: {kept} lost points:\n{graded.reports[kept]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("assignment", [a for a in ASSIGNMENTS if hostile.cheaters(a)])
def test_cheaters_earn_nothing_for_wrong_answers(class_batches, assignment):
    _, _, results = class_batches(assignment)
    for name, questions in hostile.cheated_questions(assignment).items():
        graded = results[name]
        for q in questions:
            assert graded.scores[f"check_{q}"] == 0, (name, q, graded.reports[f"check_{q}"])
