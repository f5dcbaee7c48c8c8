"""Hidden inputs shared by the rnn_fundamentals suites.

The known-mistake variants are the public ones (``diagnoses``: ``source/rnn_fundamentals/
tests/diagnoses.py``), so a mistake is named alike in the self-check and in the feedback.
"""
import numpy as np

# the oracle, importable from here: tests/test_hostile_batch.py's student tries exactly that
import solutions.rnn_fundamentals as ref  # noqa: F401
from autograder.suites import public

diagnoses = public.diagnoses("rnn_fundamentals")
caches = public.load("rnn_fundamentals", "tests/caches.py", "public_caches_rnn_fundamentals")

# (N, T, D, H): batch of 1, T = 1, H != D, H == D, a longer sequence
SHAPES = [(1, 1, 3, 5), (3, 4, 2, 6), (2, 7, 4, 4), (4, 3, 5, 2), (2, 12, 3, 7)]


def params(seed, N, T, D, H, wh_scale=0.6):
    rng = np.random.default_rng(1000 + seed)
    x = rng.standard_normal((N, T, D))
    h0 = 0.5 * rng.standard_normal((N, H))
    Wx = rng.standard_normal((D, H)) / np.sqrt(D)
    Wh = wh_scale * rng.standard_normal((H, H)) / np.sqrt(H)
    b = 0.3 * rng.standard_normal(H)
    return x, h0, Wx, Wh, b


def step_params(seed, N, D, H):
    x, h0, Wx, Wh, b = params(seed, N, 1, D, H)
    return x[:, 0], h0, Wx, Wh, b
