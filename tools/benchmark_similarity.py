"""How well the similarity check (issue 27) tells copies from independent work.

    python -m tools.benchmark_similarity            # all three figures
    python -m tools.benchmark_similarity --class-size 50 --quick

1. *Disguised copies*: every style answer (``authoring/styles``) and every mutant's
   answer (``authoring/mutants``), copied with each transformation of
   ``authoring/disguise.py`` and with all of them at once. Each copy is compared with
   its original in a class of the question's independent solutions (the reference,
   the styles, ``authoring/independent``; the original's own source left out): the
   share of copies flagged (target: at least 95 %).
2. *Independent solutions*: every pair of independent solutions of a question, in a
   class of them all: the pairs flagged (target: none).
3. *A class of 200*: every student answers each question with an independent solution
   drawn at random, disguised at random; the time to compare the four assignments
   (target: under a minute on 2 cores; no student code runs).

The scores printed beside the rates (the most alike independent pair, the least alike
flagged copy) are what ``similarity.THRESHOLD`` is calibrated between.
"""
from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from authoring import disguise, independent, mutants, styles, submissions
from autograder.classgrade import answers, similarity
from autograder.course import ASSIGNMENTS
from autograder.harness.notebook import cell_source


def reference_answers(assignment: str) -> dict[str, str]:
    source = submissions.source_notebook(assignment)
    return {q: submissions.strip_markers(cell_source(submissions.answer_cell(source, q)))
            for q in answers.answer_cells(source)}


def solutions(assignment: str) -> dict[str, dict[str, str]]:
    """question -> label -> an independent correct answer."""
    out: dict[str, dict[str, str]] = {}
    for q, text in reference_answers(assignment).items():
        out.setdefault(q, {})["reference"] = text
    for q, cells in styles.load(assignment).items():
        for k, text in enumerate(cells):
            out.setdefault(q, {})[f"style{k}"] = text
    for q, cells in independent.load(assignment).items():
        for k, text in enumerate(cells):
            out.setdefault(q, {})[f"independent{k}"] = text
    return out


def originals(assignment: str) -> list[tuple[str, str, str, str]]:
    """(question, label, text, source label) of every answer a copy is made from."""
    refs = reference_answers(assignment)
    out = [(q, f"style{k}", text, f"style{k}")
           for q, cells in styles.load(assignment).items() for k, text in enumerate(cells)]
    for i, m in enumerate(mutants.load(assignment)):
        if m.old in refs[m.question]:
            out.append((m.question, f"mutant{i}", refs[m.question].replace(m.old, m.new),
                        "reference"))
    return out


def copies_flagged(assignment: str, starter: dict[str, str], pool, seed: int = 0):
    """(flagged, total, per transformation Counter of misses, lowest flagged score)."""
    flagged = total = 0
    missed: Counter = Counter()
    scores = []
    for question, label, text, source in originals(assignment):
        for transform, copy_text in disguise.disguised(text, seed).items():
            cells = {k: v for k, v in pool[question].items() if k != source}
            cells["original"], cells["copy"] = text, copy_text
            result = similarity.compare_question(assignment, question, starter[question],
                                                 cells, threshold=0.0)
            total += 1
            pair = [p for p in result.flagged if {p.a, p.b} == {"copy", "original"}]
            score = pair[0].score if pair else 0.0
            if not result.scored:
                total -= 1  # too short to tell apart: reported, not scored
                continue
            if score >= similarity.THRESHOLD:
                flagged += 1
                scores.append(score)
            else:
                missed[(question, transform)] += 1
    return flagged, total, missed, min(scores, default=1.0)


def independent_pairs(assignment: str, starter: dict[str, str], pool):
    """(flagged pairs, pairs compared, most alike pair's score and name)."""
    flagged = compared = 0
    top = (0.0, "")
    for question, cells in pool.items():
        result = similarity.compare_question(assignment, question, starter[question], cells,
                                             threshold=0.0)
        if not result.scored:
            continue
        compared += len(result.overlap)
        for p in result.flagged:
            if p.score >= similarity.THRESHOLD:
                flagged += 1
            if p.score > top[0]:
                top = (p.score, f"{question}: {p.a} vs {p.b}")
    return flagged, compared, top


def synthetic_class(assignment: str, pool, size: int, seed: int = 0) -> answers.Answers:
    rng = random.Random(seed)
    release = submissions.released_notebook(assignment)
    out = answers.from_notebooks(assignment, release, {})
    for s in range(size):
        student = f"student{s:03d}"
        for question, cells in pool.items():
            text = rng.choice(list(cells.values()))
            copies = disguise.disguised(text, seed=s)
            kind = rng.choice(sorted(copies) + ["as is"])
            out.cells.setdefault(question, {})[student] = copies.get(kind, text)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class-size", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="skip the class timing")
    args = parser.parse_args(argv)
    copies = [0, 0]
    pairs = [0, 0]
    lowest, top = 1.0, (0.0, "")
    missed: Counter = Counter()
    classes = []
    for assignment in ASSIGNMENTS:
        starter = answers.answer_cells(submissions.released_notebook(assignment))
        pool = solutions(assignment)
        f, t, m, low = copies_flagged(assignment, starter, pool)
        copies[0] += f
        copies[1] += t
        missed.update({(assignment,) + k: v for k, v in m.items()})
        lowest = min(lowest, low)
        f, c, best = independent_pairs(assignment, starter, pool)
        pairs[0] += f
        pairs[1] += c
        top = max(top, best)
        if not args.quick:
            classes.append(synthetic_class(assignment, pool, args.class_size))
    print(f"disguised copies flagged: {copies[0]}/{copies[1]} "
          f"({copies[0] / max(1, copies[1]):.1%}; target >= 95 %), lowest flagged score "
          f"{lowest:.2f}")
    for key, n in missed.most_common(10):
        print(f"  missed {n}: {' / '.join(key)}")
    print(f"independent pairs flagged: {pairs[0]}/{pairs[1]} (target 0); most alike "
          f"{top[0]:.2f} ({top[1]}); threshold {similarity.THRESHOLD:.2f}")
    if classes:
        began = time.perf_counter()
        flagged = sum(len(similarity.compare(c).flagged) for c in classes)
        wall = time.perf_counter() - began
        print(f"class of {args.class_size} x {len(classes)} assignments compared in "
              f"{wall:.1f} s ({flagged} pairs flagged among random disguised draws; "
              "target < 60 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
