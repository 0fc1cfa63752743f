"""The experiment report's pictures: score per bank with CI, trajectories, Success/Failure."""

from __future__ import annotations

from pathlib import Path

from esc_skills.experiment.plan import Experiment
from esc_skills.experiment.rows import SageRow
from esc_skills.sage.metrics import FAILURE_BELOW, SUCCESS_AT
from esc_skills.sage.plots import save_png, threshold_lines


def write_plots(exp: Experiment, sage: list[SageRow], folder: Path, smoke_note: str) -> list[Path]:
    """Score per bank with CI, emotion trajectories, and Success/Failure per bank (PNGs)."""
    if not sage:
        return []
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    smoke = "\n" + smoke_note.split(":")[0] + " (embedded/fake model)" if exp.smoke else ""
    labels = [f"{r['bank']}\n{r['backbone']}" for r in sage]
    n = max(r["n"] for r in sage)
    written = []

    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(sage)), 4.2))
    scores = [r["score"] or 0 for r in sage]
    errors = [
        [s - r["score_ci"][0] for s, r in zip(scores, sage, strict=True)],
        [r["score_ci"][1] - s for s, r in zip(scores, sage, strict=True)],
    ]
    ax.bar(labels, scores, yerr=errors, capsize=4, color="#4C78A8")
    ax.set_ylim(0, 100)
    ax.set_ylabel("Sentient score (mean final emotion)")
    ax.set_title(f"{exp.name}: Sentient score per bank, 95% CI ({n} conversations){smoke}")
    fig.tight_layout()
    written.append(save_png(fig, folder / "score_by_bank.png"))

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for row, label in zip(sage, labels, strict=True):
        rounds = range(1, len(row["trajectory"]) + 1)
        ax.plot(rounds, row["trajectory"], marker="o", label=label.replace("\n", " / "))
    threshold_lines(ax, linestyle="--", linewidth=1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("seeker turn")
    ax.set_ylabel("mean emotion")
    ax.set_ylim(0, 105)
    ax.set_title(f"{exp.name}: emotion trajectories per bank{smoke}")
    ax.legend(fontsize=7, loc="best")
    fig.tight_layout()
    written.append(save_png(fig, folder / "trajectories.png"))

    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(sage)), 4.2))
    success = [r["success"] for r in sage]
    failure = [r["failure"] for r in sage]
    ax.bar(labels, success, color="#59A14F", label=f"Success (final {SUCCESS_AT})")
    ax.bar(
        labels, failure, bottom=success, color="#E15759", label=f"Failure (final < {FAILURE_BELOW})"
    )
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("conversations")
    ax.set_title(f"{exp.name}: Success and Failure per bank{smoke}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    written.append(save_png(fig, folder / "outcomes.png"))
    return written
