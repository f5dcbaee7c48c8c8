"""Hidden inputs shared by the rnn_architectures_part2 suites.

The known-mistake variants are the public ones (``diagnoses``: ``source/
rnn_architectures_part2/tests/diagnoses.py``), so a mistake is named alike in the
self-check and in the feedback.
"""
import numpy as np

from autograder.suites import public

diagnoses = public.diagnoses("rnn_architectures_part2")
lm_checks = public.load("rnn_architectures_part2", "tests/lm_checks.py",
                        "public_lm_checks_rnn_architectures_part2")
forecast_checks = public.load("rnn_architectures_part2", "tests/forecast_checks.py",
                              "public_forecast_checks_rnn_architectures_part2")


def rnn_params(seed, V, H, wx_scale=1.5, wh_scale=1.2, wy_scale=1.5):
    """A random vanilla RNN over a vocabulary of V tokens: (h0, Wx, Wh, b, Wy, by)."""
    rng = np.random.default_rng(4000 + seed)
    h0 = 0.5 * rng.standard_normal(H)
    Wx = wx_scale * rng.standard_normal((V, H))
    Wh = wh_scale * rng.standard_normal((H, H)) / np.sqrt(H)
    b = 0.2 * rng.standard_normal(H)
    Wy = wy_scale * rng.standard_normal((H, V))
    by = 0.2 * rng.standard_normal(V)
    return h0, Wx, Wh, b, Wy, by
