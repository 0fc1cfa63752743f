"""Emotion trajectories as a PNG (matplotlib, Agg backend, imported only when plotting)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from esc_skills import atomic
from esc_skills.data.traces import Trace


def plot_trajectories(
    runs: Mapping[str, Sequence[Trace]], path: str | os.PathLike[str], *, title: str = ""
) -> Path:
    """Each conversation's emotion per seeker turn (thin) and each run's mean (thick)."""
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and in CI
    import matplotlib.pyplot as plt

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5), gridspec_kw={"width_ratios": [3, 2]})
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for number, (label, traces) in enumerate(runs.items()):
        colour = colours[number % len(colours)]
        curves = [t.emotions() for t in traces if t.completed and t.emotions()]
        for curve in curves:
            left.plot(range(1, len(curve) + 1), curve, color=colour, alpha=0.12, linewidth=0.8)
        longest = max((len(c) for c in curves), default=0)
        # A finished conversation keeps its final value, so the mean is over all of them.
        mean = [sum(c[min(i, len(c) - 1)] for c in curves) / len(curves) for i in range(longest)]
        if mean:
            left.plot(range(1, longest + 1), mean, color=colour, linewidth=2.5, label=label)
        finals = [t.final_emotion for t in traces if t.completed and t.final_emotion is not None]
        right.hist(finals, bins=range(0, 111, 10), alpha=0.55, color=colour, label=label)
    left.axhline(100, color="green", linestyle=":", linewidth=1)
    left.axhline(10, color="red", linestyle=":", linewidth=1)
    left.set(xlabel="seeker turn", ylabel="emotion", ylim=(-2, 104), title="Emotion trajectories")
    if left.get_legend_handles_labels()[0]:
        left.legend(loc="lower left")
    right.set(xlabel="final emotion", ylabel="conversations", title="Final emotion")
    if right.get_legend_handles_labels()[0]:
        right.legend(loc="upper left")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    with atomic.open_binary(path) as handle:
        fig.savefig(handle, dpi=110, format="png")
    plt.close(fig)
    return path
