"""The benchmark's class is honest: its correct students differ, its wrong ones vary."""
from __future__ import annotations

import collections
import json

from autograder.course import ASSIGNMENTS
from tools import benchmark_class
from authoring import submissions


def test_no_two_working_students_hand_in_the_same_notebook():
    klass = benchmark_class.honest_class(20)
    kinds = benchmark_class.kinds(20)
    for assignment in ASSIGNMENTS:
        blank = json.dumps(submissions.released_notebook(assignment), sort_keys=True)
        texts = [json.dumps(nb, sort_keys=True) for nb in klass[assignment].values()]
        working = [t for t, kind in zip(texts, kinds) if kind != "untouched release"]
        assert len(set(working)) == len(working), assignment
        assert blank not in working


def test_the_mix_of_students_follows_the_stated_shares():
    counts = collections.Counter(benchmark_class.kinds(40))
    for kind, share in benchmark_class.MIX:
        assert counts[kind] == round(share * 40), kind


def test_correct_students_use_other_styles_than_the_reference():
    klass = benchmark_class.honest_class(20)
    kinds = benchmark_class.kinds(20)
    reference = submissions.correct("rnn_architectures_part1")
    correct = [nb for nb, kind in zip(klass["rnn_architectures_part1"].values(), kinds)
               if kind == "correct"]
    question = "build_sentiment_classifier"
    sources = {"".join(submissions.answer_cell(nb, question)["source"]) for nb in correct}
    assert len(sources) >= 2  # not every correct student builds the model the same way
    assert any(s != "".join(submissions.answer_cell(reference, question)["source"])
               for s in sources)
