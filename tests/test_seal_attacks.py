"""Attacks on the grading seal, through real ``nbgrader autograde`` and class grading.

Issue 11: student code runs in nbgrader's kernel and in the judge's sandbox. These
tests grade attack submissions (``tests/seal_attacks.py``) in small courses and
assert that the seal holds: the attacker gains nothing, honest classmates keep full
marks, the gradebook, the course, the repository and the virtualenv are unchanged,
nothing outlives grading, nothing is shared between students, the grader's memory
stays bounded, caps keep what was earned, and grading without a seal refuses (or, when
allowed, says so in every report).
"""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests import seal_attacks as S

GIB = 2**20  # peaks are in KiB (autograder/memory.py)
# What an attack may add to a grader's peak over one honest notebook's, measured in the
# same batch (so the machine's load and the libraries' own size cancel out).
# * nbgrader: a student can make it hold only the kernel output it keeps (8 MiB per
#   notebook, GradingLimits.output_mb) and one message at a time under that size, each in
#   a few copies. Measured: +7 MiB on a quiet machine, +85 MiB when the attack's 300 MB
#   print arrives as many messages just under the cap; with the caps lifted, that print
#   alone made nbgrader's peak 1.5 GiB larger.
NBGRADER_ATTACK_KIB = GIB // 4
# * the judge and a class-grading worker: the reply caps (32 MiB, 1,000,000 elements,
#   autograder/harness/wire.py) and the Keras cost checks keep what decoding a hostile
#   answer costs to a few hundred MiB. Measured: no growth over the honest notebook.
#   (A descendant's figure also counts what nbgrader held when it started it.)
JUDGE_ATTACK_KIB = 1 * GIB

ATTACKERS = (S.ESCAPE_SHELL, S.ESCAPE_CTYPES, S.DAEMON_STUDENT, S.SHM_WRITER, S.PAYS,
             S.HUGE_LAYER_STUDENT, S.XSS_STUDENT, S.SHM_READER)
HONEST = (S.HONEST_FIRST, S.VICTIM, S.HONEST_LAST)
ATTACK_BATCHES = (S.NBGRADER, S.CLASSGRADE, S.LINKS)


@pytest.fixture
def seal(class_batches, request):
    return class_batches(request.param)


def batches(*keys):
    """Parametrize a test over seal batches (each declared for the session scheduler)."""
    return pytest.mark.parametrize(
        "seal", [pytest.param(k, marks=pytest.mark.batch(k), id=k.split(":")[1]) for k in keys],
        indirect=True)


def _students(run) -> list[str]:
    return sorted(p.name for p in (run.course / "submitted").iterdir())


def _attackers(run) -> list[str]:
    return [s for s in _students(run) if s not in HONEST]


def _texts(folder: Path):
    """(path, text) of every file under folder, links included (reported, not followed)."""
    if not folder.exists():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            yield path, f"<symlink to {path.readlink()}>"
        elif path.is_file():
            yield path, path.read_text(errors="replace")


def _unsubmitted(run, student: str, markers: list[str]) -> list[str]:
    """Reference lines the student did not submit itself (an honest student's own code
    is the reference's)."""
    path = run.course / "submitted" / student / S.A / f"{S.A}.ipynb"
    try:
        cells = json.loads(path.read_text(errors="replace"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells)
    except (OSError, ValueError, KeyError, TypeError):
        text = ""
    return [m for m in markers if m not in text]


def _auto_scores(course: Path) -> list:
    db = sqlite3.connect(f"file:{course / 'gradebook.db'}?mode=ro", uri=True)
    try:
        return db.execute("SELECT name, auto_score FROM grade JOIN base_cell ON "
                          "grade.cell_id = base_cell.id WHERE auto_score IS NOT NULL").fetchall()
    finally:
        db.close()


def _explain(run) -> str:
    """Context for a failure: command exit codes, times and the tail of the output."""
    lines = [f"{run.key}: {run.seconds:.0f} s; notes: {str(run.notes)[:1500]}"]
    for c in run.commands:
        lines.append(f"  {' '.join(c.args)}: rc={c.returncode} {c.seconds:.0f}s "
                     f"timed_out={c.timed_out} rusage={c.rusage}")
    lines.append(run.output[-3000:])
    return "\n".join(lines)


# --------------------------------------------------------------------------- every attack batch
@batches(*ATTACK_BATCHES)
def test_batch_finishes(seal):
    assert not any(c.timed_out for c in seal.commands), _explain(seal)
    assert "error" not in seal.notes, _explain(seal)


@batches(*ATTACK_BATCHES)
def test_honest_classmates_get_full_marks(seal):
    for student in HONEST:
        if student not in _students(seal):
            continue
        graded = seal.results.get(student)
        assert graded is not None and graded.scores, (student, _explain(seal))
        assert graded.total == graded.max_total, (student, graded.scores, graded.reports)


@batches(*ATTACK_BATCHES)
def test_attackers_gain_nothing(seal):
    """Every attacker left its answers blank: any point is a win for the attack."""
    won = {s: {q: v for q, v in seal.results[s].scores.items() if v}
           for s in _attackers(seal) if s in seal.results}
    assert not any(won.values()), won
    leaks = {s: [line for r in seal.results[s].reports.values() for line in r.splitlines()
                 if S.LEAK in line] for s in _attackers(seal) if s in seal.results}
    assert not any(leaks.values()), leaks


@batches(*ATTACK_BATCHES)
def test_nothing_leaks_into_notebooks_or_feedback(seal):
    """No SEAL-LEAK line, no reference or hidden-suite code, no link, in any student's
    autograded or feedback folder."""
    found = []
    for student in _students(seal):
        markers = _unsubmitted(seal, student, S.reference_markers())
        for sub in ("autograded", "feedback"):
            for path, text in _texts(seal.course / sub / student):
                if text.startswith("<symlink"):
                    found.append(f"{path}: {text}")
                for line in text.splitlines():
                    if S.LEAK in line:
                        found.append(f"{path}: {line.strip()[:300]}")
                found += [f"{path}: reference line {m!r}" for m in markers if m in text]
    assert not found, "\n".join(dict.fromkeys(found))


@batches(*ATTACK_BATCHES)
def test_gradebook_readable_and_its_other_rows_unchanged(seal):
    after, later = seal.after["gradebook"], seal.later["gradebook"]
    assert "error" not in after, after
    original = S.gradebook_dump(S.ROOT / "gradebook.db")
    for table in S.STATIC_TABLES:
        assert after.get(table) == original.get(table), table
    extra = set(after) - set(original)
    assert not extra, f"new tables in the gradebook: {extra}"
    assert later == after and seal.later["gradebook_sha"] == seal.after["gradebook_sha"], \
        "the gradebook changed after grading ended"


@batches(*ATTACK_BATCHES)
def test_submissions_and_course_config_unchanged(seal):
    before, after = seal.before["submitted"], seal.after["submitted"]
    changed = [p for p in before if after.get(p) != before[p]]
    assert not changed, f"submitted files changed: {changed}"
    assert not set(after) - set(before), f"new files in submitted/: {set(after) - set(before)}"
    assert seal.after["config_sha"] == seal.before["config_sha"], "nbgrader_config.py changed"


@batches(*ATTACK_BATCHES)
def test_repository_and_virtualenv_unchanged(seal):
    edited = seal.before["edited"] | seal.after["edited"]
    repo = S.diff(seal.before["repository"], seal.after["repository"], seal.ctx.mark, edited)
    venv = S.diff(seal.before["venv"], seal.after["venv"], seal.ctx.mark)
    assert not repo and not venv, f"repository: {repo[:20]}\nvirtualenv: {venv[:20]}"
    assert not seal.after["planted"], seal.after["planted"]


@batches(*ATTACK_BATCHES, S.TIMEOUTS)
def test_nothing_outlives_grading(seal):
    assert not seal.after["processes"], seal.after["processes"]
    assert not seal.later["processes"], seal.later["processes"]
    planted = [p for p in seal.after["planted"] if "daemon" in p]
    assert not planted, planted


@batches(S.NBGRADER, S.CLASSGRADE)
def test_no_file_is_shared_between_students(seal):
    shared = [p for p in seal.after["planted"] if p.startswith(
        ("/dev/shm", "/tmp/", "/var/tmp", seal.ctx.home))]
    assert not shared, shared
    reader = seal.results.get(S.SHM_READER)
    assert reader is not None and not reader.scores.get("check_make_windows"), \
        "a later student used a file an earlier one left"


# --------------------------------------------------------------------------- grader pays
@batches(S.NBGRADER)
def test_nbgrader_memory_stays_bounded(seal):
    honest = seal.notes.get("honest_rusage")
    assert honest, f"no peak memory of the honest run: {_explain(seal)}"
    grading = [c for c in seal.commands if c.args[0] == "autograde"]
    for c in grading:
        assert c.rusage, f"no peak memory reported (killed?): {_explain(seal)}"
        grown = c.rusage["self_kib"] - honest["self_kib"]
        assert grown < NBGRADER_ATTACK_KIB, \
            f"the attacks grew nbgrader's own peak by {grown / 1024:.0f} MiB over an " \
            f"honest notebook's ({honest['self_kib'] / 1024:.0f} MiB)"
        grown = c.rusage["children_kib"] - honest["children_kib"]
        assert grown < JUDGE_ATTACK_KIB, \
            f"the attacks grew its descendants' peak by {grown / 1024:.0f} MiB over an " \
            f"honest notebook's ({honest['children_kib'] / 1024:.0f} MiB)"


@batches(S.CLASSGRADE)
def test_class_grading_worker_memory_stays_bounded(seal):
    """One worker grades the class in order: its peak after the honest first student
    is the baseline of the attacks that follow."""
    records = seal.notes.get("records") or []
    assert records, _explain(seal)
    peaks = {r["student"]: r["worker"]["rss_mib"] for r in records}
    grown = max(peaks.values()) - peaks[S.HONEST_FIRST]
    assert grown * 1024 < JUDGE_ATTACK_KIB, (grown, peaks)
    pays = [r for r in records if r["student"] in (S.PAYS, S.HUGE_LAYER_STUDENT)]
    assert len(pays) == 2 and all(r["status"] == "graded" for r in pays), pays


# --------------------------------------------------------------------------- student text
def _runs_script(html: str) -> list[str]:
    """The attacker's text where a browser would run it: inside a script element, or
    as an event handler or a javascript: link of a real tag (escaped text is inert)."""
    live = (rf"<script[^>]*>[^<]*{S.XSS}", r"<[a-zA-Z][^<>]*\son[a-z]+\s*=",
            r"<[a-zA-Z][^<>]*\shref\s*=\s*[\"']?\s*javascript:")
    return [m.group(0)[:200] for pattern in live for m in re.finditer(pattern, html)]


@batches(S.NBGRADER)
def test_feedback_shows_student_html_as_text(seal):
    page = seal.course / "feedback" / S.XSS_STUDENT / S.A / f"{S.A}.html"
    assert page.exists(), _explain(seal)
    html = page.read_text(errors="replace")
    assert not _runs_script(html), _runs_script(html)
    assert S.XSS in html  # still shown, as text
    assert "make_windows" in html and "checks passed" in html  # the course's own content


@batches(S.CLASSGRADE)
def test_class_report_escapes_student_text_and_forged_diagnoses(seal):
    report = seal.course / "class_grading" / "report"
    for name in ("index.html", "index.md"):
        text = (report / name).read_text(errors="replace")
        assert not _runs_script(text), (name, _runs_script(text))
        assert S.FORGED_MISTAKE not in text, f"{name} lists the forged diagnosis"


# --------------------------------------------------------------------------- links
@batches(S.LINKS)
def test_link_attackers_reach_no_course_file(seal):
    for student in S.LINK_STUDENTS:
        graded = seal.results.get(student)
        assert graded is not None and graded.total == 0, (student, _explain(seal))
    victim = seal.results.get(S.VICTIM)
    assert victim is not None and victim.total == victim.max_total, _explain(seal)


@batches(S.LINKS)
def test_loot_attacker_feedback_holds_no_reference(seal):
    """Its feedback, as generate_feedback wrote it right after its grading."""
    files = seal.notes["loot_feedback"]
    assert any(name.endswith(".html") for name in files), (files.keys(), _explain(seal))
    markers = _unsubmitted(seal, "l2_loot", S.reference_markers())
    found = [f"{name}: {m!r}" for name, text in files.items() for m in markers if m in text]
    found += [f"{name}: {text[:100]}" for name, text in files.items()
              if text.startswith("<symlink") or Path(name).name.split(".")[0] in
              ("loot", "data", "notes", "hard_loot", "hard_gradebook")]
    assert not found, found


# --------------------------------------------------------------------------- fail closed
@batches(S.FAIL_CLOSED)
def test_no_seal_means_no_grading(seal):
    autograde = seal.commands[0]
    assert "cannot be sealed" in autograde.output, autograde.output[-3000:]
    records = json.dumps(seal.notes.get("records", []), default=str) + seal.notes.get("error", "")
    assert "cannot be sealed" in records, records[-2000:]
    assert all(r.get("status") != "graded" for r in seal.notes.get("records", [])), records
    assert _auto_scores(seal.course) == [], "grades were recorded without a seal"


@batches(S.UNSEALED)
def test_allowed_unsealed_grading_says_so(seal):
    graded = seal.results.get(S.HONEST_LAST)
    assert graded is not None and graded.total == graded.max_total, _explain(seal)
    unmarked = [g for g, text in graded.reports.items() if "graded unsealed" not in text]
    assert not unmarked, (unmarked, graded.reports)
    feedback = seal.course / "feedback" / S.HONEST_LAST / S.A / f"{S.A}.html"
    assert feedback.exists() and "graded unsealed" in feedback.read_text(errors="replace")


# --------------------------------------------------------------------------- caps keep earned
@batches(S.TIMEOUTS)
def test_judging_timeout_keeps_questions_already_judged(seal):
    graded = seal.results.get(S.LOOPS)
    assert graded is not None, _explain(seal)
    for q in S.QUESTIONS:
        got, full = graded.scores.get(f"check_{q}"), graded.points.get(f"check_{q}")
        if q in S.QUESTIONS[:3]:
            assert got == full, (q, got, graded.reports.get(f"check_{q}"))
        else:
            assert not got, (q, got)
    # the judging budget ended it (not only the call timeouts): the last question was
    # never checked
    last = graded.reports.get(f"check_{S.QUESTIONS[-1]}", "")
    assert "not checked: grading this notebook ran out of its" in last, graded.reports


@batches(S.TIMEOUTS)
def test_notebook_execution_has_a_total_cap(seal):
    graded = seal.results.get(S.SLOW)
    assert graded is not None and graded.total == graded.max_total, _explain(seal)
    [command] = [c for c in seal.commands if S.SLOW in c.args]
    cap = f"executing the notebook took longer than {S.TIMEOUT_LIMITS['notebook']} s in all"
    assert cap in command.output, _explain(seal)
    # the evidence is the message; the time only confirms it (its sleeping cells alone
    # would take longer than the whole run did)
    uncapped = S.TIMEOUT_LIMITS["sleep"] * S.TIMEOUT_LIMITS["cells"]
    assert command.seconds < uncapped, \
        f"autograding took {command.seconds:.0f} s; its cells alone sleep {uncapped} s"
