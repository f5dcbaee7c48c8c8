"""Hidden checks for hidden_gradient_norms, on caches laid out as rnn_forward's question
defines them, judged apart from rnn_cell_backward (it may call it)."""
import numpy as np
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close, check_shape
from autograder.suites.carried import with_own
from autograder.suites.public import rule
from autograder.suites.rnn_fundamentals.common import diagnoses, params


RULE = "norms[t] is the size of dL/dh_t, checked by finite differences of the unfolded RNN"


@rule(RULE)
@pytest.mark.parametrize("case", [(1, 1, 3, 4, 0.6), (3, 8, 2, 5, 0.5), (2, 10, 4, 3, 2.5),
                                  (2, 15, 3, 6, 1.0)],
                         ids=["T1", "small-Wh", "large-Wh", "orthogonal-ish"])
def test_matches_reference(student, case):
    """norms on a hidden sequence"""
    N, T, D, H, scale = case
    args = params(500 + T, N, T, D, H, wh_scale=scale)
    dh_last = np.random.default_rng(T).standard_normal((N, H))
    cache = ref.rnn_forward(*args)[1]
    got = student.hidden_gradient_norms(dh_last, cache)
    check_close(got, ref.hidden_gradient_norms(dh_last, cache),
                f"norms (T={T}, Wh scale {scale})", rtol=1e-6,
                likely=diagnoses.hidden_gradient_norms_mistakes(args, dh_last),
                carried=lambda: with_own(student, ref.hidden_gradient_norms,
                                         "rnn_cell_backward")(dh_last, cache))


@rule(RULE)
def test_vanishing_regime(student):
    """norms on a sequence with a small Wh (the gradient vanishes going back in time)"""
    args = params(600, 2, 12, 3, 4, wh_scale=0.3)
    cache = ref.rnn_forward(*args)[1]
    dh_last = np.ones((2, 4))
    got = check_shape(student.hidden_gradient_norms(dh_last, cache), (12,), "norms")
    check_close(got, ref.hidden_gradient_norms(dh_last, cache), "norms (T=12, Wh scale 0.3)",
                rtol=1e-6, likely=diagnoses.hidden_gradient_norms_mistakes(args, dh_last),
                carried=lambda: with_own(student, ref.hidden_gradient_norms,
                                         "rnn_cell_backward")(dh_last, cache))
