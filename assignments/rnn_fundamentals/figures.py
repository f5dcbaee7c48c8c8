"""Figures for the rnn_fundamentals notebook (drawing only; nothing here is graded)."""
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch


def _box(ax, x, y, text, color, w=0.8, h=0.5):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.05",
                                facecolor=color, edgecolor="black", linewidth=1.2))
    ax.text(x, y, text, ha="center", va="center", fontsize=11)


def _arrow(ax, start, end, color="black", style="-|>", rad=0.0):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=14,
                                 color=color, linewidth=1.4,
                                 connectionstyle=f"arc3,rad={rad}"))


def draw_unrolled_rnn(steps: int = 4):
    """The folded cell (left) and the same cell unrolled over ``steps`` time steps."""
    fig, ax = plt.subplots(figsize=(2.2 * steps + 3, 3.6))
    # folded view: one cell with a self-loop
    _box(ax, 0, 1, "$h$", "#cde4f7")
    _box(ax, 0, 0, "$x_t$", "#f9e0b8")
    _arrow(ax, (0, 0.28), (0, 0.72))
    _arrow(ax, (0.35, 1.2), (-0.35, 1.2), color="#c0392b", rad=-1.6)
    ax.text(0, 1.85, "$W_h$", ha="center", color="#c0392b")
    ax.text(1.1, 0.5, "=", fontsize=22, ha="center", va="center")
    # unrolled view: one copy of the same cell per step, sharing Wx, Wh, b
    for t in range(steps):
        x = 2.2 + 1.7 * t
        _box(ax, x, 1, f"$h_{t}$", "#cde4f7")
        _box(ax, x, 0, f"$x_{t}$", "#f9e0b8")
        _arrow(ax, (x, 0.28), (x, 0.72))
        ax.text(x + 0.12, 0.5, "$W_x$", fontsize=9)
        prev = x - 1.7
        start = (prev + 0.45, 1) if t else (x - 1.05, 1)
        _arrow(ax, start, (x - 0.45, 1), color="#c0392b")
        ax.text(x - 0.85, 1.12, "$W_h$" if t else "$h_{-1}$", fontsize=9, color="#c0392b",
                ha="center")
    ax.set_xlim(-0.8, 2.2 + 1.7 * steps)
    ax.set_ylim(-0.6, 2.2)
    ax.axis("off")
    ax.set_title("Unfolding: one cell, the same weights at every step", fontsize=12)
    return fig


def plot_gradient_norms(curves: dict, title: str):
    """``curves`` maps a label to norms over t (log scale shows vanishing/exploding)."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    for label, norms in curves.items():
        ax.semilogy(range(len(norms)), norms, marker="o", markersize=3, label=label)
    ax.set_xlabel("time step t")
    ax.set_ylabel(r"$\|\partial L / \partial h_t\|$")
    ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    return fig
