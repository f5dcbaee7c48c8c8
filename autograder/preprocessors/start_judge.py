"""Judging that starts before the notebook is executed (class grading's full mode)."""
from __future__ import annotations

from .judge_test_cells import PENDING, JudgeTestCells


class StartJudge(JudgeTestCells):
    """Start judging before the notebook is executed, so the two run side by side.

    The judge reads only the answer cells' source, which executing does not change,
    so the verdict is the one ``JudgeTestCells`` would compute after execution; place
    this before ``SealedExecute`` and ``JudgeTestCells`` collects it.
    """

    def preprocess(self, nb, resources):
        resources[PENDING] = self.start_judging(nb, resources)
        return nb, resources
