"""Every limit of grading one notebook, and its seal: one value, resolved once.

The instructor sets limits in one section of ``nbgrader_config.py``
(``c.GradingLimits.<name>``, the README's "Limits" table) and the seal in another
(``c.GradingSeal``); each default is defined here, once. Per notebook, the first of the
course's preprocessors that needs them (``SealedExecute``, ``StartJudge`` or
``JudgeTestCells``) resolves both into a :class:`GradingSettings` and leaves it in
nbgrader's ``resources`` for the others (:func:`settings_for`). The judge gets its parts
from there: the student process's :class:`Limits`, its time budget and the
:class:`Seal`. Nothing below reads the configuration again.
"""
from __future__ import annotations

import dataclasses

from traitlets import Float, Integer
from traitlets.config import LoggingConfigurable

from autograder.harness.student_process import Limits
from autograder.seal.settings import GradingSeal, Seal

MiB = 2**20
SETTINGS = "grading_settings"  # resources key: the notebook's GradingSettings


class GradingLimits(LoggingConfigurable):
    """What grading one notebook may spend, as the instructor sets it
    (``c.GradingLimits``). nbgrader's own ``Execute.timeout`` bounds each executed cell."""

    # executing the notebook (SealedExecute's kernel)
    notebook_timeout = Integer(900, help="Seconds executing one notebook may take in all "
                               "(each cell also has Execute.timeout).").tag(config=True)
    kernel_memory_mb = Integer(8192, help="Address-space limit of the student's kernel, MiB."
                               ).tag(config=True)
    output_mb = Integer(8, help="Kernel output kept per notebook, MiB; a single output "
                        "message larger than this is dropped.").tag(config=True)
    # the judge's student process: the defaults are those of
    # harness.student_process.Limits, which the students' self-check uses too
    call_timeout = Float(Limits.call_timeout, help="Seconds one call of a student "
                         "function may take.").tag(config=True)
    cell_timeout = Float(Limits.cell_timeout, help="Seconds one answer cell may take to "
                         "run at start-up.").tag(config=True)
    memory_mb = Integer(Limits.memory_bytes // MiB, help="Address-space limit of the "
                        "student process, MiB.").tag(config=True)
    file_mb = Integer(Limits.file_bytes // MiB, help="Largest file the student process "
                      "may write, MiB.").tag(config=True)
    # the judge itself
    judge_timeout = Integer(1800, help="Seconds one notebook's judging may take in all."
                            ).tag(config=True)
    judge_memory_mb = Integer(8192, help="Address-space limit of the judge itself, MiB: "
                              "a bound on what rebuilding and checking a student's values "
                              "may cost the grading machine (the judge needs about 2.5 GiB)."
                              ).tag(config=True)


# where each limit and the zygote's switch were set before they had one section: a
# configuration that still sets one there is refused (traitlets would only warn, and
# grade under the default)
MOVED = {("JudgeTestCells", "timeout"): "GradingLimits.judge_timeout",
         **{("JudgeTestCells", name): f"GradingLimits.{name}"
            for name in ("call_timeout", "cell_timeout", "memory_mb", "file_mb",
                         "judge_memory_mb")},
         **{("SealedExecute", name): f"GradingLimits.{name}"
            for name in ("notebook_timeout", "kernel_memory_mb", "output_mb")},
         ("JudgeTestCells", "warm_start"): "GradingSeal.warm_start"}


class MisplacedOption(ValueError):
    """The configuration sets a grading option where grading does not read it."""


def refuse_misplaced_options(config) -> None:
    """Raise :class:`MisplacedOption` naming every option set in its old place, and
    every name the grading sections lack (a misspelt limit would not hold either)."""
    found = [f"c.{section}.{name} is now c.{MOVED[section, name]}"
             for section, name in sorted(MOVED)
             if section in config and name in config[section]]
    for section in (GradingLimits, GradingSeal):
        known = section.class_trait_names(config=True)
        for name in sorted(config[section.__name__] if section.__name__ in config else ()):
            if name not in known:
                found.append(f"c.{section.__name__}.{name} is not one of its options "
                             f"({', '.join(sorted(known))})")
    if found:
        raise MisplacedOption("nbgrader_config.py sets options where grading does not "
                              "read them (it would grade under the defaults): "
                              + "; ".join(found))


@dataclasses.dataclass(frozen=True)
class GradingSettings:
    """The limits and the seal of one notebook's grading, as resolved."""

    seal: Seal | None  # None: unsealed, where the instructor allowed it
    student: Limits  # every student process of the judge
    notebook_seconds: int
    kernel_memory_bytes: int
    output_bytes: int
    judge_seconds: int
    judge_memory_bytes: int

    @property
    def bubblewrap(self):
        """What seals the kernel (the judge's seal without its zygote), or None."""
        return None if self.seal is None else self.seal.bubblewrap

    @property
    def judge_budget(self) -> float:
        """The judge's own cap, inside ``judge_seconds``: when it runs out, questions
        already judged keep their scores (``judge_seconds`` is the backstop that kills
        it)."""
        return max(self.judge_seconds - 60, self.judge_seconds * 0.8)

    @classmethod
    def resolve(cls, parent: LoggingConfigurable) -> GradingSettings:
        """From ``parent``'s configuration. Fails closed as ``GradingSeal.resolve``
        does: raises ``isolation.SealUnavailable`` where no seal can be made and
        unsealed grading is not allowed, and :class:`MisplacedOption` where a grading
        option is set in its old place or misspelt."""
        refuse_misplaced_options(parent.config)
        limits = GradingLimits(parent=parent)
        return cls(
            seal=GradingSeal(parent=parent).resolve(),
            student=Limits(call_timeout=limits.call_timeout, cell_timeout=limits.cell_timeout,
                           memory_bytes=limits.memory_mb * MiB, file_bytes=limits.file_mb * MiB),
            notebook_seconds=limits.notebook_timeout,
            kernel_memory_bytes=limits.kernel_memory_mb * MiB,
            output_bytes=limits.output_mb * MiB,
            judge_seconds=limits.judge_timeout,
            judge_memory_bytes=limits.judge_memory_mb * MiB)


def settings_for(parent: LoggingConfigurable, resources: dict) -> GradingSettings:
    """This notebook's settings: resolved by the first preprocessor that asks, and kept
    in ``resources`` (which nbgrader makes anew for every notebook) for the others."""
    if SETTINGS not in resources:
        resources[SETTINGS] = GradingSettings.resolve(parent)
    return resources[SETTINGS]
