"""One mistake, one penalty: what each realistic mistake costs the *other* questions.

``python -m tools.collateral [ASSIGNMENT ...] [--json OUT]`` judges every mutant of
``authoring/mutants`` alone (one wrong function in an otherwise correct notebook) and
prints the points it loses on its own question and on every other one. A mistake
that costs another question is a second penalty for one mistake; the total per
assignment is the figure to drive to zero wherever the questions can be judged apart.
Judging runs in this process with warm student processes (as a class-grading worker
does), so the whole corpus takes minutes, not the hour of one judge process each.
"""
from __future__ import annotations

import argparse
import json
import sys

from autograder.course import ASSIGNMENTS


def collateral(assignment: str) -> list[dict]:
    from authoring import submissions
    from authoring.mutants import load
    from autograder import judge
    limits = judge.sealed_limits({"warm_start": True})
    correct = submissions.correct(assignment)
    rows = []
    for mutant in load(assignment):
        nb = submissions.mutate(correct, [mutant])
        verdict = judge.judge(assignment, json.dumps(nb), limits)
        own, others = 0.0, {}
        for grade_id, q in verdict.questions.items():
            lost = round(q.points - q.score, 4)
            if grade_id == f"check_{mutant.question}":
                own = lost
            elif lost:
                others[grade_id[len("check_"):]] = lost
        rows.append({"question": mutant.question, "mistake": mutant.mistake,
                     "own": own, "others": others})
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", default=list(ASSIGNMENTS))
    parser.add_argument("--json", help="also write the rows here")
    args = parser.parse_args(argv)
    from autograder.harness.quiet import quiet_process
    quiet_process()
    everything = {}
    for assignment in args.assignments:
        rows = everything[assignment] = collateral(assignment)
        for r in rows:
            if r["others"]:
                print(f"  {r['question']}: {r['mistake'][:60]} -> "
                      + ", ".join(f"{q} -{v:g}" for q, v in r["others"].items()), flush=True)
        total = sum(sum(r["others"].values()) for r in rows)
        hit = sum(1 for r in rows if r["others"])
        print(f"{assignment}: {len(rows)} mutants, {hit} cost other questions, "
              f"{total:g} points lost on other questions", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(everything, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
