"""Figures for the closing notes: how long grading and the self-check take.

``python -m tools.benchmark [assignments...]`` prints, per assignment:

* ``judge``: the verdict process alone on the reference notebook (student process start,
  public and hidden checks, Keras rebuilding and training in the judge);
* ``autograde``: one real ``nbgrader autograde`` of one student (notebook execution
  in a sealed kernel, then the judge), in a scratch course;
* ``selfcheck blank`` / ``selfcheck ref``: ``pytest assignments/<a>`` on the untouched
  release and on a copy with the reference answers;
* peak resident memory of the judge process tree.

``python -m tools.benchmark --student [assignments...]`` prints the student's side
only, each figure as first run / next run: ``pytest`` on one NumPy and one Keras
question's file and on the whole solved release, on the whole blank release, and
how long one NumPy and one Keras check cell take in a live kernel (the first run
pays for loading pytest, or TensorFlow and the first Keras call). A first ``pytest``
runs cold (no warm check process, ``autograder/harness/warm.py``); the next one runs
once the process it left is ready, as it is after the seconds a student takes to
edit an answer.

Nothing here asserts a time: the tests check behaviour, this script reports speed.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.course import release_folder
from autograder.harness.quiet import child_environment

from tools import grading, release
from authoring import submissions

ROOT = release.ROOT


def _timed(cmd, cwd, **env) -> tuple[float, subprocess.CompletedProcess]:
    env = child_environment(**env)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, proc


def bench(assignment: str, tmp: Path) -> dict:
    figures = {}
    nb_path = submissions.write(submissions.correct(assignment), tmp / "ref" / "nb.ipynb")
    peaks = tmp / "judge-peaks.json"  # the judge's own peak (autograder/memory.py)
    figures["judge"], proc = _timed([sys.executable, "-m", "autograder.memory", str(peaks),
                                     "autograder.judge", assignment, str(nb_path),
                                     str(tmp / "verdict.json")], ROOT)
    figures["judge peak MiB"] = json.loads(peaks.read_text())["self_kib"] / 1024
    verdict = json.loads((tmp / "verdict.json").read_text())
    figures["reference score"] = sum(q["score"] for q in verdict["questions"].values())
    figures["max score"] = sum(q["points"] for q in verdict["questions"].values())

    course = grading.make_course(tmp / "course")
    grading.submit(course, assignment, "student", submissions.correct(assignment))
    figures["autograde"], _ = _timed([sys.executable, "-m", "nbgrader", "autograde", assignment,
                                      "--force"], course)

    for label, nb in (("selfcheck blank", None), ("selfcheck ref", submissions.correct(assignment))):
        folder = tmp / label.replace(" ", "_") / assignment
        shutil.copytree(release_folder(assignment), folder)
        if nb is not None:
            submissions.write(nb, folder / f"{assignment}.ipynb")
        figures[label], _ = _timed([sys.executable, "-m", "pytest", str(folder), "-q", "-p",
                                    "no:cacheprovider"], folder.parent,
                                   SELFCHECK_WARM="0")  # cold, and no process left behind
    return figures


# one NumPy and one Keras question per assignment, for the check-cell latency
CHECK_CELLS = {"rnn_fundamentals": ("rnn_cell_forward", "to_keras_simple_rnn"),
               "rnn_variants_overview": ("lstm_cell_forward", "build_recurrent_classifier"),
               "rnn_architectures_part1": ("temporal_softmax_loss",
                                           "build_sentiment_classifier"),
               "rnn_architectures_part2": ("perplexity", "build_char_language_model")}


def bench_student(assignment: str, tmp: Path) -> dict:
    """The student's latencies, each as (first run, next run): ``pytest`` on one NumPy
    and one Keras question's file and on the whole folder of the solved release, on the
    whole blank release, and a NumPy and a Keras check cell in a live kernel (the first
    cell pays for loading pytest, or TensorFlow and the first Keras call)."""
    from tools.live_kernel import LiveKernel, run_until
    figures = {}
    numpy_q, keras_q = CHECK_CELLS[assignment]
    for label, nb in (("blank", None), ("solved", submissions.correct(assignment))):
        folder = tmp / label / assignment
        shutil.copytree(release_folder(assignment), folder)
        if nb is not None:
            submissions.write(nb, folder / f"{assignment}.ipynb")
    solved = tmp / "solved" / assignment
    runs = {"pytest numpy file": (solved, f"tests/test_{numpy_q}.py"),
            "pytest keras file": (solved, f"tests/test_{keras_q}.py"),
            "pytest solved": (solved, "."), "pytest blank": (tmp / "blank" / assignment, ".")}
    state = tmp / "state"  # the warm check processes' state files (TMPDIR of the runs)
    state.mkdir()
    for label, (folder, target) in runs.items():
        _stop_warm(state)
        times = []
        for _ in range(2):
            times.append(_timed([sys.executable, "-m", "pytest", target, "-q"], folder,
                                SELFCHECK_WARM="1", TMPDIR=str(state))[0])
            _wait_warm(state)
        figures[label] = tuple(times)
    _stop_warm(state)
    with LiveKernel(solved) as kernel:
        for run in run_until(kernel, submissions.correct(assignment)):
            if run.status != "ok":
                raise SystemExit(f"{assignment}: the reference answers fail: {run.error}")
        for kind, question in (("numpy", numpy_q), ("keras", keras_q)):
            times = []
            for _ in range(2):
                run = kernel.run(f"from _harness import check\ncheck({question!r})")
                if run.status != "ok":
                    raise SystemExit(f"{assignment}: check({question!r}) fails: {run.error}")
                times.append(run.seconds)
            figures[f"{kind} cell"] = tuple(times)
    return figures


def _warm_states(state: Path) -> list[tuple[Path, dict]]:
    found = []
    for path in state.glob("rnn-selfcheck-*/*.json"):
        try:
            found.append((path, json.loads(path.read_text())))
        except (OSError, ValueError):
            pass
    return found


def _wait_warm(state: Path, timeout: float = 120) -> None:
    """Until every warm check process started is ready (none: at once)."""
    ends = time.monotonic() + timeout
    while time.monotonic() < ends and any(s.get("status") != "ready"
                                          for _, s in _warm_states(state)):
        time.sleep(0.1)


def _stop_warm(state: Path) -> None:
    """End the warm check processes: the next run is a first one again."""
    for path, s in _warm_states(state):
        try:
            os.kill(int(s["pid"]), signal.SIGKILL)
        except (OSError, KeyError, ValueError):
            pass
        path.unlink(missing_ok=True)


STUDENT_COLUMNS = ("pytest numpy file", "pytest keras file", "pytest solved", "pytest blank",
                   "numpy cell", "keras cell")


def main_student(names: list[str]) -> None:
    print("seconds of wall time, first run / next run")
    print(f"{'assignment':26s}" + "".join(f" {c:>18s}" for c in STUDENT_COLUMNS))
    for assignment in names:
        with tempfile.TemporaryDirectory() as tmp:
            f = bench_student(assignment, Path(tmp))
        print(f"{assignment:26s}" + "".join(f" {f[c][0]:8.2f} /{f[c][1]:7.2f}"
                                            for c in STUDENT_COLUMNS), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--student", action="store_true",
                        help="the student's side only: pytest and check-cell latency")
    args = parser.parse_args()
    names = args.assignments or release.available()
    if args.student:
        return main_student(names)
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
