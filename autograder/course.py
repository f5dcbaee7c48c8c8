"""The course: where it lives and which assignments it has, in teaching order.

``nbgrader_config.py`` declares these assignments to nbgrader, the release builds
them, and the tests grade them; they all read the list here.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the course repository
ASSIGNMENTS = ("rnn_fundamentals", "rnn_variants_overview",
               "rnn_architectures_part1", "rnn_architectures_part2")
