"""The class report: how the class scored, what it got wrong, who needs a look.

Written from the run's records (``<run>/records``) into ``<run>/report/``:
``scores.png`` (per assignment, the distribution of totals and, per question, the
share of students with full, partial and no marks), ``index.md`` and ``index.html``
(the same tables: score distributions, the most frequent failure diagnoses with the
share of students hitting each, the questions left unattempted, the students needing
attention and one row per student).

:func:`class_state` is the one account of the class: the report and the console
summary of ``python -m autograder.classgrade grade`` are both written from it, so they
agree after any sequence of runs (a resumed run reports the whole class, not only what
it graded itself).
"""
from __future__ import annotations

import html
import re
import statistics
from collections import defaultdict
from pathlib import Path

from autograder.classgrade.causes import KINDS
from autograder.classgrade.markdown import markdown_cell
from autograder.classgrade.record import GRADED, Records
from autograder.course import answer_question, check_question

TOP_DIAGNOSES = 20
NOT_ATTEMPTED = "not attempted"  # the diagnosis of a question whose answer was never written
PARAMETERS = re.compile(r" \[[^]]*\]$")  # "check name [case-id]" -> "check name"


def diagnosis(failure: dict) -> str:
    """A failed check, named by its likely mistake where the suite recognised one.

    Only the ``mistake`` the course's checks attached counts as a diagnosis, and only
    the failure's ``kind`` says it was not implemented or timed out: the message may
    quote the student's own exception text, so it is never searched (a student could
    otherwise forge "Likely mistake: ..." or "timed out" in the report).
    """
    if failure.get("mistake"):
        return str(failure["mistake"])
    kind = failure.get("kind")
    if kind == "not_implemented":
        return f"{NOT_ATTEMPTED} (still raises NotImplementedError)"
    if kind == "out_of_time":
        return "not judged (grading ran out of time)"
    if kind == "timed_out":
        return "timed out"
    return "fails: " + PARAMETERS.sub("", failure.get("check", "?"))


def diagnoses_of(record: dict) -> dict[str, set[str]]:
    """question -> what went wrong there: the recognised mistakes if any, else the
    first failed check (later checks of a question mostly fail for the same reason)."""
    found: dict[str, list[str]] = defaultdict(list)
    for failure in record.get("failures", []):
        found[failure["question"]].append(diagnosis(failure))
    out = {}
    for question, texts in found.items():
        specific = {t for t in texts if not t.startswith("fails: ")}
        out[question] = specific or {texts[0]}
    return out


def attention(record: dict) -> list[str]:
    """Why a submission needs the instructor's eyes (empty when it does not)."""
    reasons = []
    if record.get("unsealed"):
        reasons.append("graded unsealed (no sandbox on the grading machine; allowed in "
                       "nbgrader_config.py)")
    if record["status"] != GRADED:
        kind = record.get("kind", "")
        reasons.append(f"{record['status']}"
                       + (f" ({KINDS.get(kind, kind)})" if kind else "")
                       + f": {record.get('error') or 'no detail'}")
        if record.get("missing_notebook") and not kind:  # a record from before kinds
            reasons.append("notebook missing from the submission")
    elif untouched(record):
        reasons.append(f"the release handed in untouched: none of its "
                       f"{record['answer_cells']} answer cells was changed")
    elif record.get("max_total") and record.get("total", 0) <= 1e-9:
        reasons.append(f"scored 0 of {record['max_total']:g}")
    if record.get("extra_notebooks"):
        reasons.append("also handed in " + ", ".join(f"'{n}'" for n in
                                                    record["extra_notebooks"])
                       + ", which nbgrader does not grade")
    stop = record.get("execution_stopped")
    if stop:
        cell = stop.get("cell") or {}
        where = (f" at cell {cell['index'] + 1}"
                 + (f" ({cell['grade_id']})" if cell.get("grade_id") else "")
                 if "index" in cell else "")
        what = {"kernel_died": "the kernel died", "timeout": "time ran out"}.get(
            stop.get("kind"), "an error")
        reasons.append(f"executing the notebook stopped{where}: {what} "
                       f"({stop.get('message', '')}); its answers were graded all the same")
    if record.get("judge_error"):
        reasons.append(f"not judged: {record['judge_error']}")
    for cell, message in sorted(record.get("cell_errors", {}).items()):
        first_line = message.splitlines()[0][:120] if message else ""
        reasons.append(f"cell {cell} failed to run: {first_line}")
    if record.get("timed_out"):
        reasons.append("grading ran out of time: the checks not run scored 0")
    timeouts = sorted({f["question"] for f in record.get("failures", [])
                       if diagnosis(f) == "timed out"})
    if timeouts:
        reasons.append(f"timed out in {', '.join(timeouts)}")
    return reasons


def unattempted(record: dict) -> set[str]:
    """Questions whose answer cell the student left as released (the record's
    ``unanswered``); for a record from before that field, those whose checks say the
    answer still raises NotImplementedError."""
    if record.get("answer_cells"):
        return {answer_question(g) for g in record.get("unanswered") or []} - {None}
    return {q for q, texts in diagnoses_of(record).items()
            if any(t.startswith(NOT_ATTEMPTED) for t in texts)}


def untouched(record: dict) -> bool:
    """Whether the submission is the release as handed out: no answer cell changed."""
    cells = record.get("answer_cells")
    return bool(cells) and len(record.get("unanswered") or []) >= cells


def after_penalty(record: dict, penalties: dict[tuple[str, str], float]) -> float:
    """A graded submission's total less its late penalty, never below 0 (the score
    ``nbgrader export`` gives; the record keeps the total before it)."""
    penalty = penalties.get((record["student"], record["assignment"]), 0.0)
    return max(0.0, record["total"] - penalty)


def summarise(records: list[dict], assignments: list[str], roster: list[str] | None = None,
              submitted: dict[str, set[str]] | None = None,
              penalties: dict[tuple[str, str], float] | None = None) -> dict:
    """The report's figures from ``records`` in their JSON form (``Records.all``), where
    a key a record lacks means nothing happened there (see ``GradeRecord``).

    ``roster`` is the class (students beyond those with records) and ``submitted`` the
    students who handed in each assignment (by default, those with a record): a
    submission with no record yet counts as not graded yet. ``penalties`` are the late
    penalties nbgrader charged, by (student, assignment): totals are after them (question
    scores are not: they say what the class got right)."""
    records = [r for r in records if r["assignment"] in assignments]
    penalties = penalties or {}
    students = sorted(set(roster or []) | {r["student"] for r in records}
                      | {s for who in (submitted or {}).values() for s in who})
    by_assignment = {a: [r for r in records if r["assignment"] == a] for a in assignments}
    out = {"assignments": {}, "diagnoses": [], "not_attempted": [], "attention": [],
           "late": [], "students": [], "class_size": len(students)}
    for assignment, recs in by_assignment.items():
        graded = [r for r in recs if r["status"] == GRADED and r.get("scores")]
        handed_in = set((submitted or {}).get(assignment, set())) | {r["student"] for r in recs}
        questions: dict[str, dict] = {}
        for r in graded:
            for grade_id, score in r["scores"].items():
                q = questions.setdefault(check_question(grade_id),
                                         {"points": r["points"][grade_id], "scores": []})
                q["scores"].append(score)
        totals = [after_penalty(r, penalties) for r in graded]
        late = [r for r in graded if (r["student"], assignment) in penalties]
        out["late"] += [{"student": r["student"], "assignment": assignment,
                         "score": r["total"], "penalty": penalties[(r["student"], assignment)],
                         "total": after_penalty(r, penalties)} for r in late]
        out["assignments"][assignment] = {
            "submissions": len(handed_in), "graded": len(graded), "late": len(late),
            "failed": sum(r["status"] != GRADED for r in recs),
            "pending": len(handed_in - {r["student"] for r in recs}),
            "max_total": max((r["max_total"] or 0 for r in graded), default=0),
            "totals": totals, "questions": questions}
        found: dict[tuple, set] = defaultdict(set)
        skipped: dict[str, set] = defaultdict(set)
        for r in graded:
            left = unattempted(r)
            for question, texts in diagnoses_of(r).items():
                if question in left:
                    # an untouched release is under "needs attention" as a whole
                    if not untouched(r):
                        skipped[question].add(r["student"])
                    continue
                for text in texts:
                    found[(question, text)].add(r["student"])
        for (question, text), who in found.items():
            out["diagnoses"].append({"assignment": assignment, "question": question,
                                     "diagnosis": text, "students": len(who),
                                     "share": len(who) / len(graded)})
        for question, who in skipped.items():
            out["not_attempted"].append({"assignment": assignment, "question": question,
                                         "students": len(who),
                                         "share": len(who) / len(graded)})
    for key in ("diagnoses", "not_attempted"):
        out[key].sort(key=lambda d: (-d["share"], -d["students"], d["assignment"],
                                     d["question"]))
    for r in records:
        reasons = attention(r)
        if reasons:
            out["attention"].append({"student": r["student"], "assignment": r["assignment"],
                                     "reasons": reasons})
    out["attention"].sort(key=lambda a: (a["student"], a["assignment"]))
    out["late"].sort(key=lambda a: (a["student"], a["assignment"]))
    out["students"] = _student_rows(students, records, out, submitted or {}, penalties)
    return out


def late_note(late: dict) -> str:
    """How a late submission's total came about, e.g. "75.00 less 25.00 late penalty"."""
    return f"{late['score']:.2f} less {late['penalty']:.2f} late penalty"


def _student_rows(students: list[str], records: list[dict], summary: dict,
                  submitted: dict[str, set[str]],
                  penalties: dict[tuple[str, str], float]) -> list[dict]:
    """One row per student: what each assignment came to (after any late penalty, which
    the cell shows), the total and a status."""
    late = {(x["student"], x["assignment"]): x for x in summary["late"]}
    by_key = {(r["student"], r["assignment"]): r for r in records}
    flagged = {(a["student"], a["assignment"]) for a in summary["attention"]}
    rows = []
    for student in students:
        cells, total, missing, pending, attention_in = {}, 0.0, [], [], []
        for assignment in summary["assignments"]:
            r = by_key.get((student, assignment))
            if r is None:
                if student in submitted.get(assignment, ()):
                    cells[assignment] = "not graded yet"
                    pending.append(assignment)
                else:
                    cells[assignment] = "not submitted"
                    missing.append(assignment)
                continue
            if r["status"] == GRADED:
                cells[assignment] = f"{after_penalty(r, penalties):.2f}"
                if (student, assignment) in late:
                    cells[assignment] += f" ({late_note(late[(student, assignment)])})"
                total += after_penalty(r, penalties)
            else:
                cells[assignment] = r["status"]
            if (student, assignment) in flagged:
                attention_in.append(assignment)
                cells[assignment] += " (!)"
        status = []
        if attention_in:
            status.append(f"needs attention: {', '.join(attention_in)}")
        if pending:  # which ones: the row's cells say
            status.append(f"{len(pending)} not graded yet")
        if missing:
            status.append(f"{len(missing)} not submitted")
        rows.append({"student": student, "assignments": cells, "total": total,
                     "status": "; ".join(status) or "ok"})
    return rows


def assignment_line(assignment: str, s: dict, class_size: int) -> str:
    """One assignment's state in a line (the report's heading, the console's line)."""
    line = f"{assignment}: {s['submissions']} of {class_size} submitted"
    if s["submissions"]:
        line += f", {s['graded']} graded"
    if s["failed"]:
        line += f", {s['failed']} failed"
    if s["pending"]:
        line += f", {s['pending']} not graded yet"
    if s["totals"]:
        line += (f", mean {statistics.mean(s['totals']):.2f}, median "
                 f"{statistics.median(s['totals']):.2f} of {s['max_total']:g}")
    if s.get("late"):
        line += f", after {s['late']} late penalt{'y' if s['late'] == 1 else 'ies'}"
    return line


def class_state(run_dir: Path, assignments: list[str], course: Path | None = None) -> dict:
    """The class as the records of ``run_dir`` and, with ``course``, its submitted
    folders and gradebook show it (``summarise``'s figures)."""
    records = Records(Path(run_dir)).all(assignments)
    if course is None:
        return summarise(records, assignments)
    folder = Path(course) / "submitted"
    submitted = {a: {p.parent.name for p in folder.glob(f"*/{a}") if p.is_dir()}
                 for a in assignments} if folder.is_dir() else {}
    from autograder.classgrade import gradebook
    from autograder.classgrade.pipeline import course_assignments
    _, course_id, url = course_assignments(Path(course))
    # the roster (``nbgrader db student add``) and the late penalties nbgrader charged
    return summarise(records, assignments, gradebook.student_ids(url, course_id), submitted,
                     gradebook.late_penalties(url, course_id, assignments))


def _shares(scores: list[float], points: float) -> tuple[float, float, float]:
    n = len(scores) or 1
    full = sum(s >= points - 1e-9 for s in scores) / n
    zero = sum(s <= 1e-9 for s in scores) / n
    return full, 1 - full - zero, zero


def plot(summary: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [(a, s) for a, s in summary["assignments"].items() if s["graded"]]
    rows = max(1, len(shown))
    fig, axes = plt.subplots(rows, 2, figsize=(12, 3.2 * rows), squeeze=False,
                             gridspec_kw={"width_ratios": [1, 1.6]})
    for (assignment, s), (left, right) in zip(shown, axes):
        left.hist(s["totals"], bins=min(20, max(5, len(set(s["totals"])))),
                  range=(0, s["max_total"] or 1), color="#4c72b0")
        left.set_title(f"{assignment}: totals (n={s['graded']})", fontsize=10)
        left.set_xlabel(f"score out of {s['max_total']:g}")
        left.set_ylabel("students")
        names = list(s["questions"])
        shares = [_shares(q["scores"], q["points"]) for q in s["questions"].values()]
        y = range(len(names))
        full = [x[0] for x in shares]
        partial = [x[1] for x in shares]
        zero = [x[2] for x in shares]
        right.barh(y, full, color="#55a868", label="full marks")
        right.barh(y, partial, left=full, color="#dd8452", label="partial")
        right.barh(y, zero, left=[f + p for f, p in zip(full, partial)], color="#c44e52",
                   label="no marks")
        right.set_yticks(list(y), names, fontsize=8)
        right.invert_yaxis()
        right.set_xlim(0, 1)
        right.set_xlabel("share of students")
        right.set_title(f"{assignment}: per question", fontsize=10)
    if shown:  # one legend above the panels, clear of the bars
        handles, labels = axes[0][1].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", ncol=3, fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / (3.2 * rows)))
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _tables(summary: dict) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) for every table of the report, shared by both formats."""
    tables = []
    for assignment, s in summary["assignments"].items():
        rows = []
        for question, q in s["questions"].items():
            full, partial, zero = _shares(q["scores"], q["points"])
            rows.append([question, f"{q['points']:g}", f"{statistics.mean(q['scores']):.2f}",
                         f"{full:.0%}", f"{partial:.0%}", f"{zero:.0%}"])
        tables.append((assignment_line(assignment, s, summary["class_size"]),
                       ["question", "points", "mean", "full", "partial", "zero"], rows))
    rows = [[f"{d['share']:.0%} ({d['students']})", d["assignment"], d["question"],
             d["diagnosis"]] for d in summary["diagnoses"][:TOP_DIAGNOSES]]
    tables.append(("Most frequent mistakes", ["students", "assignment", "question",
                                              "diagnosis"], rows))
    rows = [[f"{d['share']:.0%} ({d['students']})", d["assignment"], d["question"]]
            for d in summary["not_attempted"]]
    tables.append(("Questions not attempted (the answer still raises NotImplementedError; "
                   "untouched releases are under needs attention)",
                   ["students", "assignment", "question"], rows))
    rows = [[a["student"], a["assignment"], "; ".join(a["reasons"])]
            for a in summary["attention"]]
    tables.append((f"Students needing attention ({len(rows)})",
                   ["student", "assignment", "why"], rows))
    if summary["late"]:
        rows = [[x["student"], x["assignment"], f"{x['score']:.2f}", f"{x['penalty']:.2f}",
                 f"{x['total']:.2f}"] for x in summary["late"]]
        tables.append((f"Late submissions ({len(rows)}): nbgrader's late penalty, taken off "
                       "the totals", ["student", "assignment", "score", "late penalty",
                                      "total"], rows))
    assignments = list(summary["assignments"])
    most = sum(s["max_total"] for s in summary["assignments"].values())
    rows = [[row["student"], *(row["assignments"][a] for a in assignments),
             f"{row['total']:.2f}" + (f" of {most:g}" if most else ""), row["status"]]
            for row in summary["students"]]
    tables.append((f"Students ({len(rows)})", ["student", *assignments, "total", "status"],
                   rows))
    return tables


def markdown(summary: dict) -> str:
    lines = ["# Class report", "", "![score distributions](scores.png)", ""]
    for title, header, rows in _tables(summary):
        lines += [f"## {title}", ""]  # course names and figures only
        if not rows:
            lines += ["(none)", ""]
            continue
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


def html_page(summary: dict) -> str:
    parts = ["<!doctype html><meta charset='utf-8'><title>Class report</title>",
             "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}"
             "table{border-collapse:collapse;margin-bottom:1.5em}"
             "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
             "</style>",
             "<h1>Class report</h1><img src='scores.png' alt='score distributions' width='100%'>"]
    for title, header, rows in _tables(summary):
        parts.append(f"<h2>{html.escape(str(title))}</h2>")
        if not rows:
            parts.append("<p>(none)</p>")
            continue
        parts.append("<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header)
                     + "</tr>")
        parts += ["<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                  for row in rows]
        parts.append("</table>")
    return "\n".join(parts)


def write_report(run_dir: Path, assignments: list[str], course: Path | None = None) -> Path:
    """Write the report from every record of ``assignments``; returns the Markdown path.
    With ``course``, the report ends with the similar submissions (``similarity.py``)."""
    summary = class_state(run_dir, assignments, course)
    folder = Path(run_dir) / "report"
    folder.mkdir(parents=True, exist_ok=True)
    plot(summary, folder / "scores.png")
    md, page = markdown(summary), html_page(summary)
    if course is not None:
        from autograder.classgrade import similarity
        found = similarity.compare_course(Path(course), assignments)
        md += "\n" + similarity.markdown_section(found)
        page += "\n" + similarity.html_section(found)
    (folder / "index.md").write_text(md, encoding="utf-8")
    (folder / "index.html").write_text(page, encoding="utf-8")
    return folder / "index.md"
