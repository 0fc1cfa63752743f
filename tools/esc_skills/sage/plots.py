"""Emotion trajectories as a PNG (matplotlib, Agg backend, imported only when plotting)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from esc_skills import atomic
from esc_skills.data.traces import Trace
from esc_skills.sage.metrics import FAILURE_BELOW, SUCCESS_AT
from esc_skills.sage.runinfo import RunInfo

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SMOKE_COLOUR = "#b00020"


def plot_trajectories(
    runs: Mapping[str, Sequence[Trace]], path: str | os.PathLike[str], *, title: str = ""
) -> Path:
    """Write :func:`trajectory_figure` as a PNG."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig = trajectory_figure(runs, title=title)  # selects the Agg backend before pyplot loads
    return save_png(fig, path)


def save_png(fig: Figure, path: Path) -> Path:
    """Write ``fig`` to ``path`` as a PNG atomically and free it."""
    import matplotlib.pyplot as plt

    with atomic.open_binary(path) as handle:
        fig.savefig(handle, dpi=110, format="png")
    plt.close(fig)
    return path


def threshold_lines(ax: Axes, *, linestyle: str, linewidth: float) -> None:
    """SAGE's Success and Failure emotion thresholds as labelled horizontal lines."""
    ax.axhline(
        SUCCESS_AT,
        color="green",
        linestyle=linestyle,
        linewidth=linewidth,
        label=f"Success ({SUCCESS_AT})",
    )
    ax.axhline(
        FAILURE_BELOW,
        color="red",
        linestyle=linestyle,
        linewidth=linewidth,
        label=f"Failure (below {FAILURE_BELOW})",
    )


def trajectory_figure(runs: Mapping[str, Sequence[Trace]], *, title: str = "") -> Figure:
    """Each conversation's emotion per seeker turn (thin) and each run's mean (thick).

    The title is ``title`` (default "SAGE emotion trajectories"); under it a line names the
    bank, the models and the profiles, and a smoke-model run says so in red.
    """
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and in CI
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    info = RunInfo.of(t for traces in runs.values() for t in traces)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), gridspec_kw={"width_ratios": [3, 2]})
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for number, (label, traces) in enumerate(runs.items()):
        colour = colours[number % len(colours)]
        curves = [t.emotions() for t in traces if t.completed and t.emotions()]
        faint = 0.35 if len(curves) <= 10 else 0.12  # many thin lines blur into a band
        for curve in curves:
            left.plot(range(1, len(curve) + 1), curve, color=colour, alpha=faint, linewidth=0.8)
        longest = max((len(c) for c in curves), default=0)
        # A finished conversation keeps its final value, so the mean is over all of them.
        mean = [sum(c[min(i, len(c) - 1)] for c in curves) / len(curves) for i in range(longest)]
        if mean:
            left.plot(range(1, longest + 1), mean, color=colour, linewidth=2.5, label=label)
        finals = [t.final_emotion for t in traces if t.completed and t.final_emotion is not None]
        right.hist(finals, bins=range(0, 111, 10), alpha=0.55, color=colour, label=label)
    threshold_lines(left, linestyle=":", linewidth=1.2)
    left.set(
        xlabel="seeker turn", ylabel="emotion (0-100)", ylim=(-2, 104), title="Emotion per turn"
    )
    left.xaxis.set_major_locator(MaxNLocator(integer=True))  # turns are whole numbers
    left.legend(loc="lower left", fontsize="small")
    right.set(xlabel="final emotion", ylabel="conversations", title="Final emotion")
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    if right.get_legend_handles_labels()[0]:
        right.legend(loc="upper left", fontsize="small")
    banner = info.smoke_banner()
    fig.suptitle(title or "SAGE emotion trajectories", fontsize="large", fontweight="bold")
    fig.text(0.5, 0.905, info.describe(), ha="center", fontsize="medium")
    if banner:
        fig.text(0.5, 0.87, banner, ha="center", fontsize="medium", color=SMOKE_COLOUR)
    fig.tight_layout(rect=(0, 0, 1, 0.86 if banner else 0.89))
    return fig
