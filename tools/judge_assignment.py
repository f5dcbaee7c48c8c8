"""Quick author loop: judge the reference and every mutant of one assignment directly.

``python -m tools.judge_assignment <a> [--mutants]`` prints each submission's
per-question scores, without nbgrader (the CI tests use the real pipeline).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from authoring.mutants import load
from authoring import submissions
from autograder.course import ROOT


def judge(assignment: str, nb: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = submissions.write(nb, Path(tmp) / "nb.ipynb")
        out = Path(tmp) / "out.json"
        subprocess.run([sys.executable, "-m", "autograder.judge", assignment, str(path), str(out)],
                       cwd=ROOT, check=True)
        return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("assignment")
    parser.add_argument("--mutants", action="store_true")
    parser.add_argument("--show", action="store_true", help="print the full reports")
    args = parser.parse_args()
    runs = [("reference", submissions.correct(args.assignment), None)]
    if args.mutants:
        for m in load(args.assignment):
            runs.append((m.mistake, submissions.mutate(runs[0][1], [m]), m))
    for name, nb, mutant in runs:
        start = time.time()
        verdict = judge(args.assignment, nb)
        scores = {k: v["score"] for k, v in verdict["questions"].items()}
        line = f"{name[:60]:60s} {time.time() - start:5.1f}s "
        if mutant is None:
            line += " ".join(f"{k}={v:g}" for k, v in scores.items())
            full = all(v["score"] == v["points"] for v in verdict["questions"].values())
            line += "  [ALL FULL]" if full else "  [NOT FULL]"
        else:
            q = verdict["questions"][f"check_{mutant.question}"]
            named = mutant.message.lower() in q["report"].lower()
            line += f"{mutant.question}={q['score']:g}/{q['points']:g} " \
                    f"{'loses' if q['score'] < q['points'] else 'NO LOSS'} " \
                    f"{'named' if named else 'NOT NAMED'}"
        print(line, flush=True)
        if verdict.get("cell_errors"):
            print("    cells that failed to run:", verdict["cell_errors"])
        if args.show or (mutant is not None and not mutant.message.lower()
                         in verdict["questions"].get(f"check_{mutant.question}", {})
                         .get("report", "").lower()):
            for v in verdict["questions"].values():
                if mutant is None or v["score"] < v["points"]:
                    print(v["report"])


if __name__ == "__main__":
    main()
