"""Figures for the closing notes: how long grading and the self-check take.

``python -m tools.benchmark [assignments...]`` prints, per assignment:

* ``judge``: the verdict process alone on the reference notebook (sandbox start,
  public and hidden checks, Keras rebuilding and training in the judge);
* ``autograde``: one real ``nbgrader autograde`` of one student (notebook execution
  in a sealed kernel, then the judge), in a scratch course;
* ``selfcheck blank`` / ``selfcheck ref``: ``pytest assignments/<a>`` on the untouched
  release and on a copy with the reference answers;
* peak resident memory of the judge process tree.

Nothing here asserts a time: the tests check behaviour, this script reports speed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools import grading, release, submissions

ROOT = release.ROOT


def _timed(cmd, cwd) -> tuple[float, subprocess.CompletedProcess]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore")
    env.pop("NBGRADER_EXECUTION", None)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, proc


def bench(assignment: str, tmp: Path) -> dict:
    figures = {}
    nb_path = submissions.write(submissions.correct(assignment), tmp / "ref" / "nb.ipynb")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures["judge"], proc = _timed([sys.executable, "-m", "autograder.judge", assignment,
                                     str(nb_path), str(tmp / "verdict.json")], ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures["judge peak MiB"] = max(before, after) / 1024
    verdict = json.loads((tmp / "verdict.json").read_text())
    figures["reference score"] = sum(q["score"] for q in verdict["questions"].values())
    figures["max score"] = sum(q["points"] for q in verdict["questions"].values())

    course = grading.make_course(tmp / "course")
    grading.submit(course, assignment, "student", submissions.correct(assignment))
    figures["autograde"], _ = _timed([sys.executable, "-m", "nbgrader", "autograde", assignment,
                                      "--force"], course)

    for label, nb in (("selfcheck blank", None), ("selfcheck ref", submissions.correct(assignment))):
        folder = tmp / label.replace(" ", "_") / assignment
        shutil.copytree(ROOT / "assignments" / assignment, folder)
        if nb is not None:
            submissions.write(nb, folder / f"{assignment}.ipynb")
        figures[label], _ = _timed([sys.executable, "-m", "pytest", str(folder), "-q", "-p",
                                    "no:cacheprovider"], folder.parent)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*")
    args = parser.parse_args()
    names = args.assignments or release.available()
    print(f"{'assignment':26s} {'judge':>7s} {'autograde':>10s} {'selfcheck blank':>16s} "
          f"{'selfcheck ref':>14s} {'judge MiB':>10s} {'ref score':>10s}")
    for assignment in names:
        with tempfile.TemporaryDirectory() as tmp:
            f = bench(assignment, Path(tmp))
        print(f"{assignment:26s} {f['judge']:6.1f}s {f['autograde']:9.1f}s "
              f"{f['selfcheck blank']:15.1f}s {f['selfcheck ref']:13.1f}s "
              f"{f['judge peak MiB']:10.0f} {f['reference score']:g}/{f['max score']:g}",
              flush=True)


if __name__ == "__main__":
    main()
