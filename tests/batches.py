"""The class batches the tests grade (see conftest.py for scheduling).

* one plain, sequential ``nbgrader autograde`` run per assignment (the pipeline): the
  reference, the untouched release, the cheaters and the first mutant pack, and for
  ``rnn_fundamentals`` two other styles (``plain_student``), with the warm judge of
  class grading (``WARM_JUDGE``: judged in the nbgrader process, students forked warm).
  The course's configuration as it ships (a judge process and a cold student process
  per notebook) is graded by the seal batches below, honest students included, and by
  ``tests/test_interrupted_grading.py``;
* the hostile batch (broken and hostile ``rnn_fundamentals`` submissions), graded by
  the class-grading command in full mode (warm student processes);
* ``classgrade:fast`` and ``classgrade:full``: the pipeline submissions of all four
  assignments, every mutant pack included (full mode: a subset that covers each),
  graded by the class-grading command, compared with the plain runs on the students
  both grade; the mutant corpus, the twins and the other styles of the Keras
  assignments are judged from ``classgrade:fast`` (proven equal to plain nbgrader where
  both grade, a mutant pack included);
* ``seal:*``: attacks on the grading seal (``tests/seal_attacks.py``), each in a small
  course of its own.

Every batch that trains shares one training cache (``TRAINING_CACHE``), as the workers
of one class-grading run do: an architecture is trained once per session, whichever
batch reaches it first (the others wait for its verdict). That a remembered verdict is
the one a fresh training gives is ``tests/test_training_cache.py``'s.
"""
from __future__ import annotations

import json

from tests import hostile
from authoring import styles
from authoring.mutants import pack
from autograder.course import ASSIGNMENTS
from tools import grading
from authoring import submissions

HOSTILE = "hostile:rnn_fundamentals"
CLASSGRADE = {"classgrade:fast": "fast", "classgrade:full": "full"}
MISSING = "no_notebook"  # a class-grading student who submitted an empty folder
TRAINING_CACHE = "training-cache"  # beside the batches' courses, shared by all of them


# wall seconds each batch takes in a fresh-clone test run on 2 cores (three batches at a
# time), to start the longest first: a long batch started last would run on alone at
# the end (from the last loaded run, scaled: the order is what counts)
MEASURED_SECONDS = {
    "classgrade:fast": 900, HOSTILE: 450, "classgrade:full": 400, "seal:nbgrader": 310,
    "rnn_fundamentals": 300, "rnn_architectures_part1": 300, "rnn_architectures_part2": 200,
    "rnn_variants_overview": 150, "seal:links": 125, "seal:classgrade": 90,
    "seal:timeouts": 80, "seal:unsealed": 40, "seal:failclosed": 15}


def expected_cost(key: str) -> float:
    """Seconds a batch is expected to take (unknown batches: a middling guess)."""
    return MEASURED_SECONDS.get(key, 300)


def grade(key: str, course):
    if key.startswith("seal:"):  # attacks on the grading seal (tests/test_seal_attacks.py)
        from tests import seal_attacks
        return seal_attacks.grade(key, course)
    if key == HOSTILE:
        return hostile_batch(course)
    if key in CLASSGRADE:
        return classgrade_batch(CLASSGRADE[key], course)
    return pipeline_batch(key, course)


STYLED = ("styled_a", "styled_b")  # correct students who wrote every answer their own way


def pipeline_submissions(assignment: str) -> tuple[dict, list]:
    """student -> notebook: reference (twice), two students in other styles, untouched
    release, packed mutants, cheaters."""
    correct = submissions.correct(assignment)
    out = {"reference": correct, "reference_twin": correct,
           "blank": submissions.released_notebook(assignment)}
    for k, student in enumerate(STYLED):
        out[student] = styles.styled(assignment, k)
    groups = pack(assignment)
    for i, group in enumerate(groups):
        out[f"mutant{i:02d}"] = submissions.mutate(correct, group)
    out.update(hostile.cheaters(assignment))
    return out, groups


# graded by nbgrader autograde with the judge class-grading workers use (in the nbgrader
# process, students forked warm): a cold judge and student process per notebook imports
# TensorFlow twice more per student (about 12 s of CPU each), and the seal batches
# already grade with the configuration as it ships
WARM_JUDGE = ("--JudgeTestCells.in_process=True", "--GradingSeal.warm_start=True")


# a plain run executes every notebook in a fresh kernel, where class grading (proven
# equal on the students both grade) judges the whole corpus in a fraction of the time:
# it grades the reference, the untouched release, the cheaters and the first mutant
# pack everywhere, and the students in other styles where the course's shipped
# configuration grades (the other assignments' styles: class grading, in both modes)
PLAIN_STUDENTS = ("reference", "blank", "mutant00")
PLAIN_STYLES = ("rnn_fundamentals",)


def plain_student(assignment: str, student: str) -> bool:
    return (student in PLAIN_STUDENTS or student.startswith("cheat_")
            or (student in STYLED and assignment in PLAIN_STYLES))


def pipeline_batch(assignment: str, course):
    """All of ``pipeline_submissions`` in one plain ``nbgrader autograde`` run, with the
    session's training cache (``autograder/training_cache.py``, which an instructor can
    switch on for plain nbgrader the same way)."""
    from autograder import training_cache
    notebooks, groups = pipeline_submissions(assignment)
    for student, nb in notebooks.items():
        if plain_student(assignment, student):
            grading.submit(course, assignment, student, nb)
    grading.autograde(course, assignment, *WARM_JUDGE,
                      env={training_cache.ENV: str(course.parent / TRAINING_CACHE)})
    return course, groups, grading.results(course, assignment)


# full mode is fast mode with the notebook executed first (what costs): it is compared
# with plain nbgrader on these students of every assignment, fast mode on all of them
# (an untouched release executes and scores 0 in the plain runs)
FULL_MODE_STUDENTS = ("reference", "mutant00")


def classgrade_batch(mode: str, course):
    """The pipeline submissions of every assignment (in full mode, those of
    ``FULL_MODE_STUDENTS``), graded by the class-grading command."""
    from autograder.classgrade.run import grade_class
    for assignment in ASSIGNMENTS:
        for student, nb in pipeline_submissions(assignment)[0].items():
            if mode == "fast" or student in FULL_MODE_STUDENTS:
                grading.submit(course, assignment, student, nb)
    grading.submit(course, "rnn_fundamentals", MISSING, None)
    # two workers, as on the smallest laptop
    summary = grade_class(course, mode=mode, workers=2, progress=False,
                          training_cache=course.parent / TRAINING_CACHE)
    results = {a: grading.results(course, a) for a in ASSIGNMENTS}
    return course, summary, results


# the hostile course's limits: short, so that its hung cells and calls cost seconds, and
# still far above what its honest cells need on a loaded machine
HOSTILE_CONFIG = """
c.Execute.timeout = 40
c.ExecutePreprocessor.timeout = 40
c.GradingLimits.cell_timeout = 30
c.GradingLimits.call_timeout = 15
"""


def hostile_batch(course):
    """Broken and hostile submissions of rnn_fundamentals with one correct student,
    graded by the class-grading command in full mode: nbgrader's own preprocessors
    execute each notebook, and the judge's student processes are forked one after
    another from one warm zygote, so every case also tries to reach the next student."""
    from autograder.classgrade.run import grade_class
    from tests.test_hostile_batch import A, CASES, CORRECT, NOT_NOTEBOOKS
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write(HOSTILE_CONFIG)
    for student, (nb, _) in CASES.items():
        grading.submit(course, A, student, nb)
    for student, text in NOT_NOTEBOOKS.items():
        grading.submit(course, A, student, text)
    extra = course / "submitted" / "correct" / A / "scratch.ipynb"
    extra.write_text(json.dumps(CORRECT))  # an extra notebook is ignored
    summary = grade_class(course, [A], mode="full", workers=1, progress=False, report=False)
    return course, summary, grading.results(course, A)
