"""What an instructor meets in formgrader, through the code its buttons call.

formgrader's buttons call nbgrader's ``NbGraderAPI`` with the course's configuration
(``nbgrader/server_extensions/formgrader/apihandlers.py``): "Generate" is
``generate_assignment``, "Release" is ``release_assignment``.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from autograder.classgrade.pipeline import course_config
from autograder.course import release_folder, release_notebook
from autograder.harness_copies import HARNESS
from tools.release import ROOT, tree_diff

A = "rnn_fundamentals"


def _course(path: Path) -> Path:
    """A scratch course whose release folder is its own (generating replaces it)."""
    path.mkdir(parents=True)
    for name in ("nbgrader_config.py", "gradebook.db"):
        shutil.copy(ROOT / name, path / name)
    for name in ("source", "autograder"):
        (path / name).symlink_to(ROOT / name, target_is_directory=True)
    return path


def _api(course: Path, exchange: Path, **overrides):
    """nbgrader's API as formgrader builds it: the course config, course root, exchange."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    config = course_config(course)
    config.CourseDirectory.root = str(course)
    config.Exchange.root = str(exchange)
    for name, value in overrides.items():
        section, trait = name.split("__")
        setattr(config[section], trait, value)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _same_package(copy: Path) -> bool:
    """``copy`` holds the public checking package, file for file."""
    return not tree_diff(HARNESS, copy, "_harness")


def test_generate_and_release_buttons_ship_the_harness(tmp_path, monkeypatch):
    """The release folder and the exchange both get ``_harness``, which every check cell
    imports; with nbgrader's own release plugin the exchange would lack it."""
    course = _course(tmp_path / "course")
    exchange = tmp_path / "exchange"
    monkeypatch.chdir(course)
    api = _api(course, exchange)
    generated = api.generate_assignment(A)
    assert generated["success"], generated.get("error")
    assert _same_package(release_folder(A, course) / "_harness")
    assert release_notebook(A, course).exists()

    released = api.release_assignment(A)
    assert released["success"], released.get("error")
    outbound = exchange / "rnn-week4-day1" / "outbound" / A
    assert _same_package(outbound / "_harness")
    assert (outbound / f"{A}.ipynb").exists()

    # the other side: nbgrader's plugin, with the course's ignore list, leaves it out
    plain = _api(course, tmp_path / "plain_exchange", ExchangeFactory__release_assignment=
                 "nbgrader.exchange.default.ExchangeReleaseAssignment")
    assert plain.release_assignment(A)["success"]
    plain_outbound = tmp_path / "plain_exchange" / "rnn-week4-day1" / "outbound" / A
    assert (plain_outbound / f"{A}.ipynb").exists()
    assert not (plain_outbound / "_harness").exists()


def _formgrader_page(course: Path, notebook: Path, student: str) -> str:
    """The submission view's HTML, rendered as formgrader renders it: its own
    ``HTMLExporter``, built from formgrader's configuration in the course folder
    (``SubmissionHandler.get``)."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader.formgrader import FormgradeExtension
    formgrader = FormgradeExtension()
    formgrader.initialize([])
    assert Path(formgrader.coursedir.root) == course
    resources = {"assignment_id": A, "notebook_id": A, "submission_id": "s1", "index": 0,
                 "total": 1, "base_url": "", "student": student, "last_name": None,
                 "first_name": None, "notebook_path": str(notebook)}
    page, _ = HTMLExporter(config=formgrader.config).from_filename(str(notebook),
                                                                   resources=resources)
    return page


def _cell_html(page: str, grade_id: str) -> str:
    """The HTML of one cell of formgrader's page, from its score box to the next cell."""
    return page.split(f'id="{grade_id}"', 1)[1].split('<div class="cell ', 1)[0]


def test_formgrader_shows_the_score_labelled_and_nbgrader_still_reads_it(tmp_path,
                                                                        monkeypatch):
    """A check cell's last output is the score: nbgrader's own SaveAutoGrades records
    it as partial credit, and formgrader's submission view (which the feedback
    template once broke) shows it as a labelled score, not a bare number. The verdict
    is made up (1 check of 7 passed): what is tested is the cell's output, not the judge."""
    import re

    import nbformat
    from nbgrader.api import Gradebook

    from authoring import submissions
    from autograder.verdict import QuestionVerdict, Verdict
    from tools import grading

    student, grade_id = "eve", "check_rnn_cell_forward"
    nb = nbformat.from_dict(submissions.correct(A))
    points = float(next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get(
        "grade_id") == grade_id).metadata.nbgrader.points)
    score = points / 7
    verdict = Verdict(questions={grade_id: QuestionVerdict(
        score, points, "rnn_cell_forward: 1/7 checks passed")})
    course = grading.make_course(tmp_path / "course")
    notebook = grading.record_verdict(course, A, student, nb, verdict)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade(grade_id, A, A, student)
        assert 0 < grade.auto_score == score < grade.max_score  # partial credit

    monkeypatch.chdir(course)
    cell = _cell_html(_formgrader_page(course, notebook, student), grade_id)
    shown = f"{round(score, 2):g}"
    result = cell.split("output_execute_result", 1)[1].split("</div>", 1)[0]
    assert f"Score from the checks: <b>{shown}</b> of {grade.max_score:g} points" in result
    assert "&lt;" not in result, result  # no markup shown as text (the sanitizer's)
    bare = re.compile(rf"<pre>\s*{re.escape(repr(score))}\s*</pre>")
    assert not bare.search(cell), cell[-600:]

    # the other side: the score alone, as nbgrader needs it, is a bare number there
    for output in nb.cells[[c.metadata.get("nbgrader", {}).get("grade_id")
                            for c in nb.cells].index(grade_id)].outputs:
        output.get("data", {}).pop("text/html", None)
    nbformat.write(nb, notebook)
    assert bare.search(_cell_html(_formgrader_page(course, notebook, student), grade_id))
