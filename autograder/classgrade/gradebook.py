"""The gradebook as class grading uses it: SQLite by default, PostgreSQL past one machine.

Workers write the same gradebook at once. SQLite serialises writers; it answers
"database is locked" only when a writer waits longer than its busy timeout, so every
SQLite URL here carries a long one. Students are created by the coordinator before
any worker starts, so two workers grading one student's two assignments never race
to insert the same student. PostgreSQL (``postgresql://...``) needs none of this.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from autograder.course import check_question

BUSY_TIMEOUT_S = 600


def default_url(course: Path) -> str:
    return f"sqlite:///{Path(course).resolve() / 'gradebook.db'}"


def shared_url(url: str) -> str:
    """``url`` made safe for many writers (a busy timeout on SQLite)."""
    if not url.startswith("sqlite"):
        return url
    base, _, query = url.partition("?")  # string surgery: urlsplit mangles sqlite:////
    params = dict(parse_qsl(query))
    params.setdefault("timeout", str(BUSY_TIMEOUT_S))
    return f"{base}?{urlencode(params)}"


def display_url(url: str) -> str:
    """The URL without a password or query, for logs and reports."""
    base = url.partition("?")[0]
    password = urlsplit(base).password if "@" in base else None
    return base.replace(f":{password}@", ":***@") if password else base


def ensure_students(url: str, course_id: str, students) -> None:
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(url, course_id) as gb:
        for student in sorted(set(students)):
            try:
                gb.find_student(student)
            except MissingEntry:
                gb.add_student(student)


def student_ids(url: str, course_id: str) -> list[str]:
    """Every student of the gradebook, whether or not they submitted anything."""
    from nbgrader.api import Gradebook
    with Gradebook(url, course_id) as gb:
        return sorted(s.id for s in gb.students)


def assignment_names(url: str, course_id: str) -> list[str]:
    """The gradebook's assignments: the course's own in teaching order, then others."""
    from nbgrader.api import Gradebook

    from autograder.course import ASSIGNMENTS
    with Gradebook(url, course_id) as gb:
        names = [a.name for a in gb.assignments]
    order = {name: i for i, name in enumerate(ASSIGNMENTS)}
    return sorted(names, key=lambda n: (order.get(n, len(order)), n))


def released_answers(url: str, course_id: str, assignment: str) -> dict[str, dict[str, str]]:
    """notebook file -> answer cell id -> its source as released (what ``nbgrader
    generate_assignment`` stored: the stub a student starts from)."""
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(url, course_id) as gb:
        try:
            notebooks = gb.find_assignment(assignment).notebooks
        except MissingEntry:
            return {}
        out = {}
        for nb in notebooks:
            solutions = {c.name for c in nb.solution_cells}
            out[f"{nb.name}.ipynb"] = {c.name: c.source for c in nb.source_cells
                                       if c.name in solutions}
        return out


def graded_cell_scores(submission) -> dict[str, tuple[float, float]]:
    """grade_id -> (auto score, max score) for the autograded check cells."""
    out = {}
    for nb in submission.notebooks:
        for grade in nb.grades:
            if grade.cell_type == "code" and check_question(grade.name) is not None:
                out[grade.name] = (float(grade.auto_score or 0.0), float(grade.max_score))
    return out


def scores_of(url: str, course_id: str, assignment: str, student: str):
    """The check scores of one submission, or None when the gradebook has none."""
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(url, course_id) as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return None
        return graded_cell_scores(submission)


def late_penalties(url: str, course_id: str, assignments) -> dict[tuple[str, str], float]:
    """(student, assignment) -> the late penalty nbgrader charged that submission
    (``AssignLatePenalties``, by the course's late policy), for each one charged."""
    from nbgrader.api import Gradebook, MissingEntry
    out = {}
    with Gradebook(url, course_id) as gb:
        for assignment in assignments:
            try:
                submissions = gb.assignment_submissions(assignment)
            except MissingEntry:
                continue
            for submission in submissions:
                penalty = float(submission.late_submission_penalty or 0.0)
                if penalty > 0:
                    out[(submission.student.id, assignment)] = penalty
    return out


def graded_students(url: str, course_id: str, assignment: str) -> set[str]:
    """Students whose submission of ``assignment`` has every check cell autograded."""
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(url, course_id) as gb:
        try:
            submissions = gb.assignment_submissions(assignment)
        except MissingEntry:
            return set()
        return {s.student.id for s in submissions
                if all(g.auto_score is not None for nb in s.notebooks for g in nb.grades
                       if g.cell_type == "code" and check_question(g.name) is not None)}


def copy_gradebook(source: str, target: str) -> int:
    """Copy every row of one gradebook into an empty one (e.g. SQLite -> PostgreSQL).

    nbgrader creates the tables; rows go in dependency order. Returns the row count.
    """
    from nbgrader.api import Base, Gradebook
    from sqlalchemy import create_engine
    with Gradebook(target):  # the schema and nbgrader's alembic stamp (and a course row)
        pass
    src, dst = create_engine(source), create_engine(target)
    copied = 0
    tables = Base.metadata.sorted_tables
    with src.connect() as read, dst.begin() as write:
        for table in tables:
            if table.name != "course" and write.execute(table.select().limit(1)).first():
                raise ValueError(f"the target gradebook is not empty (table {table.name})")
        write.execute(Base.metadata.tables["course"].delete())  # the one nbgrader added
        for table in tables:
            rows = [dict(r._mapping) for r in read.execute(table.select())]
            if rows:
                write.execute(table.insert(), rows)
                copied += len(rows)
    src.dispose()
    dst.dispose()
    return copied


# -- one submission's row, kept while it is graded again (see ``transaction.py``) --

def _values(row) -> dict:
    """The columns of a gradebook object that grading may change (not its keys), as
    JSON (a datetime as ``{"datetime": iso}``)."""
    import datetime
    out = {}
    for column in row.__table__.columns:
        if column.primary_key or column.foreign_keys:
            continue
        value = getattr(row, column.name)
        if isinstance(value, datetime.datetime):
            value = {"datetime": value.isoformat()}
        out[column.name] = value
    return out


def _restored(value):
    import datetime
    if isinstance(value, dict) and set(value) == {"datetime"}:
        return datetime.datetime.fromisoformat(value["datetime"])
    return value


def submission_row(url: str, course_id: str, assignment: str, student: str) -> dict | None:
    """Everything autograding may change about one submission (the submission, its
    notebooks, grades and comments), or None when the gradebook has no submission."""
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(url, course_id) as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return None
        rows = [submission]
        for nb in submission.notebooks:
            rows += [nb, *nb.grades, *nb.comments]
        return {"rows": [{"table": type(r).__name__, "id": r.id, "values": _values(r)}
                         for r in rows]}


def restore_submission_row(url: str, course_id: str, assignment: str, student: str,
                           saved: dict | None) -> None:
    """Put back what :func:`submission_row` saved, in one transaction; ``None`` removes
    the submission grading created (nbgrader never removes one, and never re-creates
    the rows of one that exists, so they keep their ids)."""
    from nbgrader import api
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(url, course_id) as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            submission = None
        if saved is None:
            if submission is not None:
                for nb in submission.notebooks:
                    for row in [*nb.grades, *nb.comments, nb]:
                        gb.db.delete(row)
                gb.db.delete(submission)
        else:
            for entry in saved["rows"]:
                row = gb.db.get(getattr(api, entry["table"]), entry["id"])
                if row is not None:
                    for name, value in entry["values"].items():
                        setattr(row, name, _restored(value))
        gb.db.commit()
