"""A submission that cannot be graded says why: ``autograder/classgrade/causes.py``.

The folder checks run on small folders; the exceptions are real ones (nbformat's,
nbgrader's); one test runs real ``nbgrader autograde`` (nbgrader's API, as a worker
calls it, without TensorFlow or the judge) on broken submissions of a scratch course,
where nbgrader itself says only "Please see the the above traceback".
"""
from __future__ import annotations

import copy
import json

import pytest

from autograder.classgrade import causes
from authoring import submissions

A = "rnn_fundamentals"
NB = f"{A}.ipynb"


def folder_with(tmp_path, files: dict):
    folder = tmp_path / "submitted" / "s" / A
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    return folder


def test_wrong_missing_and_extra_notebooks_are_named(tmp_path):
    correct = json.dumps(submissions.correct(A))
    empty = causes.inspect_submission(folder_with(tmp_path / "1", {}), [NB]).cause
    assert empty == causes.Cause("no_notebook", f"expected '{NB}'; the submission "
                                                "folder is empty")
    notes = causes.inspect_submission(folder_with(tmp_path / "2", {"notes.txt": "hi"}),
                                      [NB]).cause
    assert notes.kind == "no_notebook" and "'notes.txt'" in notes.message
    renamed = causes.inspect_submission(
        folder_with(tmp_path / "3", {f"Copy of {NB}": correct, f"{A}/{NB}": correct}), [NB])
    assert renamed.cause.kind == "wrong_notebook_name"
    assert renamed.cause.message == f"expected '{NB}'; found 'Copy of {NB}', '{A}/{NB}'"
    extra = causes.inspect_submission(
        folder_with(tmp_path / "4", {NB: correct, "scratch.ipynb": correct,
                                     ".ipynb_checkpoints/x-checkpoint.ipynb": correct}), [NB])
    assert extra.cause is None and extra.extra == ["scratch.ipynb"]


@pytest.mark.parametrize("content, kind, fact", [
    ("{ this is not json", "not_json", "line 1, column 3 (character 2 of 18)"),
    ('{"cells": []\n,,', "not_json", "line 2, column 2"),
    (b'{"cells": "\xff"}', "not_json", "byte 0xff at offset 11"),
    ("[1, 2]", "not_a_notebook", f"{NB}: AttributeError"),
])
def test_an_unreadable_notebook_says_where(tmp_path, content, kind, fact):
    cause = causes.inspect_submission(folder_with(tmp_path, {NB: content}), [NB]).cause
    assert cause.kind == kind and fact in cause.message, cause


def test_answers_left_as_released_are_counted(tmp_path):
    released = submissions.released_notebook(A)
    answers = {}
    for cell in released["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            answers[meta["grade_id"]] = "".join(cell["source"])
    blank = causes.inspect_submission(folder_with(tmp_path / "1", {NB: json.dumps(released)}),
                                      [NB], {NB: answers})
    assert blank.answer_cells == len(answers) > 0
    assert blank.unanswered == sorted(answers)
    solved = causes.inspect_submission(
        folder_with(tmp_path / "2", {NB: json.dumps(submissions.correct(A))}), [NB],
        {NB: answers})
    assert solved.unanswered == []
    # a student's JSON of any shape is read without error (nbformat only warns)
    odd = {"cells": [{"metadata": "x"}, "text", {"metadata": {"nbgrader": {"grade_id": "a"}},
                                                "source": ["x\n", "y"]}]}
    assert causes.unchanged_answers(odd, {"a": "x\ny", "b": "z"}) == ["a", "b"]
    assert causes.unchanged_answers({"cells": "oops"}, {"a": "x"}) == ["a"]


def test_exceptions_are_classified_by_type_and_origin():
    import nbformat
    from nbclient.exceptions import DeadKernelError
    from nbgrader.nbgraderformat import SchemaTooNewError
    with pytest.raises(Exception) as not_json:
        nbformat.reads("{ nope", as_version=4)
    assert causes.cause_of_exception(not_json.value).kind == "not_json"
    assert causes.cause_of_exception(SchemaTooNewError("too new", 99, 3)).kind == "damaged_metadata"
    assert causes.cause_of_exception(DeadKernelError("Kernel died")).kind == "kernel_died"
    other = causes.cause_of_exception(ValueError("something else"))
    assert other == causes.Cause("grading_error", "ValueError: something else")


def _edited_flags():
    nb = copy.deepcopy(submissions.correct(A))
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "check_make_windows":
            cell["metadata"]["nbgrader"]["grade"] = False
    return nb


def test_real_nbgrader_failures_carry_their_cause(tmp_path, monkeypatch):
    """Through nbgrader's API, as a worker grades: nbgrader stops before any student
    code runs, and its own error is only "Please see the the above traceback"."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from autograder.classgrade import gradebook
    from autograder.classgrade.pipeline import course_config
    from tools import grading
    course = grading.make_course(tmp_path / "course")
    grading.submit(course, A, "not_json", "{ this is not json")
    grading.submit(course, A, "flags", _edited_flags())
    renamed = course / "submitted" / "renamed" / A
    renamed.mkdir(parents=True)
    (renamed / f"Copy of {NB}").write_text(json.dumps(submissions.correct(A)))
    nb = submissions.correct(A)
    submissions.answer_cell(nb, "make_windows")["metadata"]["nbgrader"] = "garbage"
    grading.submit(course, A, "garbage", nb)
    monkeypatch.chdir(course)
    config = course_config(course)
    config.CourseDirectory.root = str(course)
    url = gradebook.default_url(course)
    gradebook.ensure_students(url, "default_course", ["not_json", "flags", "renamed",
                                                      "garbage"])
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    released = gradebook.released_answers(url, "default_course", A)
    assert sorted(released) == [NB]

    def grade(student):
        inspection = causes.inspect_submission(course / "submitted" / student / A,
                                               sorted(released), released)
        result, raised = causes.autograde(api, A, student)
        assert not result["success"]
        assert "Please see the the above traceback" in result["error"]
        return causes.failure_cause(result, inspection, raised)

    not_json = grade("not_json")
    assert not_json.kind == "not_json" and "line 1, column 3" in not_json.message
    renamed = grade("renamed")
    assert renamed.kind == "wrong_notebook_name" and f"'Copy of {NB}'" in renamed.message
    flags = grade("flags")
    assert flags.kind == "damaged_metadata" and "check_make_windows" in flags.message
    assert grade("garbage").kind == "damaged_metadata"
