"""Figures for the rnn_variants_overview notebook (drawing only; nothing here is graded)."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

FWD, BWD, INP, OUT, GATE, BELT = ("#cde4f7", "#f7d9cd", "#f9e0b8", "#d5f0d0", "#e8dcf5",
                                  "#fff3b0")


def _box(ax, x, y, text, color, w=0.8, h=0.5, fontsize=11):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.05",
                                facecolor=color, edgecolor="black", linewidth=1.2))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)


def _arrow(ax, start, end, color="black", rad=0.0, lw=1.4):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                 color=color, linewidth=lw,
                                 connectionstyle=f"arc3,rad={rad}"))


def draw_bidirectional(steps: int = 4):
    """Two chains over the same inputs: left-to-right (blue) and right-to-left (red)."""
    fig, ax = plt.subplots(figsize=(2.0 * steps + 1.5, 4.4))
    for t in range(steps):
        x = 1.8 * t
        _box(ax, x, 0, f"$x_{t}$", INP)
        _box(ax, x, 1.1, rf"$\overrightarrow{{h}}_{t}$", FWD)
        _box(ax, x, 2.2, rf"$\overleftarrow{{h}}_{t}$", BWD)
        _box(ax, x, 3.4, f"$y_{t}$", OUT)
        _arrow(ax, (x - 0.15, 0.28), (x - 0.15, 0.82))
        _arrow(ax, (x + 0.45, 0.2), (x + 0.3, 1.92), rad=0.25)
        _arrow(ax, (x - 0.25, 1.38), (x - 0.25, 3.12), color="#1f5f99", rad=-0.25)
        _arrow(ax, (x, 2.48), (x, 3.12), color="#a33b20")
        if t:
            _arrow(ax, (x - 1.35, 1.1), (x - 0.45, 1.1), color="#1f5f99")
            _arrow(ax, (x - 0.45, 2.2), (x - 1.35, 2.2), color="#a33b20")
    ax.text(-1.05, 1.1, "forward\n(past)", ha="center", va="center", color="#1f5f99")
    ax.text(1.8 * steps - 0.75, 2.2, "backward\n(future)", ha="center", va="center",
            color="#a33b20")
    ax.text(1.8 * (steps - 1) / 2, 3.95, r"$y_t = \mathrm{merge}(\overrightarrow{h}_t,"
            r"\ \overleftarrow{h}_t)$", ha="center", fontsize=12)
    ax.set_xlim(-1.7, 1.8 * steps - 0.1)
    ax.set_ylim(-0.5, 4.3)
    ax.axis("off")
    return fig


def draw_lstm_cell():
    """The LSTM cell: the cell state runs along the top like a conveyor belt."""
    fig, ax = plt.subplots(figsize=(9.5, 4.6))
    # the conveyor belt
    ax.add_patch(FancyBboxPatch((0.2, 3.05), 8.6, 0.5, boxstyle="round,pad=0.02",
                                facecolor=BELT, edgecolor="none"))
    ax.text(0.0, 3.3, "$c_{t-1}$", ha="right", va="center", fontsize=13)
    ax.text(9.0, 3.3, "$c_t$", ha="left", va="center", fontsize=13)
    _arrow(ax, (0.1, 3.3), (8.9, 3.3), lw=2.2)
    for x, sym in ((2.2, r"$\times$"), (4.6, "$+$")):
        ax.add_patch(plt.Circle((x, 3.3), 0.28, facecolor="white", edgecolor="black", zorder=3))
        ax.text(x, 3.3, sym, ha="center", va="center", fontsize=14, zorder=4)
    # the gates, fed by [h_{t-1}, x_t]
    gates = [(2.2, "forget $f_t$", r"$\sigma$"), (3.7, "input $i_t$", r"$\sigma$"),
             (5.2, "candidate $g_t$", r"$\tanh$"), (6.9, "output $o_t$", r"$\sigma$")]
    ax.plot([0.4, 6.9], [0.3, 0.3], color="black", lw=1.4)
    ax.text(0.0, 0.3, "$h_{t-1}, x_t$", ha="right", va="center", fontsize=12)
    for x, label, act in gates:
        _box(ax, x, 1.55, act, GATE, w=0.9, h=0.5, fontsize=12)
        ax.text(x, 0.95, label, fontsize=9, va="center", ha="center", zorder=3,
                bbox=dict(facecolor="white", edgecolor="none", pad=1))
        ax.plot([x, x], [0.3, 1.2], color="black", lw=1.2)
    _arrow(ax, (2.2, 1.8), (2.2, 3.0))
    # i * g joins the belt at "+"
    ax.add_patch(plt.Circle((4.45, 2.35), 0.22, facecolor="white", edgecolor="black", zorder=3))
    ax.text(4.45, 2.35, r"$\times$", ha="center", va="center", fontsize=12, zorder=4)
    _arrow(ax, (3.7, 1.8), (4.28, 2.22))
    _arrow(ax, (5.2, 1.8), (4.62, 2.22))
    _arrow(ax, (4.5, 2.57), (4.58, 3.01))
    # output: h_t = o * tanh(c_t)
    _box(ax, 7.8, 2.45, r"$\tanh$", GATE, w=0.8, h=0.45, fontsize=11)
    _arrow(ax, (7.8, 3.3), (7.8, 2.7))
    ax.add_patch(plt.Circle((7.8, 1.5), 0.22, facecolor="white", edgecolor="black", zorder=3))
    ax.text(7.8, 1.5, r"$\times$", ha="center", va="center", fontsize=12, zorder=4)
    _arrow(ax, (7.8, 2.2), (7.8, 1.73))
    _arrow(ax, (7.38, 1.5), (7.57, 1.5))
    _arrow(ax, (8.03, 1.5), (8.9, 1.5))
    ax.text(9.0, 1.5, "$h_t$", ha="left", va="center", fontsize=13)
    ax.text(4.5, 4.0, "cell state: only an elementwise $\\times f_t$ and $+\\,i_t g_t$ per step",
            ha="center", fontsize=11)
    ax.set_xlim(-1.0, 9.7)
    ax.set_ylim(0.0, 4.3)
    ax.axis("off")
    return fig


def plot_sensitivity(uni, bi, T):
    """How much each output moves when only the last input changes."""
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    t = np.arange(T)
    ax.bar(t - 0.2, uni, width=0.4, label="forward RNN only", color="#1f77b4")
    ax.bar(t + 0.2, bi, width=0.4, label="bidirectional RNN", color="#d62728")
    ax.set_xlabel("output step t")
    ax.set_ylabel(r"$|\Delta y_t|$")
    ax.set_title(f"Change the last input $x_{{{T - 1}}}$: which outputs notice?")
    ax.set_xticks(t)
    ax.legend()
    fig.tight_layout()
    return fig


def plot_lstm_latch(x_signal, gates: dict, c, h):
    """Input and gate activations over time, then the cell and hidden states."""
    T = len(x_signal)
    t = np.arange(T)
    fig, axes = plt.subplots(3, 1, figsize=(9, 6.4), sharex=True)
    axes[0].step(t, x_signal, where="mid", color="black", lw=1.2, label="input value")
    axes[0].set_ylabel("input")
    axes[0].legend(loc="upper right", fontsize=9)
    for name, values in gates.items():
        axes[1].plot(t, values, marker="o", ms=3, label=name)
    axes[1].set_ylim(-0.05, 1.05)
    axes[1].set_ylabel("gate value")
    axes[1].legend(loc="center right", fontsize=9, ncol=3)
    axes[2].plot(t, c, marker="o", ms=3, label="cell state $c_t$", color="#b8860b")
    axes[2].plot(t, h, marker="o", ms=3, label="hidden state $h_t$", color="#1f77b4")
    axes[2].set_ylabel("state")
    axes[2].set_xlabel("time step t")
    axes[2].legend(loc="center right", fontsize=9)
    fig.suptitle("A hand-wired LSTM 'latch': store when the marker is on, hold otherwise")
    fig.tight_layout()
    return fig


def plot_accuracy_vs_length(lengths, accuracies: dict, chance: float):
    """Validation accuracy of each cell type against the sequence length T."""
    fig, ax = plt.subplots(figsize=(7, 3.8))
    styles = {"simple_rnn": ("o-", "#7f7f7f"), "lstm": ("s-", "#1f77b4"),
              "gru": ("^-", "#d62728")}
    for cell, accs in accuracies.items():
        marker, color = styles.get(cell, ("o-", None))
        ax.plot(lengths, accs, marker, color=color, label=cell, lw=2, ms=7)
    ax.axhline(chance, ls="--", color="black", lw=1, label="chance")
    ax.set_xlabel("sequence length T (steps between the symbol and the question)")
    ax.set_ylabel("validation accuracy")
    ax.set_ylim(0, 1.05)
    ax.set_xticks(list(lengths))
    ax.set_title("Recall the first symbol through T noisy steps")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_cost_comparison(lengths, timings: dict, counts: dict):
    """Forward time against T (left) and parameter counts (right), per cell type."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    colors = {"simple_rnn": "#7f7f7f", "lstm": "#1f77b4", "gru": "#d62728"}
    for cell, ms in timings.items():
        ax1.plot(lengths, ms, "o-", color=colors.get(cell), label=cell)
    ax1.set_xlabel("sequence length T")
    ax1.set_ylabel("forward pass time (ms)")
    ax1.set_title("Forward pass time (best of 5)")
    ax1.legend()
    names = list(counts)
    ax2.bar(names, [counts[n] for n in names], color=[colors.get(n) for n in names])
    for i, n in enumerate(names):
        ax2.text(i, counts[n], f"{counts[n]:,}", ha="center", va="bottom")
    ax2.set_ylabel("parameters")
    ax2.set_title("Parameters for the same D and H")
    fig.tight_layout()
    return fig


def plot_trained_unit(c_unit, labels, gates: dict, unit: int, max_lines: int = 40):
    """One unit of a trained LSTM: its cell state per sequence (coloured by label), its gates."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.6))
    colors = ("#1f77b4", "#d62728")
    for n in range(min(max_lines, len(labels))):
        ax1.plot(c_unit[n], color=colors[int(labels[n]) % 2], alpha=0.45, lw=1)
    ax1.set_xlabel("time step t")
    ax1.set_ylabel(f"cell state $c_t$ of unit {unit}")
    ax1.set_title("Cell state per sequence (blue: symbol 0, red: symbol 1)")
    for name, values in gates.items():
        ax2.plot(values, "o-", ms=4, label=name)
    ax2.set_ylim(-0.05, 1.05)
    ax2.set_xlabel("time step t")
    ax2.set_ylabel("gate value (mean over sequences)")
    ax2.set_title(f"Gates of unit {unit}")
    ax2.legend()
    fig.tight_layout()
    return fig
