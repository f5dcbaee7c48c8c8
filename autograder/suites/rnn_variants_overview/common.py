"""Hidden inputs shared by the rnn_variants_overview suites.

The known-mistake variants are the public ones (``diagnoses``: ``source/
rnn_variants_overview/tests/diagnoses.py``), and so are the statistical checks of the
recall data and the checks of the Keras classifier (``public_checks``): a rule and a
mistake read alike in the self-check and in the feedback.
"""
import numpy as np

import solutions.rnn_variants_overview as ref
from autograder.suites import public
from autograder.suites.carried import with_own
from autograder.suites import cases

diagnoses = public.diagnoses("rnn_variants_overview")


def public_checks(name: str):
    """The public module ``tests/<name>.py`` (``recall_checks``, ``classifier_checks``):
    loaded on first use, since it imports ``_harness`` as the checks see it."""
    return public.load("rnn_variants_overview", f"tests/{name}.py",
                       f"public_{name}_rnn_variants_overview")


# (N, T, D, H): batch of 1, T = 1, H != D, H == D, a longer sequence
SHAPES = [(1, 1, 3, 5), (3, 4, 2, 6), (2, 7, 4, 4), (4, 3, 5, 2), (2, 10, 3, 7)]
SHAPE_IDS = [cases.describe("N T D H", s) for s in SHAPES]


def rng_for(seed):
    return np.random.default_rng(7000 + seed)


def rnn_params(rng, D, H):
    return (rng.standard_normal((D, H)) / np.sqrt(D),
            0.8 * rng.standard_normal((H, H)) / np.sqrt(H), 0.3 * rng.standard_normal(H))


def bidir_inputs(seed, N, T, D, H):
    rng = rng_for(seed)
    return (rng.standard_normal((N, T, D)), 0.5 * rng.standard_normal((N, H)),
            0.5 * rng.standard_normal((N, H)), rnn_params(rng, D, H), rnn_params(rng, D, H))


def lstm_inputs(seed, N, T, D, H):
    """x (N, T, D), h0, c0, W, U, b with gates away from saturation."""
    rng = rng_for(seed)
    return (rng.standard_normal((N, T, D)), 0.5 * rng.standard_normal((N, H)),
            rng.standard_normal((N, H)), rng.standard_normal((D, 4 * H)) / np.sqrt(D),
            rng.standard_normal((H, 4 * H)) / np.sqrt(H), 0.5 * rng.standard_normal(4 * H))


def gru_inputs(seed, N, T, D, H, reset_after=True):
    rng = rng_for(seed)
    b = 0.5 * rng.standard_normal((2, 3 * H) if reset_after else 3 * H)
    return (rng.standard_normal((N, T, D)), 0.8 * rng.standard_normal((N, H)),
            rng.standard_normal((D, 3 * H)) / np.sqrt(D),
            rng.standard_normal((H, 3 * H)) / np.sqrt(H), b)


def lstm_with_own_cell(student, args, output):
    """What a correct lstm_forward returns with the student's own lstm_cell_forward
    (h for output 0, c for output 1): right for lstm_forward's question even while the
    cell is wrong, which costs the cell's question alone."""
    return lambda: with_own(student, ref.lstm_forward, "lstm_cell_forward")(*args)[output]


def gru_with_own_cell(student, args, reset_after):
    """What a correct gru_forward returns with the student's own gru_cell_forward."""
    return lambda: with_own(student, ref.gru_forward, "gru_cell_forward")(
        *args, reset_after=reset_after)
