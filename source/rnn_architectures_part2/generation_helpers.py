"""Helpers for the rnn_architectures_part2 notebook: data, a diagram, small utilities.

Nothing here is graded. The name corpora (``data/census_names.txt``, real; ``data/
names.txt``, invented) and the Mauna Loa CO2 series (``data/co2_monthly.csv``) ship with
the assignment (``data/README.md`` gives their origin and licence); the sine waves are
generated with a seeded NumPy generator, so every run sees the same data.
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


def load_co2(path=None):
    """``(months, ppm, interpolated)`` from ``data/co2_monthly.csv``: the months as
    ``datetime64[M]``, the monthly mean CO2 in ppm, and a bool mask of the months that
    were filled by interpolation (no measurement that month)."""
    path = Path(path) if path else HERE / "data" / "co2_monthly.csv"
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    months = np.array([r[0] for r in rows], dtype="datetime64[M]")
    return (months, np.array([float(r[1]) for r in rows]),
            np.array([r[2] == "1" for r in rows]))


# --------------------------------------------------------------------- diagrams
def draw_generation_loop(tokens=("m", "i", "a", ".")):
    """The generation loop unrolled: sample a token, feed it back as the next input.

    One column per step; the start token '.' is the first input, every sampled token
    is the next input, and sampling the stop token '.' ends the sequence.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    steps = len(tokens)
    inputs = (".",) + tuple(tokens[:-1])
    fig, ax = plt.subplots(figsize=(2.3 * steps + 2.6, 4.6))

    def arrow(start, end, color="black", rad=0.0, ls="-"):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12,
                                     color=color, lw=1.3, ls=ls,
                                     connectionstyle=f"arc3,rad={rad}"))

    def box(x, y, text, color, w=0.9):
        ax.add_patch(_box(x, y, color, w=w))
        ax.text(x, y, text, ha="center", va="center", fontsize=10)

    rows = {"input $x_t$": 0, "state $h_t$": 1, r"$p_t=\mathrm{softmax}(z_t/\tau)$": 2,
            "sampled $y_t$": 3}
    for label, y in rows.items():
        ax.text(-1.3, y, label, ha="right", va="center", fontsize=10)
    dx = 2.0
    for t in range(steps):
        x = dx * t
        start = t == 0
        box(x, 0, f"'{inputs[t]}'" + ("\nstart" if start else ""), "#fdd0a2")
        box(x, 1, f"$h_{t + 1}$", "#9ecae1")
        box(x, 2, f"$p_{t + 1}$", "#e5e5e5")
        stop = tokens[t] == "."
        box(x, 3, f"'{tokens[t]}'" + ("\nstop" if stop else ""),
            "#fc9272" if stop else "#c7e9c0")
        arrow((x, 0.32), (x, 0.68))
        arrow((x, 1.32), (x, 1.68))
        arrow((x, 2.32), (x, 2.68))
        ax.text(x + 0.08, 2.5, "sample", fontsize=8, color="#555555")
        if t:
            arrow((x - dx + 0.47, 1), (x - 0.47, 1), color="#c0392b")
        else:
            arrow((x - 0.95, 1), (x - 0.47, 1), color="#c0392b")
            ax.text(x - 0.75, 1.12, "$h_0$", fontsize=9, color="#c0392b", ha="center")
        if t + 1 < steps:  # feed back: the sampled token is the next step's input
            arrow((x + 0.47, 3), (x + dx - 0.47, 0.05), color="#2171b5", rad=-0.25, ls="--")
    ax.text(dx * (steps - 1) + 0.6, 3, "end", va="center", fontsize=9, color="#cb181d")
    ax.set_xlim(-3.8, dx * (steps - 1) + 1.2)
    ax.set_ylim(-0.6, 3.6)
    ax.axis("off")
    ax.set_title("Generation (one-to-many): sample a token from $p_t$, feed it back as the "
                 "next input (dashed), stop at the stop token", fontsize=11)
    return fig


def _box(x, y, color, w=0.56, h=0.56):
    from matplotlib.patches import FancyBboxPatch
    return FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02",
                          facecolor=color, edgecolor="black")
