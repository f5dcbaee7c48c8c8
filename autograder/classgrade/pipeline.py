"""The course's nbgrader configuration (and the assignments its gradebook holds), and how
class grading rewrites its pipeline.

A worker runs the ``Autograde`` preprocessors ``nbgrader_config.py`` lists, adapted
to the mode: ``full`` starts judging before the execute step (``StartJudge``), so
the two run side by side; ``fast`` leaves the execute step out. Both time the
gradebook writes (``TimedSaveAutoGrades`` in place of nbgrader's ``SaveAutoGrades``).
"""
from __future__ import annotations

from pathlib import Path

MODES = ("full", "fast")
EXECUTE_STEPS = ("autograder.preprocessors.SealedExecute", "nbgrader.preprocessors.Execute")
START_JUDGE = "autograder.preprocessors.StartJudge"
SAVE_GRADES = "nbgrader.preprocessors.SaveAutoGrades"
TIMED_SAVE = "autograder.classgrade.worker.TimedSaveAutoGrades"


def course_config(course: Path):
    """The traitlets config of the course folder's ``nbgrader_config.py``."""
    from traitlets.config.loader import PyFileConfigLoader
    path = course / "nbgrader_config.py"
    if not path.exists():
        raise FileNotFoundError(f"{course} has no nbgrader_config.py: is it a course folder?")
    return PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()


def course_assignments(course: Path) -> tuple[list[str], str, str]:
    """The assignments of the course's gradebook (where ``nbgrader generate_assignment``
    puts them; nbgrader 0.9 has no config option for them), in teaching order, and
    the course id and gradebook URL its config declares."""
    config = course_config(course)
    course_id = config.CourseDirectory.get("course_id", "default_course")
    from autograder.classgrade import gradebook
    url = config.CourseDirectory.get("db_url", "") or gradebook.default_url(course)
    return gradebook.assignment_names(url, course_id), course_id, url


def _name(step) -> str:
    return step if isinstance(step, str) else f"{step.__module__}.{step.__name__}"


def mode_preprocessors(configured, mode: str) -> list[str]:
    """The course's autograde preprocessors, adapted to ``mode``."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    steps = []
    for step in map(_name, configured):
        if step in EXECUTE_STEPS:
            if mode == "fast":
                continue
            steps.append(START_JUDGE)
        steps.append(TIMED_SAVE if step == SAVE_GRADES else step)
    return steps
