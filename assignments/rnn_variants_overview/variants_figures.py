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


def plot_sensitivity(fwd_half, bwd_half, T):
    """How much each half of the bidirectional output moves when only the last input changes."""
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    t = np.arange(T)
    fwd_half, bwd_half = np.asarray(fwd_half, float), np.asarray(bwd_half, float)
    ax.bar(t - 0.2, np.where(fwd_half > 0, fwd_half, np.nan), width=0.4, color="#1f77b4",
           label=r"forward half $\overrightarrow{h}_t$")
    ax.bar(t + 0.2, np.where(bwd_half > 0, bwd_half, np.nan), width=0.4, color="#d62728",
           label=r"backward half $\overleftarrow{h}_t$")
    ax.set_yscale("log")
    low = ax.get_ylim()[0]
    for step in t[fwd_half == 0]:
        ax.text(step - 0.2, low * 1.5, "0", ha="center", va="bottom", color="#1f77b4",
                fontsize=9)
    ax.set_xlabel("output step t")
    ax.set_ylabel(r"$\sum |\Delta y_t|$ over the half (log scale)")
    ax.set_title(f"Change only the last input $x_{{{T - 1}}}$: which outputs notice?")
    ax.set_xticks(t)
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


def plot_lstm_latch(x_signal, gates: dict, c, h):
    """Input and gate activations over time, then the cell and hidden states."""
    T = len(x_signal)
    t = np.arange(T)
    fig, axes = plt.subplots(3, 1, figsize=(9, 6.8), sharex=True)
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
    axes[2].legend(loc="center right", fontsize=9)
    for ax in axes:
        ax.set_xlabel("time step t")
        ax.tick_params(labelbottom=True)
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
    """Forward time against T (left) and parameter counts (right), per cell type, each with
    its ratio to the SimpleRNN."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
    colors = {"simple_rnn": "#7f7f7f", "lstm": "#1f77b4", "gru": "#d62728"}
    base_time = np.asarray(timings.get("simple_rnn", next(iter(timings.values()))), float)
    for cell, ms in timings.items():
        ratio = float(np.mean(np.asarray(ms, float) / base_time))
        ax1.plot(lengths, ms, "o-", color=colors.get(cell),
                 label=f"{cell} (time x{ratio:.1f})")
    ax1.set_xlabel("sequence length T")
    ax1.set_ylabel("forward pass time (ms)")
    ax1.set_title("Measured forward pass time (best of 5)")
    ax1.legend(fontsize=9, title="ratio to simple_rnn", title_fontsize=9)
    names = list(counts)
    base = counts.get("simple_rnn", counts[names[0]])
    ax2.bar(names, [counts[n] for n in names], color=[colors.get(n) for n in names])
    for i, n in enumerate(names):
        ax2.text(i, counts[n], f"{counts[n]:,} (x{counts[n] / base:.1f})", ha="center",
                 va="bottom")
    ax2.set_xlabel("recurrent layer")
    ax2.set_ylabel("parameters")
    ax2.set_title("Parameters for the same D and H")
    ax2.set_ylim(0, 1.15 * max(counts.values()))
    fig.tight_layout()
    return fig


def plot_trained_unit(c_unit, labels, gates: dict, unit: int, max_lines: int = 40):
    """One unit of a trained LSTM: its cell state per sequence (coloured by label), its gates."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
    colors = ("#1f77b4", "#d62728")
    for n in range(min(max_lines, len(labels))):
        ax1.plot(c_unit[n], color=colors[int(labels[n]) % 2], alpha=0.45, lw=1)
    for label, color in enumerate(colors):
        ax1.plot([], [], color=color, lw=2, label=f"sequences with symbol {label}")
    ax1.set_xlabel("time step t")
    ax1.set_ylabel(f"cell state $c_t$ of unit {unit}")
    ax1.set_title("Cell state, one line per sequence")
    ax1.legend(fontsize=9)
    for name, values in gates.items():
        ax2.plot(values, "o-", ms=4, label=name)
    ax2.set_ylim(-0.05, 1.05)
    ax2.set_xlabel("time step t")
    ax2.set_ylabel("gate value (mean over sequences)")
    ax2.set_title(f"Gates of unit {unit}")
    ax2.legend(fontsize=9)
    fig.tight_layout()
    return fig


def plot_gradient_through_time(curves: dict):
    """Gradient norms against the time step (log scale), one line per labelled curve."""
    fig, ax = plt.subplots(figsize=(9, 4.2))
    styles = {"SimpleRNN": ("#7f7f7f", "-"), "forget bias 1": ("#1f77b4", None),
              "forget bias 4": ("#d62728", None)}
    for label, norms in curves.items():
        color = next((c for key, (c, _) in styles.items() if key in label), None)
        dashed = "partial c" in label
        norms = np.where(np.asarray(norms) > 0, norms, np.nan)  # log scale: leave zeros out
        ax.semilogy(np.arange(len(norms)), norms, lw=2, color=color,
                    ls="--" if dashed else "-", label=label)
    ax.set_xlabel("time step t (the gradient starts at the last step and flows left)")
    ax.set_ylabel("gradient norm (log scale)")
    ax.set_title("How far back does the gradient of the last state reach?")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def plot_gru_gates(value, events: dict, gates: dict, h):
    """A hand-wired GRU: inputs and markers, the update and reset gates, the state."""
    T = len(value)
    t = np.arange(T)
    fig, axes = plt.subplots(3, 1, figsize=(9, 6.8), sharex=True)
    axes[0].step(t, value, where="mid", color="black", lw=1.2, label="input value")
    for (name, steps), color in zip(events.items(), ("#2ca02c", "#9467bd")):
        axes[0].vlines(steps, -1, 1, color=color, lw=4, alpha=0.45, label=name)
    axes[0].set_ylabel("input")
    axes[0].legend(loc="upper right", fontsize=8, ncol=3)
    for name, values in gates.items():
        axes[1].plot(t, values, marker="o", ms=3, label=name)
    axes[1].set_ylim(-0.05, 1.05)
    axes[1].set_ylabel("gate value")
    axes[1].legend(loc="center right", fontsize=9)
    axes[2].plot(t, h, marker="o", ms=3, color="#1f77b4", label="hidden state $h_t$")
    axes[2].set_ylabel("state")
    axes[2].legend(loc="upper right", fontsize=9)
    for ax in axes:
        ax.set_xlabel("time step t")
        ax.tick_params(labelbottom=True)
    fig.suptitle(r"A hand-wired GRU: $z_t \approx 1$ keeps $h$, $z_t \approx 0$ writes the "
                 r"candidate, which sees the old state only if $r_t \approx 1$")
    fig.tight_layout()
    return fig
