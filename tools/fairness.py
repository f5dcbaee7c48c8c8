"""Is the grade fair as a student would argue it? Two figures over the mutant corpus.

``python -m tools.fairness [ASSIGNMENT ...] [--question Q ...] [--json OUT]`` judges every mutant of
``authoring/mutants`` alone (one wrong function in an otherwise correct notebook) and
prints, per assignment:

* **one mistake, one penalty**: the points each mutant loses on questions other than
  its own (a second penalty for one mistake), to be zero wherever the questions can be
  judged apart;
* **no hidden rules**: the hidden checks a mutant fails while the public check they
  name (``@rule``) passes: a mistake the self-check would not have flagged first.

Judging runs in this process with warm student processes, as a class-grading worker
does, so the whole corpus takes minutes.
"""
from __future__ import annotations

import argparse
import json
import re
import sys

from autograder.course import ASSIGNMENTS, ROOT, public_tests


def rules_by_name(assignment: str) -> dict[tuple[str, str], str]:
    """(question, hidden check name) -> the public check it names (a quiz's answer key,
    which the self-check cannot show, left out)."""
    from tests.test_no_hidden_rules import answer_keys, hidden_rules
    keys = answer_keys(assignment)
    return {(q, hidden): rule for q, rules in hidden_rules(assignment).items()
            for hidden, rule in rules.items() if rule and (q, hidden) not in keys}


def judge_mutants(assignment: str, questions=()) -> list[dict]:
    from authoring import submissions
    from authoring.mutants import load
    from autograder import judge
    seal = judge.sealed(warm_start=True)
    correct = submissions.correct(assignment)
    rules = rules_by_name(assignment)
    public = str(public_tests(assignment))
    rows = []
    for mutant in load(assignment):
        if questions and mutant.question not in questions:
            continue
        nb = submissions.mutate(correct, [mutant])
        verdict = judge.judge(assignment, json.dumps(nb), seal=seal)
        own, others = 0.0, {}
        for grade_id, q in verdict.questions.items():
            lost = round(q.points - q.score, 4)
            if grade_id == f"check_{mutant.question}":
                own = lost
            elif lost:
                others[grade_id[len("check_"):]] = lost
        failed = {(f.question, re.sub(r" \[[^\]]*\]$", "", f.check)) for f in verdict.failures}
        hidden_only = sorted({f"{q}: {name} (its rule: {rules[(q, name)]})"
                              for q, name in failed if (q, name) in rules
                              and (q, rules[(q, name)]) not in failed})
        rows.append({"question": mutant.question, "mistake": mutant.mistake, "own": own,
                     "others": others, "hidden_only": hidden_only})
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", default=list(ASSIGNMENTS))
    parser.add_argument("--json", help="also write the rows here")
    parser.add_argument("--question", action="append", default=[],
                        help="only the mutants of this question (repeatable)")
    args = parser.parse_args(argv)
    from autograder.harness.quiet import quiet_process
    quiet_process()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    everything = {}
    for assignment in args.assignments:
        rows = everything[assignment] = judge_mutants(assignment, args.question)
        for r in rows:
            if r["others"]:
                print(f"  second penalty  {r['question']}: {r['mistake'][:50]} -> "
                      + ", ".join(f"{q} -{v:g}" for q, v in r["others"].items()), flush=True)
            for line in r["hidden_only"]:
                print(f"  hidden only     {r['mistake'][:50]} -> {line}", flush=True)
        total = sum(sum(r["others"].values()) for r in rows)
        print(f"{assignment}: {len(rows)} mutants; {sum(1 for r in rows if r['others'])} cost "
              f"other questions {total:g} points; {sum(len(r['hidden_only']) for r in rows)} "
              f"hidden-only failures", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(everything, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
