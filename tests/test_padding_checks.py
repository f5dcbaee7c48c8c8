"""The hidden "padding is ignored" checks judge the architecture, not the student's init.

At initialisation an unmasked model may move by less than the checks' tolerance when
padding is added (the CI run of ``b82e0e8`` saw one pass a check that the same mutant
failed elsewhere). The checks probe a seeded copy with a large padding vector, so an
unmasked architecture fails them whatever its weights, here all zero, where padding
cannot move the student's own model at all.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

from authoring.mutants import load
from autograder.harness.checks import CheckFailed
from autograder.judge import alias_public_harness

A = "rnn_architectures_part1"
SOLUTION = Path(__file__).resolve().parents[1] / "solutions" / f"{A}.py"
CHECKS = {  # question -> its hidden check of padding
    "build_sentiment_classifier": "test_padding_at_the_start_is_ignored",
    "build_sequence_tagger": "test_padding_at_the_start_is_ignored",
    "build_seq2seq": "test_source_padding_is_ignored",
}


class ZeroWeightStudent:
    """Answers the checks' calls with the given answers' models, every weight zero."""

    def __init__(self, namespace):
        self.namespace = namespace

    def call(self, name, *args, **kwargs):
        model = self.namespace[name](*args, **kwargs)
        model.set_weights([np.zeros_like(w) for w in model.get_weights()])
        return model


def answers(mutant=None) -> dict:
    source = SOLUTION.read_text()
    if mutant is not None:
        assert mutant.old in source
        source = source.replace(mutant.old, mutant.new)
    namespace: dict = {}
    exec(compile(source, str(SOLUTION), "exec"), namespace)
    return namespace


def unmasked(question):
    found = [m for m in load(A) if m.question == question and "mask_zero" in m.old]
    assert found, f"no unmasked mutant of {question}"
    return found[0]


@pytest.mark.parametrize("question", sorted(CHECKS))
def test_unmasked_architectures_fail_whatever_their_weights(question):
    alias_public_harness()  # the suites import the public checks' _harness, as in the judge
    suite = importlib.import_module(f"autograder.suites.{A}.test_{question}")
    check = getattr(suite, CHECKS[question])
    check(ZeroWeightStudent(answers()), {})  # the reference passes
    with pytest.raises(CheckFailed, match="mask_zero=True"):
        check(ZeroWeightStudent(answers(unmasked(question))), {})
