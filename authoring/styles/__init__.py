"""Correct answers written the way different students write them, one module per
assignment (``STYLES`` in each).

The reference notebook is one correct student copied many times. A class whose
correct students really differ (loops or vectorised NumPy, ``@``, ``np.dot`` or
``np.einsum``, their own helper functions, ``keras.Sequential`` or the functional
API, ...) is what ``tools/benchmark_class`` and the tests need: every style must
score full marks, and the class-grading machinery (training cache, warm workers)
must cope with architectures that are equal in substance but not in text.

``STYLES[question]`` is a list of exactly two complete answer-cell sources for the
answer cell ``answer_<question>``. The styles of one assignment keep the caches that
cross questions in the reference's layout (``rnn_fundamentals``: a step cache is the
sequence ``(x_t, h_prev, Wx, Wh, h_next)``, a sequence cache indexes step caches by
``t``), so any mix of reference answers and styles is itself a correct notebook; and
helper names defined at cell level are distinct across questions and styles.
"""
from __future__ import annotations

import importlib
import random

from authoring import submissions

STYLE_COUNT = 2


def load(assignment: str) -> dict[str, list[str]]:
    """question -> the answer-cell sources of its styles."""
    styles = importlib.import_module(f"authoring.styles.{assignment}").STYLES
    return {question: list(cells) for question, cells in styles.items()}


def styled(assignment: str, k: int) -> dict:
    """The reference notebook with every answer cell written in style ``k`` (0 or 1)."""
    if k not in range(STYLE_COUNT):
        raise ValueError(f"style k must be 0 or 1, got {k!r}")
    answers = {question: cells[k] for question, cells in load(assignment).items()}
    return submissions.with_answers(submissions.correct(assignment), answers)


def mixed(assignment: str, seed) -> dict:
    """The reference notebook where each question independently keeps the reference
    answer or takes one of its styles, chosen by ``random.Random(seed)``."""
    rng = random.Random(seed)
    answers = {}
    for question, cells in sorted(load(assignment).items()):
        choice = rng.randrange(len(cells) + 1)     # 0: the reference, else a style
        if choice:
            answers[question] = cells[choice - 1]
    return submissions.with_answers(submissions.correct(assignment), answers)
