"""Hidden checks for hidden_gradient_norms."""
import numpy as np
import pytest

import solutions.rnn_fundamentals as ref
from autograder.harness.checks import check_close
from autograder.suites.rnn_fundamentals.common import diagnoses, params


@pytest.mark.parametrize("case", [(1, 1, 3, 4, 0.6), (3, 8, 2, 5, 0.5), (2, 10, 4, 3, 2.5),
                                  (2, 15, 3, 6, 1.0)],
                         ids=["T1", "small-Wh", "large-Wh", "orthogonal-ish"])
def test_matches_reference(student, case):
    """norms on hidden sequences (T = 1, vanishing and exploding regimes)"""
    N, T, D, H, scale = case
    x, h0, Wx, Wh, b = params(500 + T, N, T, D, H, wh_scale=scale)
    dh_last = np.random.default_rng(T).standard_normal((N, H))
    _, cache = student.call("rnn_forward", x, h0, Wx, Wh, b, _keep=1)
    got = student.hidden_gradient_norms(dh_last, cache)
    _, ref_cache = ref.rnn_forward(x, h0, Wx, Wh, b)
    want = ref.hidden_gradient_norms(dh_last, ref_cache)
    check_close(got, want, f"norms (T={T}, Wh scale {scale})", rtol=1e-6,
                likely=diagnoses.hidden_gradient_norms_mistakes((x, h0, Wx, Wh, b), dh_last))


def test_vanishing_regime_decays(student):
    """with a small Wh the norms shrink going back in time"""
    x, h0, Wx, Wh, b = params(600, 2, 12, 3, 4, wh_scale=0.3)
    _, cache = student.call("rnn_forward", x, h0, Wx, Wh, b, _keep=1)
    got = np.asarray(student.hidden_gradient_norms(np.ones((2, 4)), cache), dtype=float)
    if got.shape != (12,) or not got[0] < 1e-2 * got[-1]:
        raise AssertionError("with a small recurrent matrix the gradient at t=0 should be "
                             f"tiny compared with t=T-1; got norms {np.round(got, 4)}")
