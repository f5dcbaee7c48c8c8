"""nbgrader preprocessors that put the seal and the hidden suites into ``nbgrader autograde``.

One class per module, as in nbgrader's own ``preprocessors`` package; the course's
``nbgrader_config.py`` lists them by their names here, in this order:

* :class:`ProvideHarness` (``provide_harness.py``), before executing: the notebook's
  folder gets the public ``_harness`` package, so its check cells import;
* :class:`SealedExecute` (``sealed_execute.py``): nbgrader's ``Execute`` with the
  student's kernel started sealed;
* :class:`JudgeTestCells` (``judge_test_cells.py``), after executing: the verdict of
  the public and hidden checks replaces every check cell's output;
* :class:`StartJudge` (``start_judge.py``), class grading's full mode: judging starts
  before the notebook is executed and runs alongside.
"""
from .judge_test_cells import JudgeTestCells
from .provide_harness import ProvideHarness
from .sealed_execute import SealedExecute, SealedKernelManager
from .start_judge import StartJudge

__all__ = ["JudgeTestCells", "ProvideHarness", "SealedExecute", "SealedKernelManager",
           "StartJudge"]
