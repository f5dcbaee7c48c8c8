"""Figures for the rnn_architectures_part1 notebook (drawing only; nothing here is graded)."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

X_COLOR, H_COLOR, Y_COLOR = "#f9e0b8", "#cde4f7", "#d5f0d0"


def _box(ax, x, y, text, color, w=0.62, h=0.42, fontsize=10):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.04",
                                facecolor=color, edgecolor="black", linewidth=1.0))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)


def _arrow(ax, start, end, color="black", rad=0.0, lw=1.2):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11,
                                 color=color, linewidth=lw,
                                 connectionstyle=f"arc3,rad={rad}"))


def _chain(ax, x0, n, inputs, outputs, y=1.0, dx=0.9, hidden="h", labels_in=None,
           labels_out=None, enter=True):
    """``n`` recurrent cells from ``x0``; ``inputs``/``outputs`` are step indices."""
    xs = [x0 + dx * t for t in range(n)]
    for t, x in enumerate(xs):
        _box(ax, x, y, f"${hidden}_{{{t}}}$" if hidden else "", H_COLOR)
        if t:
            _arrow(ax, (xs[t - 1] + 0.32, y), (x - 0.32, y), color="#c0392b")
        elif enter:
            _arrow(ax, (x - 0.75, y), (x - 0.32, y), color="#c0392b")
    for k, t in enumerate(inputs):
        _box(ax, xs[t], y - 1, labels_in[k] if labels_in else f"$x_{{{t}}}$", X_COLOR)
        _arrow(ax, (xs[t], y - 0.78), (xs[t], y - 0.22))
    for k, t in enumerate(outputs):
        _box(ax, xs[t], y + 1, labels_out[k] if labels_out else f"$y_{{{t}}}$", Y_COLOR)
        _arrow(ax, (xs[t], y + 0.22), (xs[t], y + 0.78))
    return xs


def draw_io_types():
    """The input/output configurations of a recurrent network, side by side."""
    fig, axes = plt.subplots(1, 5, figsize=(17, 3.9),
                             gridspec_kw={"width_ratios": [1.5, 3.3, 3.3, 3.3, 7.3]})
    panels = [
        ("one-to-one\n(a feedforward net)", dict(n=1, inputs=[0], outputs=[0]),
         "image -> class"),
        ("one-to-many", dict(n=3, inputs=[0], outputs=[0, 1, 2]),
         "seed -> generated text"),
        ("many-to-one", dict(n=3, inputs=[0, 1, 2], outputs=[2]),
         "review -> sentiment"),
        ("many-to-many, aligned", dict(n=3, inputs=[0, 1, 2], outputs=[0, 1, 2]),
         "words -> tags (one per word)"),
    ]
    for ax, (title, kw, example) in zip(axes, panels):
        _chain(ax, 0.0, enter=kw["n"] > 1, **kw)
        ax.set_title(title, fontsize=11)
        ax.text(0.9 * (kw["n"] - 1) / 2, -0.75, example, ha="center", fontsize=9,
                style="italic")
    ax = axes[4]
    xs = _chain(ax, 0.0, 4, [0, 1, 2, 3], [], hidden="e")
    _chain(ax, xs[-1] + 1.1, 3, [0, 1, 2], [0, 1, 2], hidden="d", enter=False,
           labels_in=["<s>", "$y_0$", "$y_1$"])
    _arrow(ax, (xs[-1] + 0.32, 1.0), (xs[-1] + 1.1 - 0.32, 1.0), color="#8e44ad", lw=2.2)
    ax.text(xs[-1] + 0.55, 1.3, "state", color="#8e44ad", ha="center", fontsize=9)
    ax.set_title("many-to-many, unaligned (encoder-decoder)", fontsize=11)
    ax.text(3.0, -0.75, "4 words -> 3 digits (lengths differ)", ha="center", fontsize=9,
            style="italic")
    widths = [1, 3, 3, 3]
    for ax, n in zip(axes, widths):
        ax.set_xlim(-0.9, 0.9 * (n - 1) + 0.6)
    axes[4].set_xlim(-0.9, xs[-1] + 1.1 + 1.8 + 0.6)
    for ax in axes:
        ax.set_ylim(-0.95, 2.45)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.suptitle("Input / output configurations (orange: inputs, blue: hidden states, "
                 "green: outputs)", fontsize=12)
    fig.tight_layout()
    return fig


def draw_receptive_field(kernel_size=3, num_layers=3, dilation_rate=1, length=None):
    """Which inputs one output of a stack of Conv1D layers can see."""
    span = num_layers * (kernel_size - 1) * dilation_rate
    length = length or span + 5
    fig, ax = plt.subplots(figsize=(min(14, max(7.5, 0.45 * length + 2)), 0.9 * num_layers + 1.6))
    reach = {num_layers: {span + 2}}
    for layer in range(num_layers, 0, -1):
        below = set()
        for p in reach[layer]:
            below |= {p - k * dilation_rate for k in range(kernel_size)}
        reach[layer - 1] = below
    for layer in range(num_layers + 1):
        # a "valid" convolution has fewer outputs per layer: output p is drawn at the
        # last input step of its window, so layer l starts at l * (K - 1) * d
        xs = np.arange(layer * (kernel_size - 1) * dilation_rate, length)
        used = reach.get(layer, set())
        colors = ["#c0392b" if i in used else "#bbbbbb" for i in xs]
        ax.scatter(xs, np.full(len(xs), layer), c=colors, s=60, zorder=3)
        if layer:
            for p in used:
                for k in range(kernel_size):
                    q = p - k * dilation_rate
                    ax.plot([q, p], [layer - 1, layer], color="#c0392b", lw=0.8, zorder=2)
    ax.set_yticks(range(num_layers + 1))
    ax.set_yticklabels(["input"] + [f"conv {i}" for i in range(1, num_layers + 1)])
    ax.set_xlabel("time step")
    ax.set_ylabel("layer")
    window = max(reach[0]) - min(reach[0]) + 1
    ax.set_title(f"kernel_size={kernel_size}, {num_layers} layers, dilation_rate="
                 f"{dilation_rate}: one output spans a window of {window} inputs",
                 fontsize=10)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


def plot_cnn_vs_rnn(results):
    """``results[task][model] = (val_accuracy_per_epoch, seconds)``."""
    fig, axes = plt.subplots(1, len(results) + 1, figsize=(15, 3.8))
    colors = {"CNN": "#2e86c1", "LSTM": "#c0392b"}
    for ax, (task, by_model) in zip(axes, results.items()):
        for name, (acc, _) in by_model.items():
            ax.plot(np.arange(1, len(acc) + 1), acc, "o-", color=colors.get(name), label=name)
        ax.axhline(0.5, color="gray", ls=":", lw=1, label="chance")
        ax.set_ylim(0.4, 1.02)
        ax.set_xlabel("epoch")
        ax.set_ylabel("validation accuracy")
        ax.set_title(task)
        ax.legend(loc="center right")
    ax = axes[-1]
    labels, secs, cols = [], [], []
    for task, by_model in results.items():
        for name, (_, s) in by_model.items():
            labels.append(f"{name}\n{task.split(':')[0]}")
            secs.append(s)
            cols.append(colors.get(name))
    ax.bar(range(len(secs)), secs, color=cols)
    ax.set_xticks(range(len(secs)))
    ax.set_xticklabels(labels, fontsize=8)
    ax.set_xlabel("model, task")
    ax.set_ylabel("seconds per epoch (median)")
    ax.set_title("training time")
    fig.tight_layout()
    return fig


def plot_histories(histories, metric="val_accuracy", title=""):
    """Curves of one metric for several ``keras.callbacks.History`` objects."""
    fig, ax = plt.subplots(figsize=(6.5, 3.4))
    for name, hist in histories.items():
        values = hist.history[metric]
        ax.plot(np.arange(1, len(values) + 1), values, "o-", label=name)
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric.replace("val_", "validation ").replace("_", " "))
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    return fig
