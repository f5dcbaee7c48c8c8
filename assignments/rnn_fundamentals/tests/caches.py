"""The caches of rnn_cell_forward and rnn_forward, as their questions define them.

The checks of rnn_cell_backward, rnn_backward and hidden_gradient_norms call your
functions on caches built here from the formulas, never on your forward passes' own:
a mistake in a forward pass then costs its own question only. NumPy only.
"""
import numpy as np

STEP_CACHE = ("x_t", "h_prev", "Wx", "Wh", "h_next")  # the names of a step cache's items


def step_cache(x_t, h_prev, Wx, Wh, b):
    """(x_t, h_prev, Wx, Wh, h_next) of one step h_next = tanh(x_t Wx + h_prev Wh + b)."""
    return (x_t, h_prev, Wx, Wh, np.tanh(x_t @ Wx + h_prev @ Wh + b))


def sequence_cache(x, h0, Wx, Wh, b):
    """The list of the T step caches of the unfolded RNN: cache[t] belongs to step t."""
    caches, h = [], h0
    for t in range(x.shape[1]):
        caches.append(step_cache(x[:, t], h, Wx, Wh, b))
        h = caches[-1][4]
    return caches
