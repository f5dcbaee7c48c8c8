"""Grade submissions through real ``nbgrader autograde`` in a scratch course.

Used by the pipeline tests and the main job (`tools.sample_grading`). The scratch course links to this
repository's ``source/`` and ``autograder/`` and starts from a copy of the
committed ``gradebook.db``, so grading never touches committed files.
"""
from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

from autograder.harness.quiet import child_environment
from autograder.course import ROOT


@dataclasses.dataclass
class Graded:
    scores: dict[str, float]      # grade_id -> auto score
    points: dict[str, float]      # grade_id -> max score
    reports: dict[str, str]       # grade_id -> feedback text of that test cell

    @property
    def total(self) -> float:
        return sum(self.scores.values())

    @property
    def max_total(self) -> float:
        return sum(self.points.values())


def make_course(path: Path) -> Path:
    """A scratch course root sharing this repository's source and grading code."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", path / "nbgrader_config.py")
    shutil.copy(ROOT / "gradebook.db", path / "gradebook.db")
    for name in ("source", "autograder", "assignments"):
        link = path / name
        if not link.exists():
            link.symlink_to(ROOT / name, target_is_directory=True)
    return path


def submit(course: Path, assignment: str, student: str, notebook) -> None:
    """Place a submission: a notebook dict, raw text/bytes, or None for an empty folder."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{assignment}.ipynb"
    if isinstance(notebook, dict):
        target.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    elif isinstance(notebook, str):
        target.write_text(notebook, encoding="utf-8")
    elif isinstance(notebook, bytes):
        target.write_bytes(notebook)


def nbgrader(course: Path, *args: str, check: bool = True, env: dict | None = None
             ) -> subprocess.CompletedProcess:
    """``nbgrader ARGS`` in ``course``; ``env`` adds to this process's environment."""
    env = child_environment(**(env or {}))
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n"
                           f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return proc


def autograde(course: Path, assignment: str, *extra: str, env: dict | None = None
              ) -> subprocess.CompletedProcess:
    return nbgrader(course, "autograde", assignment, "--force", *extra, env=env)


def results(course: Path, assignment: str) -> dict[str, Graded]:
    """Scores from the gradebook and reports from the autograded notebooks."""
    from nbgrader.api import Gradebook

    from autograder.classgrade.gradebook import graded_cell_scores
    from autograder.course import check_question
    from autograder.harness.notebook import grade_id
    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for submission in gb.assignment_submissions(assignment):
            student = submission.student.id
            cells = graded_cell_scores(submission)
            scores = {k: s for k, (s, _) in cells.items()}
            points = {k: m for k, (_, m) in cells.items()}
            reports = {}
            graded = course / "autograded" / student / assignment / f"{assignment}.ipynb"
            if graded.exists():
                nb_json = json.loads(graded.read_text(encoding="utf-8"))
                for cell in nb_json["cells"]:
                    gid = grade_id(cell)
                    if check_question(gid) is not None:
                        reports[gid] = "".join(
                            "".join(o.get("text", "")) for o in cell.get("outputs", [])
                            if o.get("output_type") == "stream")
            out[student] = Graded(scores, points, reports)
    return out


def record_verdict(course: Path, assignment: str, student: str, nb, verdict) -> Path:
    """What ``nbgrader autograde`` makes of the notebook ``nb`` when the judge says
    ``verdict``, without executing or judging it (seconds, not minutes): the submission
    and its time from ``submitted/<student>/<assignment>/timestamp.txt`` as nbgrader
    reads them, then the course's ``JudgeTestCells``, nbgrader's ``SaveAutoGrades`` and
    ``AssignLatePenalties`` (under the course config's late policy), and the autograded
    notebook written where formgrader and ``generate_feedback`` look. Returns its path.
    For tests of what comes after grading: formgrader, the gradebook, the class report."""
    import nbformat
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    from autograder.classgrade.pipeline import course_config
    from autograder.preprocessors.judge_test_cells import PENDING, JudgeTestCells
    url = f"sqlite:///{course / 'gradebook.db'}"
    timestamp = CourseDirectory().get_existing_timestamp(
        str(course / "submitted" / student / assignment))
    with Gradebook(url) as gb:
        gb.update_or_create_student(student)
        gb.update_or_create_submission(assignment, student, timestamp=timestamp)
    ids = {"assignment": assignment, "notebook": assignment, "student": student, "db_url": url}
    config = course_config(course)
    JudgeTestCells(config=config).preprocess(nb, {"nbgrader": ids, PENDING: lambda: verdict})
    SaveAutoGrades(config=config).preprocess(nb, {"nbgrader": ids})
    AssignLatePenalties(config=config).preprocess(nb, {"nbgrader": ids})
    folder = course / "autograded" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{assignment}.ipynb")
    return folder / f"{assignment}.ipynb"
