"""Submissions that try to win points they did not earn.

Each cheater is a correct submission whose answer for some questions is wrong
*and* tries to make the grader believe otherwise. Expected: 0 on those questions.
"""
from __future__ import annotations

from authoring import submissions

PATCH_NUMPY = '''
import numpy as np
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.shape(a), dtype=bool)
np.testing.assert_allclose = lambda *args, **kwargs: None
np.array_equal = lambda *args, **kwargs: True

def {name}(*args, **kwargs):
    return np.zeros(1), None
'''

SWALLOW_EXCEPTIONS = '''
import sys, builtins
sys.excepthook = lambda *args: None
try:
    get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)
except NameError:
    pass
try:
    import pytest
    pytest.fail = lambda *args, **kwargs: None
except ImportError:
    pass
builtins.AssertionError = type("AssertionError", (Exception,), {{}})

def {name}(*args, **kwargs):
    raise RuntimeError("this answer is wrong on purpose")
'''

FAKE_OUTPUT = '''
print("{name}: 99/99 checks passed (100 of 100 points)")
print("All public checks passed.")

def {name}(*args, **kwargs):
    print("{name}: 99/99 checks passed")
    return None
'''

PATCH_GRADER = '''
import sys
for module in list(sys.modules.values()):
    if getattr(module, "__name__", "").split(".")[-1] in ("runner", "checks", "judge"):
        for attr in ("score", "check_close", "check_shape", "fail"):
            if hasattr(module, attr):
                setattr(module, attr, lambda *args, **kwargs: 1.0)
try:
    import _harness.runner, _harness.checks
    _harness.runner.score = lambda *args, **kwargs: 1e9
    _harness.checks.fail = lambda *args, **kwargs: None
except Exception:
    pass

def {name}(*args, **kwargs):
    return "full marks please"
'''

IMPORT_REFERENCE = '''
import sys, os
for up in ("..", "../..", "../../.."):
    sys.path.insert(0, os.path.abspath(up))
from solutions.{assignment} import {name}  # the reference, if it can be found
'''

# assignment -> {student: {question: template}}
CHEATS = {
    "rnn_fundamentals": {
        "cheat_patch_numpy": {"rnn_cell_forward": PATCH_NUMPY},
        "cheat_swallow": {"rnn_forward": SWALLOW_EXCEPTIONS, "make_windows": FAKE_OUTPUT},
        "cheat_patch_grader": {"rnn_cell_backward": PATCH_GRADER,
                               "hidden_gradient_norms": IMPORT_REFERENCE},
    },
}


def cheated_questions(assignment: str) -> dict[str, list[str]]:
    return {name: list(answers) for name, answers in CHEATS.get(assignment, {}).items()}


def cheaters(assignment: str) -> dict[str, dict]:
    out = {}
    if assignment not in CHEATS:
        return out
    correct = submissions.correct(assignment)
    for name, answers in CHEATS[assignment].items():
        texts = {q: t.format(name=q, assignment=assignment) for q, t in answers.items()}
        out[name] = submissions.with_answers(correct, texts)
    return out
