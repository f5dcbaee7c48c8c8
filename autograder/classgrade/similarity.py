"""Which students' answers are more alike than independent work explains.

For each question, every answer is fingerprinted (``fingerprint.py``); what nobody can
be blamed for sharing is discounted first:

* the release's own answer cell (signature, docstring, ``raise NotImplementedError``);
* fingerprints that at least ``COMMON_SHARE`` of the class's answers to the question
  hold, and at least ``COMMON_MIN`` students (the one way every correct student
  writes a short formula; two students alone never make code common).

Two answers' similarity is the share of the smaller one's remaining fingerprints that
the other holds too (containment: a copy padded with code of its own is still seen).
A pair is flagged when it reaches ``THRESHOLD``, calibrated by
``tools/benchmark_similarity.py`` between the most alike independent solutions and the
least alike disguised copies. An answer with fewer than ``MIN_FINGERPRINTS``
fingerprints left is too short to tell from independent work and is not scored; a
question where most answers are is reported as not scored. Empty, untouched and
unparseable answers are skipped with a note. No student code is run.
"""
from __future__ import annotations

import dataclasses
import html
import statistics
from itertools import combinations
from pathlib import Path

import numpy as np

from autograder.classgrade import answers as answers_mod
from autograder.classgrade import fingerprint
from autograder.classgrade.markdown import markdown_cell

THRESHOLD = 0.65         # containment from which a pair is flagged (benchmark: independent <= 0.60, copies >= 0.74)
MIN_FINGERPRINTS = 10    # fewer left after discounting: too short to tell apart
COMMON_SHARE = 0.5       # fingerprints held by at least this share of answers: common
COMMON_MIN = 3           # ... and by at least this many (a pair alone is never common)


@dataclasses.dataclass
class Pair:
    assignment: str
    question: str
    a: str
    b: str
    score: float            # shared / fingerprints of the smaller answer
    shared: int             # fingerprints both hold
    lines_a: set[int]       # lines of a's answer holding shared passages
    lines_b: set[int]
    text_a: str = ""
    text_b: str = ""

    def console_line(self) -> str:
        return (f"{self.assignment} / {self.question}: {self.a} and {self.b} "
                f"{self.score:.0%} alike ({self.shared} shared passages)")


@dataclasses.dataclass
class QuestionResult:
    question: str
    scored: bool
    reason: str = ""                                # why not scored
    answered: int = 0                               # answers fingerprinted
    notes: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (student, why)
    flagged: list[Pair] = dataclasses.field(default_factory=list)
    # (a, b) -> (shared, smaller size) for every pair both scored, for the assignment
    overlap: dict[tuple[str, str], tuple[int, int]] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class AssignmentResult:
    assignment: str
    questions: list[QuestionResult]
    notes: list[str]

    @property
    def flagged(self) -> list[Pair]:
        return [p for q in self.questions for p in q.flagged]

    def assignment_score(self, a: str, b: str) -> float:
        """Containment over every scored question both answered: shared / smaller."""
        key = tuple(sorted((a, b)))
        shared = sum(q.overlap.get(key, (0, 0))[0] for q in self.questions)
        size = sum(q.overlap.get(key, (0, 0))[1] for q in self.questions)
        return shared / size if size else 0.0


def _fingerprints(text: str, starter: fingerprint.Fingerprints | None):
    """(fingerprints, None) or (None, why the answer is skipped)."""
    if not text.strip():
        return None, "empty"
    try:
        fp = fingerprint.fingerprints(text)
    except SyntaxError as exc:
        return None, f"unparseable (line {exc.lineno}: {exc.msg})"
    except (ValueError, RecursionError, MemoryError) as exc:
        return None, f"unparseable ({type(exc).__name__})"
    if starter is not None and fp.tokens == starter.tokens:
        return None, "untouched (the release's cell)"
    if len(fp.tokens) <= 1:  # a bare Module: comments or ``pass`` only
        return None, "empty"
    return fp, None


def compare_question(assignment: str, question: str, starter_text: str,
                     cells: dict[str, str], threshold: float = THRESHOLD) -> QuestionResult:
    """Score every pair of students' answers to one question."""
    try:
        starter = fingerprint.fingerprints(starter_text) if starter_text.strip() else None
    except (SyntaxError, ValueError, RecursionError):
        starter = None
    release = set(starter.hashes) if starter else set()
    result = QuestionResult(question, scored=True)
    prints = {}
    for student, text in sorted(cells.items()):
        fp, why = _fingerprints(text, starter)
        if fp is None:
            result.notes.append((student, why))
        else:
            prints[student] = fp
    result.answered = len(prints)
    if len(prints) < 2:
        result.scored, result.reason = False, f"{len(prints)} answer(s) to compare"
        return result
    students = sorted(prints)
    columns: dict[int, int] = {}
    for fp in prints.values():
        for h in fp.hashes:
            if h not in release:
                columns.setdefault(h, len(columns))
    held = np.zeros((len(students), max(1, len(columns))), dtype=np.float32)
    for row, student in enumerate(students):
        for h in prints[student].hashes:
            if h in columns:
                held[row, columns[h]] = 1
    holders = held.sum(axis=0)
    common = (holders >= COMMON_SHARE * len(students)) & (holders >= COMMON_MIN)
    held[:, common] = 0
    sizes = held.sum(axis=1)
    if statistics.median(sizes) < MIN_FINGERPRINTS:
        result.scored = False
        result.reason = (f"answers too short to tell apart: the median answer keeps "
                         f"{statistics.median(sizes):g} distinctive fingerprints "
                         f"(at least {MIN_FINGERPRINTS} needed)")
        return result
    shared = held @ held.T
    kept = {h for h, c in columns.items() if not common[c]}
    for i, j in combinations(range(len(students)), 2):
        smaller = min(sizes[i], sizes[j])
        if smaller < MIN_FINGERPRINTS:
            continue
        a, b = students[i], students[j]
        result.overlap[(a, b)] = (int(shared[i, j]), int(smaller))
        score = float(shared[i, j] / smaller)
        if score >= threshold:
            result.flagged.append(_pair(assignment, question, a, b, score, prints, kept,
                                        cells))
    result.flagged.sort(key=lambda p: -p.score)
    return result


def _pair(assignment, question, a, b, score, prints, kept, cells) -> Pair:
    both = set(prints[a].hashes) & set(prints[b].hashes) & kept
    lines = {}
    for student in (a, b):
        fp = prints[student]
        lines[student] = set().union(*(fp.line_span(p) for h in both for p in fp.hashes[h]))
    return Pair(assignment, question, a, b, score, len(both), lines[a], lines[b],
                cells[a], cells[b])


def compare(answers: answers_mod.Answers, threshold: float = THRESHOLD) -> AssignmentResult:
    questions = [compare_question(answers.assignment, q, answers.starter.get(q, ""), cells,
                                  threshold)
                 for q, cells in answers.cells.items()]
    return AssignmentResult(answers.assignment, questions, list(answers.notes))


def compare_course(course: Path, assignments: list[str],
                   threshold: float = THRESHOLD) -> list[AssignmentResult]:
    """Every assignment's result, from the course's ``submitted/`` folder."""
    return [compare(answers_mod.collect(course, a), threshold) for a in assignments]


# -- the class report's section -------------------------------------------------------

INTRO = ("Pairs of students whose answers to a question are more alike than independent "
         "work explains (winnowed fingerprints of the normalised code, robust to renaming, "
         "reordering, comments, helpers and comprehensions; starter code and code most of "
         "the class shares are discounted; see docs/similarity.md). A flag is a reason to "
         "look, not proof of copying.")


def _highlighted(text: str, lines: set[int]) -> str:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        escaped = html.escape(line) or " "
        out.append(f"<mark>{escaped}</mark>" if number in lines else escaped)
    return "\n".join(out)


def html_section(results: list[AssignmentResult], threshold: float = THRESHOLD) -> str:
    """The report's HTML section: every student text escaped, shared passages marked."""
    e = html.escape
    pairs = [p for r in results for p in r.flagged]
    parts = [f"<h2>Similar submissions ({len(pairs)} flagged pairs)</h2>",
             f"<p>{e(INTRO)} Flagged from {threshold:.0%} alike.</p>"]
    if pairs:
        parts.append("<table><tr><th>assignment</th><th>question</th><th>student</th>"
                     "<th>student</th><th>question alike</th><th>assignment alike</th></tr>")
        for r in results:
            for p in r.flagged:
                parts.append(f"<tr><td>{e(p.assignment)}</td><td>{e(p.question)}</td>"
                             f"<td>{e(p.a)}</td><td>{e(p.b)}</td><td>{p.score:.0%}</td>"
                             f"<td>{r.assignment_score(p.a, p.b):.0%}</td></tr>")
        parts.append("</table>")
        for p in pairs:
            parts.append(
                f"<details><summary>{e(p.assignment)} / {e(p.question)}: {e(p.a)} and "
                f"{e(p.b)}, {p.score:.0%} alike</summary><table><tr><th>{e(p.a)}</th>"
                f"<th>{e(p.b)}</th></tr><tr><td><pre>{_highlighted(p.text_a, p.lines_a)}"
                f"</pre></td><td><pre>{_highlighted(p.text_b, p.lines_b)}</pre></td></tr>"
                "</table></details>")
    else:
        parts.append("<p>(none)</p>")
    rows = _unscored(results)
    if rows:
        parts.append("<h3>Questions not scored</h3><ul>" + "".join(
            f"<li>{e(a)} / {e(q)}: {e(why)}</li>" for a, q, why in rows) + "</ul>")
    notes = _notes(results)
    if notes:
        parts.append("<h3>Answers skipped</h3><ul>" + "".join(
            f"<li>{e(n)}</li>" for n in notes) + "</ul>")
    return "\n".join(parts)


def markdown_section(results: list[AssignmentResult], threshold: float = THRESHOLD) -> str:
    pairs = [(r, p) for r in results for p in r.flagged]
    lines = [f"## Similar submissions ({len(pairs)} flagged pairs)", "",
             f"{INTRO} Flagged from {threshold:.0%} alike; the HTML report shows the "
             "shared passages side by side.", ""]
    if pairs:
        lines += ["| assignment | question | student | student | question alike | "
                  "assignment alike |", "|---|---|---|---|---|---|"]
        lines += [f"| {markdown_cell(p.assignment)} | {markdown_cell(p.question)} | "
                  f"{markdown_cell(p.a)} | {markdown_cell(p.b)} | {p.score:.0%} | "
                  f"{r.assignment_score(p.a, p.b):.0%} |" for r, p in pairs]
    else:
        lines.append("(none)")
    lines.append("")
    rows = _unscored(results)
    if rows:
        lines += ["Not scored: " + "; ".join(markdown_cell(f"{a} / {q}: {why}")
                                             for a, q, why in rows), ""]
    notes = _notes(results)
    if notes:
        lines += [f"Answers skipped ({len(notes)}): "
                  + "; ".join(markdown_cell(n) for n in notes), ""]
    return "\n".join(lines)


def _unscored(results):
    return [(r.assignment, q.question, q.reason) for r in results for q in r.questions
            if not q.scored]


def _notes(results) -> list[str]:
    """Skipped answers, one line per question and reason (students listed)."""
    out = [f"{r.assignment}: {n}" for r in results for n in r.notes]
    for r in results:
        for q in r.questions:
            by_reason: dict[str, list[str]] = {}
            for student, why in q.notes:
                by_reason.setdefault(why, []).append(student)
            out += [f"{r.assignment} / {q.question}: {why}: {', '.join(who)}"
                    for why, who in by_reason.items()]
    return out
