"""Helpers for the rnn_architectures_part2 notebook: data, diagrams, small utilities.

Nothing here is graded. The names corpus ships in ``data/names.txt`` (see
``data/README.md`` for its origin and licence); the sine waves are generated with
a seeded NumPy generator, so every run sees the same data.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
PAD, BOUNDARY = 0, 1          # id 0 pads, id 1 ('.') starts and ends every name


# --------------------------------------------------------------------- names corpus
def load_names(path=None) -> list[str]:
    path = Path(path) if path else HERE / "data" / "names.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def build_vocab(names):
    """``(chars, char_to_id)``: id 0 is padding, id 1 is the boundary '.', then letters."""
    letters = sorted(set("".join(names)))
    chars = ["<pad>", "."] + letters
    return chars, {c: i for i, c in enumerate(chars)}


def encode_names(names, char_to_id, max_len=None):
    """Teacher-forcing pairs: input ``.name`` and target ``name.``, padded with 0.

    Returns ``(x, y)``, both int arrays of shape ``(len(names), max_len + 1)``.
    """
    max_len = max_len or max(len(n) for n in names)
    x = np.zeros((len(names), max_len + 1), dtype=np.int64)
    y = np.zeros_like(x)
    for row, name in enumerate(names):
        ids = [char_to_id[c] for c in name[:max_len]]
        x[row, :len(ids) + 1] = [BOUNDARY] + ids
        y[row, :len(ids) + 1] = ids + [BOUNDARY]
    return x, y


def decode(ids, chars) -> str:
    return "".join(chars[i] for i in ids if i > BOUNDARY)


# --------------------------------------------------------------------- time series
def noisy_sine(length=400, period=40.0, noise=0.1, seed=0):
    """``(t, clean, noisy)``: a sine wave with Gaussian noise, reproducible by seed."""
    rng = np.random.default_rng(seed)
    t = np.arange(length, dtype=float)
    clean = np.sin(2 * np.pi * t / period)
    return t, clean, clean + noise * rng.standard_normal(length)


def sliding_windows(series, window):
    """Every window of ``window`` values and the value right after it: ``(X, y)``."""
    series = np.asarray(series, dtype=float)
    m = len(series) - window
    X = np.stack([series[i:i + window] for i in range(m)])
    return X, series[window:]


# --------------------------------------------------------------------- diagrams
def draw_patterns(ax_row):
    """Draw one-to-one, one-to-many, many-to-one and many-to-many on four axes."""
    layouts = {
        "one-to-one": ([0], [0], 1),
        "one-to-many": ([0], [0, 1, 2, 3], 4),
        "many-to-one": ([0, 1, 2, 3], [3], 4),
        "many-to-many": ([0, 1, 2, 3], [0, 1, 2, 3], 4),
    }
    for ax, (title, (ins, outs, steps)) in zip(ax_row, layouts.items()):
        for t in range(steps):
            ax.add_patch(_box(t, 1, "#9ecae1"))
            ax.text(t, 1, "h", ha="center", va="center", fontsize=11)
            if t + 1 < steps:
                ax.annotate("", (t + 0.72, 1), (t + 0.28, 1),
                            arrowprops=dict(arrowstyle="->", lw=1.5))
        for t in ins:
            ax.add_patch(_box(t, 0, "#fdd0a2"))
            ax.text(t, 0, "x", ha="center", va="center", fontsize=11)
            ax.annotate("", (t, 0.72), (t, 0.28), arrowprops=dict(arrowstyle="->", lw=1.5))
        for t in outs:
            ax.add_patch(_box(t, 2, "#c7e9c0"))
            ax.text(t, 2, "y", ha="center", va="center", fontsize=11)
            ax.annotate("", (t, 1.72), (t, 1.28), arrowprops=dict(arrowstyle="->", lw=1.5))
        if title == "one-to-many":   # generation: each output is fed back as the next input
            for t in outs[:-1]:
                ax.annotate("", (t + 0.8, 1.25), (t + 0.25, 1.95),
                            arrowprops=dict(arrowstyle="->", lw=1, ls="--", color="gray",
                                            connectionstyle="arc3,rad=-0.3"))
        ax.set_xlim(-0.6, 3.6)
        ax.set_ylim(-0.6, 2.6)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title)


def _box(x, y, color):
    from matplotlib.patches import FancyBboxPatch
    return FancyBboxPatch((x - 0.28, y - 0.28), 0.56, 0.56, boxstyle="round,pad=0.02",
                          facecolor=color, edgecolor="black")
