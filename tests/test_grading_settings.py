"""Every limit and the seal are resolved once per notebook, from ``c.GradingLimits``
and ``c.GradingSeal``, and each consumer uses the value it is handed."""
from __future__ import annotations

import nbformat
import pytest
from traitlets.config import Config

from autograder import grading_settings
from autograder.grading_settings import GradingLimits, GradingSettings, settings_for
from autograder.harness.student_process import Limits
from autograder.preprocessors import JudgeTestCells, SealedExecute
from autograder.verdict import Verdict
from tests.unavailable import needs_seal


def _config(**limits) -> Config:
    config = Config()
    for name, value in limits.items():
        config.GradingLimits[name] = value
    return config


def test_the_defaults_of_the_student_process_are_the_self_checks():
    """The judge's student process and a student's own ``pytest`` get the same limits
    unless the instructor changes them: one default, in ``harness.student_process.Limits``."""
    limits = GradingLimits()
    assert (limits.call_timeout, limits.cell_timeout) == (Limits.call_timeout,
                                                          Limits.cell_timeout)
    assert limits.memory_mb * 2**20 == Limits.memory_bytes
    assert limits.file_mb * 2**20 == Limits.file_bytes


def test_one_resolution_per_notebook_reaches_the_kernel_and_the_judge(monkeypatch):
    needs_seal()
    config = _config(call_timeout=7.0, cell_timeout=9.0, memory_mb=1024, file_mb=2,
                     judge_timeout=200, kernel_memory_mb=512, output_mb=1,
                     notebook_timeout=50)
    config.JudgeTestCells.in_process = True
    config.GradingSeal.warm_start = True
    resolved = []
    real = GradingSettings.resolve.__func__
    monkeypatch.setattr(GradingSettings, "resolve", classmethod(
        lambda cls, parent: resolved.append(type(parent).__name__) or real(cls, parent)))
    handed = {}

    def judge(assignment, text, limits, time_budget, seal):
        handed.update(limits=limits, budget=time_budget, seal=seal)
        return Verdict(questions={})
    monkeypatch.setattr("autograder.judge.judge", judge)

    resources = {"nbgrader": {"assignment": "rnn_fundamentals", "student": "s"}}
    nb = nbformat.v4.new_notebook()
    execute = SealedExecute(config=config)
    execute.nb = nb
    execute._settings = settings_for(execute, resources)  # as its preprocess does
    kernel = execute.create_kernel_manager()
    JudgeTestCells(config=config).start_judging(nb, resources)()

    assert resolved == ["SealedExecute"]  # the judge took the notebook's settings
    assert (kernel.memory_bytes, kernel.max_message_bytes) == (512 * 2**20, 2**20)
    assert kernel.seal == handed["seal"].bubblewrap
    assert handed["limits"] == Limits(call_timeout=7.0, cell_timeout=9.0,
                                      memory_bytes=2**30, file_bytes=2 * 2**20)
    assert handed["budget"] == 160  # inside the 200 s the backstop allows
    assert handed["seal"].warm_start

    other = {"nbgrader": {"assignment": "rnn_fundamentals", "student": "t"}}
    assert settings_for(execute, other) is not resources[grading_settings.SETTINGS]
    assert resolved == ["SealedExecute", "SealedExecute"]  # a new notebook: anew


def test_a_notebook_that_cannot_be_sealed_is_not_graded(monkeypatch):
    """Fails closed at the first preprocessor that asks, with the seal's own reason."""
    from autograder.seal import isolation

    def no_bwrap(path=""):
        raise isolation.SealUnavailable("no bubblewrap here")
    monkeypatch.setattr(isolation, "find_bwrap", no_bwrap)
    with pytest.raises(isolation.SealUnavailable, match="no bubblewrap here"):
        settings_for(SealedExecute(config=Config()), {})
    config = Config()
    config.GradingSeal.allow_unsealed = True
    assert settings_for(SealedExecute(config=config), {}).bubblewrap is None


def test_a_limit_set_in_its_old_place_is_refused_by_name():
    """traitlets would only warn about ``c.JudgeTestCells.call_timeout`` and grade with
    the default: a raised limit the instructor believes in would silently not hold."""
    config = Config()
    config.JudgeTestCells.call_timeout = 90.0
    config.SealedExecute.output_mb = 16
    with pytest.raises(grading_settings.MisplacedOption) as refused:
        settings_for(SealedExecute(config=config), {})
    assert "c.JudgeTestCells.call_timeout is now c.GradingLimits.call_timeout" in \
        str(refused.value)
    assert "c.SealedExecute.output_mb is now c.GradingLimits.output_mb" in str(refused.value)


def test_a_misspelt_grading_option_is_refused_by_name():
    config = Config()
    config.GradingLimits.call_timout = 90.0
    with pytest.raises(grading_settings.MisplacedOption,
                       match=r"c\.GradingLimits\.call_timout is not one of its options "
                             r"\(call_timeout, cell_timeout, "):
        settings_for(SealedExecute(config=config), {})
