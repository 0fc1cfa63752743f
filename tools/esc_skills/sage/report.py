"""Render SAGE metrics and comparisons as text, JSON or markdown; write a report folder."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path

from esc_skills import atomic
from esc_skills.data.profiles import MAIN_CHA
from esc_skills.data.traces import Trace
from esc_skills.sage.compare import Comparison
from esc_skills.sage.metrics import GroupScore, Metrics
from esc_skills.sage.usage import usage_text

FORMATS = ("text", "json", "markdown")


def _row(name: str, g: GroupScore) -> str:
    return f"| {name} | {g.conversations} | {g.sentient_score:.1f} | {g.success} | {g.failure} |"


def _cha(name: str) -> str:
    return f"{name} ({MAIN_CHA[name]})" if name in MAIN_CHA else name


def metrics_text(m: Metrics, title: str = "", *, usage: bool = True) -> str:
    """A short plain-text summary; ``usage=False`` leaves the usage table to the caller."""
    lines = [title] if title else []
    lines.append(m.run.describe())
    banner = m.run.smoke_banner()
    if banner:
        lines.append(banner)
    lines.append(
        f"Sentient score {m.sentient_score:.1f}  Success {m.success}  Failure {m.failure}  "
        f"({m.conversations} conversations, {m.errored} errored, {m.mean_rounds:.1f} rounds avg)"
    )
    lines.append("end reasons: " + ", ".join(f"{k} {v}" for k, v in m.end_reasons.items()))
    for name, g in m.by_main_cha.items():
        lines.append(f"  {_cha(name):<22} {g.sentient_score:5.1f}  S {g.success:<3} F {g.failure}")
    if m.skills_applied:
        top = list(m.skills_applied.items())[:8]
        lines.append("skills applied: " + ", ".join(f"{k} x{v}" for k, v in top))
    if usage and (m.usage.get("calls") or m.usage.get("cache_hits")):
        lines.append(usage_text(m.usage, name="traces"))
    return "\n".join(lines)


def metrics_markdown(m: Metrics, *, title: str = "SAGE evaluation", plot: str | None = None) -> str:
    """A markdown report: headline, breakdowns, per-profile table."""
    out = [f"# {title}", "", m.run.describe(), ""]
    banner = m.run.smoke_banner()
    if banner:
        out += [f"> **{banner}.** Its scores say nothing about the skills; use a real model.", ""]
    out += [
        "| Sentient score | Success (=100) | Failure (<10) | Conversations | Errored |",
        "|---|---|---|---|---|",
        f"| {m.sentient_score:.1f} | {m.success} | {m.failure} | {m.conversations} | {m.errored} |",
        "",
        f"Mean rounds {m.mean_rounds:.1f}; end reasons: "
        + ", ".join(f"{k} {v}" for k, v in m.end_reasons.items())
        + ".",
        "",
    ]
    if plot:
        out += [f"![Emotion trajectories]({plot})", ""]
    head = ["| Group | n | Score | Success | Failure |", "|---|---|---|---|---|"]
    out += ["## By temperament (main_cha)", "", *head]
    out += [_row(_cha(k), g) for k, g in m.by_main_cha.items()] + [""]
    out += ["## By hidden goal (task)", "", *head]
    out += [_row(k, g) for k, g in m.by_task.items()] + [""]
    if m.skills_applied:
        out += ["## Skills applied", "", "| Skill | Turns |", "|---|---|"]
        out += [f"| {k} | {v} |" for k, v in m.skills_applied.items()] + [""]
    if m.errored:
        out += [f"{m.errored} conversation(s) errored; they are excluded from the scores.", ""]
    out += ["## Per profile", "", "| Profile | main_cha | Final | End | Rounds | Skills applied |"]
    out += ["|---|---|---|---|---|---|"]
    for p in sorted(m.per_profile, key=lambda p: (p.final_emotion is None, p.final_emotion or 0)):
        final = "errored" if p.final_emotion is None else str(p.final_emotion)
        out.append(
            f"| {p.profile_id} | {p.main_cha} | {final} | {p.end_reason} | {p.rounds} | "
            f"{p.skills_applied} |"
        )
    return "\n".join(out) + "\n"


def render_metrics(m: Metrics, fmt: str, title: str = "") -> str:
    """Metrics in one of FORMATS."""
    if fmt == "json":
        return json.dumps(m.to_dict(), ensure_ascii=False, indent=2)
    if fmt == "markdown":
        return metrics_markdown(m, title=title or "SAGE evaluation")
    return metrics_text(m, title)


def comparison_text(c: Comparison, a_name: str = "A", b_name: str = "B") -> str:
    """Plain-text comparison summary."""
    verdict = "significant" if c.significant else "not significant"
    return "\n".join(
        [
            f"A {a_name}: {c.a.headline()}   B {b_name}: {c.b.headline()}",
            f"paired profiles {len(c.pairs)}: B - A mean {c.mean_diff:+.2f}, "
            f"{c.confidence:.0%} bootstrap CI [{c.ci_low:+.2f}, {c.ci_high:+.2f}] ({verdict}; "
            f"{c.resamples} resamples, seed {c.seed})",
            f"B higher on {c.wins}, lower on {c.losses}, equal on {c.ties}"
            + (f"; only in A {len(c.only_in_a)}" if c.only_in_a else "")
            + (f"; only in B {len(c.only_in_b)}" if c.only_in_b else ""),
        ]
    )


def comparison_markdown(c: Comparison, a_name: str = "A", b_name: str = "B") -> str:
    """Markdown comparison with the per-profile paired table."""
    out = [
        "# SAGE comparison",
        "",
        "| Run | Score | Success | Failure | n |",
        "|---|---|---|---|---|",
    ]
    for name, m in ((a_name, c.a), (b_name, c.b)):
        out.append(
            f"| {name} | {m.sentient_score:.1f} | {m.success} | {m.failure} | {m.conversations} |"
        )
    out += ["", comparison_text(c, a_name, b_name).replace("\n", "  \n"), ""]
    out += ["| Profile | A | B | B - A |", "|---|---|---|---|"]
    out += [
        f"| {p.profile_id} | {p.a} | {p.b} | {p.diff:+d} |"
        for p in sorted(c.pairs, key=lambda p: p.diff)
    ]
    return "\n".join(out) + "\n"


def write_report(
    metrics: Metrics, traces: Sequence[Trace], folder: str | os.PathLike[str], *, title: str
) -> list[Path]:
    """Write report.md, metrics.json, per_profile.csv and trajectories.png into ``folder``."""
    from esc_skills.outputs import make_output_folder
    from esc_skills.sage.plots import plot_trajectories

    folder = make_output_folder(Path(folder), "--report", "report")
    plot = plot_trajectories({title: list(traces)}, folder / "trajectories.png", title=title)
    written = [plot]
    md = folder / "report.md"
    atomic.write_text(md, metrics_markdown(metrics, title=title, plot=plot.name))
    js = folder / "metrics.json"
    atomic.write_text(js, json.dumps(metrics.to_dict(), ensure_ascii=False, indent=2) + "\n")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["profile_id", "main_cha", "task", "final_emotion", "end_reason", "rounds"])
    for p in metrics.per_profile:
        writer.writerow([p.profile_id, p.main_cha, p.task, p.final_emotion, p.end_reason, p.rounds])
    table = folder / "per_profile.csv"
    atomic.write_text(table, buffer.getvalue())
    return [md, js, table, *written]
