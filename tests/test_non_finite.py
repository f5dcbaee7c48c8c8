"""Nothing non-finite passes (issue 23): a NaN or an inf in any number a function returns
fails every check that reads it, saying so.

Each function of the course that returns floats is graded in a variant of the
reference whose every return value holds one NaN (one inf): the first element of each
float array, or the float itself. The question must lose points, every failed check must
say why, and the only checks still passing are those that never read a returned number
(a ValueError raised for bad arguments).
"""
from __future__ import annotations

import ast
import copy
import json

import pytest

from authoring import submissions
from autograder.course import answer_question
from autograder.harness.notebook import cell_source, grade_id

# the questions whose functions return floats (the others return ints, ids or models)
FLOAT_QUESTIONS = {
    "rnn_fundamentals": ("make_windows", "rnn_cell_forward", "rnn_forward",
                         "numerical_gradient", "rnn_cell_backward", "rnn_backward",
                         "hidden_gradient_norms"),
    "rnn_variants_overview": ("bidirectional_rnn_forward", "lstm_cell_forward",
                              "lstm_cell_backward", "lstm_forward", "gru_cell_forward",
                              "gru_forward", "make_recall_task"),
    "rnn_architectures_part1": ("many_to_one_forward", "softmax_cross_entropy",
                                "many_to_many_forward", "temporal_softmax_loss",
                                "conv1d_forward"),
    "rnn_architectures_part2": ("one_to_one_forward", "perplexity", "forecast_autoregressive",
                                "chronological_split", "standardize_splits",
                                "seasonal_naive_forecast", "mae_in_units"),
}
# the checks that never read a returned number
NOT_NUMERIC = ("raise", "ValueError")

POISON = '''

def _with_one_bad_number(value, bad):
    import numpy as _np
    if isinstance(value, tuple):
        return tuple(_with_one_bad_number(v, bad) for v in value)
    if isinstance(value, list):
        return [_with_one_bad_number(v, bad) for v in value]
    if isinstance(value, _np.ndarray) and value.dtype.kind == "f" and value.size:
        value = value.copy()
        value.flat[0] = bad
        return value
    if isinstance(value, float):
        return bad
    return value


for _name in {names!r}:
    def _poisoned(*args, _f=globals()[_name], **kwargs):
        return _with_one_bad_number(_f(*args, **kwargs), float({bad!r}))
    globals()[_name] = _poisoned
'''


def poisoned(assignment: str, bad: str) -> dict:
    """The reference notebook whose float-returning functions return one ``bad`` number."""
    nb = copy.deepcopy(submissions.correct(assignment))
    for cell in nb["cells"]:
        question = answer_question(grade_id(cell))
        if question not in FLOAT_QUESTIONS[assignment]:
            continue
        source = cell_source(cell)
        names = [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]
        cell["source"] = source + POISON.format(names=names, bad=bad)
    return nb


@pytest.mark.parametrize("assignment", list(FLOAT_QUESTIONS))
def test_a_nan_or_an_inf_fails_every_numeric_check(assignment):
    from autograder import judge
    seal = judge.sealed(warm_start=True)
    problems = []
    for bad in ("nan", "inf"):
        verdict = judge.judge(assignment, json.dumps(poisoned(assignment, bad)),
                              only=FLOAT_QUESTIONS[assignment], seal=seal)
        assert len(verdict.questions) == len(FLOAT_QUESTIONS[assignment]), verdict.questions
        for grade_id_, q in verdict.questions.items():
            lines = q.report.splitlines()
            passing = [line.strip()[len("PASS"):].strip() for line in lines
                       if line.strip().startswith("PASS")]
            numeric = [name for name in passing if not any(w in name for w in NOT_NUMERIC)]
            if q.score >= q.points or numeric:
                problems.append(f"{bad} {grade_id_}: {q.score:g}/{q.points:g}, passing: {numeric}")
            if "NaN or inf" not in q.report:
                problems.append(f"{bad} {grade_id_}: no failure says NaN or inf")
    assert not problems, "\n".join(problems)
