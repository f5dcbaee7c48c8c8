"""A notebook whose grading runs out of time keeps what was already judged.

``judge(..., time_budget=...)`` stops inside the run: the questions judged before the
budget ran out keep their scores, the one being judged and those after score 0 with
the reason, and no student process outlives the judge.
"""
from __future__ import annotations

import json
import time

from pathlib import Path

from autograder import judge
from autograder.harness import student_process as student_process_module
from authoring import submissions

HANGS = "hidden_gradient_norms"  # 7th of 8 questions in the notebook's order
HANG = '''
def hidden_gradient_norms(dh_last, cache):
    import time
    while True:
        time.sleep(1)
'''
# the six questions before it take a few seconds; on a machine so loaded that they take
# longer than a budget, the budget cut the run before the hanging question, which proves
# nothing: the test tries again with a longer one
BUDGETS = (20.0, 60.0, 150.0)
CALL_TIMEOUT = 300.0  # far longer: the hanging call ends with the budget, not with this


def family(pid: int) -> set[int]:
    """``pid`` and all its descendants (from /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in found} - found
        found |= more
        grew = bool(more)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_budget_keeps_judged_questions(monkeypatch):
    processes, pids = [], set()
    original = student_process_module.StudentProcess.request

    def request(self, message, *args, **kwargs):
        """Note the student processes (and their children) while they answer."""
        processes.append(self)
        reply = original(self, message, *args, **kwargs)
        pids.update(family(self.proc.pid))
        return reply
    monkeypatch.setattr(student_process_module.StudentProcess, "request", request)

    nb = submissions.with_answers(submissions.correct("rnn_fundamentals"), {HANGS: HANG})
    limits = student_process_module.Limits(call_timeout=CALL_TIMEOUT, cell_timeout=60.0)
    for budget in BUDGETS:
        began = time.monotonic()
        verdict = judge.judge("rnn_fundamentals", json.dumps(nb), limits, time_budget=budget)
        took = time.monotonic() - began
        first_cut = next((g for g, q in verdict.questions.items() if "ran out" in q.report),
                         None)
        if first_cut in (None, f"check_{HANGS}"):
            break

    # the reports below are the evidence; the time only confirms that the budget, not
    # the call timeout, stopped the hanging call (however loaded the machine)
    assert took < CALL_TIMEOUT, f"the judge took {took:.1f} s on a {budget:g} s budget"
    assert verdict.timed_out is True
    questions = verdict.questions
    order = list(questions)
    cut = order.index(f"check_{HANGS}")
    for grade_id in order[:cut]:
        assert questions[grade_id].score == questions[grade_id].points, \
            questions[grade_id].report
    for grade_id in order[cut:]:
        q = questions[grade_id]
        assert q.score == 0, q.report
        assert "ran out" in q.report, q.report
    after = order[cut + 1:]
    assert after and all(f"ran out of its {budget:g} s" in questions[g].report for g in after)
    # every check not run is a failure with the reason, none vanished
    skipped = [f for f in verdict.failures if f.message.startswith("not checked: ")]
    assert skipped and {f.question for f in skipped} >= {g[len("check_"):] for g in after}
    assert {f.kind for f in skipped} == {"out_of_time"}

    assert pids and all(s.proc is None for s in processes)
    assert not [p for p in pids if alive(p)], "a student process outlived the judge"
