"""The experiment report: the paper's two tables with paired bootstrap CIs, breakdowns, plots.

Written as ``report.md`` (PNG files beside it), ``report.html`` (one self-contained page,
pictures embedded) and ``results.json``. Runs on a smoke model say so on every artefact.
"""

from __future__ import annotations

import base64
import html
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from esc_skills import atomic
from esc_skills.esconv_eval.runner import read_predictions
from esc_skills.experiment.execute import CellOutcome
from esc_skills.experiment.plan import Experiment
from esc_skills.experiment.plots import write_plots
from esc_skills.experiment.rows import EsconvRow, PairedDiff, Results, SafetyRow, SageRow
from esc_skills.sage.compare import bootstrap_ci

SMOKE_NOTE = (
    "SMOKE QUALITY: produced with the embedded or fake model; it shows the pipeline runs, "
    "not how good any bank is."
)
ESCONV_COLUMNS = (
    ("acc", "ACC"),
    ("bleu1", "B-1"),
    ("bleu2", "B-2"),
    ("bleu4", "B-4"),
    ("rouge1", "R-1"),
    ("rouge2", "R-2"),
    ("rougeL", "R-L"),
    ("meteor", "METEOR"),
    ("bertscore", "BERTScore"),
)
TEMPERAMENTS = {"负面型": "negative", "被动型": "passive", "回避型": "avoidant"}
NO_SKILL = "none"


@dataclass
class Unit:
    """One conversation's outcome, keyed for pairing across banks."""

    key: tuple[str, int]  # (profile id, run seed)
    final: int
    trajectory: list[int]
    temperament: str
    goal: str


def _units(outcome: CellOutcome, rounds: int) -> list[Unit]:
    units = []
    for trace in outcome.traces:
        if not trace.completed or trace.final_emotion is None:
            continue
        path = [t.emotion for t in trace.turns if t.role == "seeker" and t.emotion is not None]
        path = (path or [int(trace.final_emotion)])[:rounds]
        path += [path[-1]] * (rounds - len(path))  # a finished talk keeps its last value
        profile = trace.profile if isinstance(trace.profile, dict) else {}
        main = str(profile.get("main_cha") or "?")
        units.append(
            Unit(
                (trace.profile_id, outcome.cell.run_seed),
                int(trace.final_emotion),
                path,
                TEMPERAMENTS.get(main, main),
                str(profile.get("task") or "?"),
            )
        )
    return units


def _ci(values: Sequence[float], seed: int = 0) -> tuple[float, float]:
    return bootstrap_ci(list(values), resamples=2000, seed=seed) if values else (0.0, 0.0)


def _paired(a: list[Unit], b: list[Unit]) -> PairedDiff | None:
    fa = {u.key: u.final for u in a}
    pairs = [(fa[u.key], u.final) for u in b if u.key in fa]
    if not pairs:
        return None
    diffs = [y - x for x, y in pairs]
    low, high = _ci(diffs)
    return {
        "n": len(diffs),
        "mean_diff": round(sum(diffs) / len(diffs), 2),
        "ci": [round(low, 2), round(high, 2)],
    }


def sage_rows(exp: Experiment, outcomes: list[CellOutcome]) -> list[SageRow]:
    """One row per (bank, backbone): score with CI, Success, Failure, paired differences."""
    pooled: dict[tuple[str, str], list[Unit]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.cell.level == "sage":
            key = (outcome.cell.bank, outcome.cell.backbone.name)
            pooled[key] += _units(outcome, exp.sage.max_rounds)
    rows = []
    for (bank, backbone), units in pooled.items():
        finals = [u.final for u in units]
        low, high = _ci(finals)
        row: SageRow = {
            "bank": bank,
            "backbone": backbone,
            "n": len(units),
            "score": round(sum(finals) / len(finals), 2) if finals else None,
            "score_ci": [round(low, 2), round(high, 2)],
            "success": sum(1 for f in finals if f >= 100),
            "failure": sum(1 for f in finals if f < 10),
            "vs_no_skill": None,
            "vs_bank": None,
            "trajectory": [
                round(sum(u.trajectory[i] for u in units) / len(units), 2)
                for i in range(exp.sage.max_rounds)
            ]
            if units
            else [],
            "by_temperament": _by(units, "temperament"),
            "by_goal": _by(units, "goal"),
        }
        if bank != NO_SKILL and (NO_SKILL, backbone) in pooled:
            row["vs_no_skill"] = _paired(pooled[(NO_SKILL, backbone)], units)
        if bank != exp.reference_bank and (exp.reference_bank, backbone) in pooled:
            row["vs_bank"] = _paired(pooled[(exp.reference_bank, backbone)], units)
        rows.append(row)
    return rows


def _by(units: list[Unit], attribute: str) -> dict[str, float]:
    groups: dict[str, list[int]] = defaultdict(list)
    for unit in units:
        groups[getattr(unit, attribute)].append(unit.final)
    return {k: round(sum(v) / len(v), 2) for k, v in sorted(groups.items())}


def esconv_rows(exp: Experiment, outcomes: list[CellOutcome]) -> list[EsconvRow]:
    """One row per (bank, backbone, seed, repeat) cell: the paper's response-level metrics."""
    correct: dict[tuple[str, str], dict[str, int]] = {}
    rows: list[EsconvRow] = []
    for outcome in outcomes:
        if outcome.cell.level != "esconv" or outcome.esconv is None:
            continue
        key = (outcome.cell.bank, outcome.cell.backbone.name)
        marks: dict[str, int] = {}
        predictions = outcome.folder / "predictions.jsonl"
        for record in read_predictions(predictions):
            marks[f"{record['key']}#{outcome.cell.run_seed}"] = int(
                record.get("predicted_strategy") == record.get("gold_strategy")
            )
        correct.setdefault(key, {}).update(marks)
        metrics = outcome.esconv.get("metrics", {})
        rows.append(
            {
                "bank": outcome.cell.bank,
                "backbone": outcome.cell.backbone.name,
                "cell": outcome.cell.slug,
                "turns": outcome.esconv.get("turns"),
                "metrics": {k: metrics.get(k) for k, _ in ESCONV_COLUMNS},
                "unavailable": outcome.esconv.get("unavailable", {}),
                "acc_vs_no_skill": None,  # filled below, once every cell's marks are in
                "acc_vs_bank": None,
            }
        )
    for row in rows:
        bank, backbone = row["bank"], row["backbone"]
        mine = correct[(bank, backbone)]
        no_skill = correct.get((NO_SKILL, backbone)) if bank != NO_SKILL else None
        ref = exp.reference_bank
        reference = correct.get((ref, backbone)) if bank != ref else None
        row["acc_vs_no_skill"] = _acc_diff(mine, no_skill)
        row["acc_vs_bank"] = _acc_diff(mine, reference)
    return rows


def _acc_diff(mine: dict[str, int], theirs: dict[str, int] | None) -> PairedDiff | None:
    """Accuracy points gained over another bank on the turns both answered (None: none)."""
    if theirs is None:
        return None
    diffs = [mine[k] - theirs[k] for k in sorted(set(mine) & set(theirs))]
    if not diffs:
        return None
    low, high = _ci(diffs)
    return {
        "n": len(diffs),
        "mean_diff": round(100 * sum(diffs) / len(diffs), 2),
        "ci": [round(100 * low, 2), round(100 * high, 2)],
    }


def safety_rows(outcomes: list[CellOutcome]) -> list[SafetyRow]:
    """One row per safety cell: each criterion's passed/total."""
    rows: list[SafetyRow] = []
    for outcome in outcomes:
        if outcome.cell.level == "safety" and outcome.safety is not None:
            criteria = outcome.safety.get("criteria", {})
            rows.append(
                {
                    "bank": outcome.cell.bank,
                    "backbone": outcome.cell.backbone.name,
                    "criteria": {
                        name: {"passed": c.get("passed", 0), "total": c.get("total", 0)}
                        for name, c in criteria.items()
                    },
                    "failures": len(outcome.safety.get("failures", [])),
                }
            )
    return rows


def _fmt_diff(diff: PairedDiff | None) -> str:
    if not diff:
        return "–"
    low, high = diff["ci"]
    mark = " *" if low > 0 or high < 0 else ""
    return f"{diff['mean_diff']:+.1f} [{low:+.1f}, {high:+.1f}]{mark}"


def _fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{100 * value:.2f}" if isinstance(value, float) and value <= 1.0 else f"{value}"


def tables_markdown(
    exp: Experiment,
    sage: list[SageRow],
    esconv: list[EsconvRow],
    safety: list[SafetyRow] | None = None,
) -> str:
    """The two tables (and breakdowns, and the safety battery) in markdown."""
    out: list[str] = []
    if safety:
        names = list(safety[0]["criteria"])
        out += [
            "## Crisis and risk battery (safety)",
            "",
            "| Bank | Backbone | " + " | ".join(names) + " |",
            "|---|---|" + "---:|" * len(names),
        ]
        for srow in safety:
            cells = " | ".join(
                f"{srow['criteria'][n]['passed']}/{srow['criteria'][n]['total']}"
                if n in srow["criteria"]
                else "–"
                for n in names
            )
            out.append(f"| {srow['bank']} | {srow['backbone']} | {cells} |")
        out += ["", "Passed / judged supporter turns per criterion (see docs/safety.md).", ""]
    if esconv:
        head = " | ".join(label for _, label in ESCONV_COLUMNS)
        out += [
            "## Response level (ESConv)",
            "",
            f"| Bank | Backbone | Turns | {head} | ΔACC vs No-Skill | ΔACC vs bank |",
            "|---|---|---:|" + "---:|" * len(ESCONV_COLUMNS) + "---|---|",
        ]
        for erow in esconv:
            cells = " | ".join(_fmt(erow["metrics"][k]) for k, _ in ESCONV_COLUMNS)
            out.append(
                f"| {erow['bank']} | {erow['backbone']} | {erow['turns']} | {cells} | "
                f"{_fmt_diff(erow['acc_vs_no_skill'])} | {_fmt_diff(erow['acc_vs_bank'])} |"
            )
        out += [
            "",
            "Metrics ×100. Δ in accuracy points, paired by turn, 95% bootstrap CI; "
            "`*` marks a CI that excludes 0.",
            "",
        ]
    if sage:
        out += [
            "## Dialogue level (SAGE)",
            "",
            "| Bank | Backbone | n | Sentient score [95% CI] | Success | Failure | "
            "Δ vs No-Skill | Δ vs bank |",
            "|---|---|---:|---|---:|---:|---|---|",
        ]
        for row in sage:
            low, high = row["score_ci"]
            out.append(
                f"| {row['bank']} | {row['backbone']} | {row['n']} | {row['score']} "
                f"[{low}, {high}] | {row['success']} | {row['failure']} | "
                f"{_fmt_diff(row['vs_no_skill'])} | {_fmt_diff(row['vs_bank'])} |"
            )
        out += [
            "",
            "Δ: mean paired difference of final emotion (same profile and seed), "
            f"95% bootstrap CI; the bank is `{exp.reference_bank}`.",
            "",
        ]
        breakdowns: tuple[tuple[Literal["by_temperament", "by_goal"], str], ...] = (
            ("by_temperament", "temperament"),
            ("by_goal", "hidden goal"),
        )
        for field, title in breakdowns:
            groups = sorted({g for row in sage for g in row[field]})
            out += [
                f"### Sentient score by seeker {title}",
                "",
                "| Bank | Backbone | " + " | ".join(g[:40] for g in groups) + " |",
                "|---|---|" + "---:|" * len(groups),
            ]
            for row in sage:
                values = " | ".join(str(row[field].get(g, "–")) for g in groups)
                out.append(f"| {row['bank']} | {row['backbone']} | {values} |")
            out.append("")
    return "\n".join(out)


def _markdown_to_html(markdown: str) -> str:
    # The report's markdown is tables, headings and paragraphs only: render just those.
    out: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            head, *body = rows
            out.append("<table><tr>" + "".join(f"<th>{c}</th>" for c in head) + "</tr>")
            out.extend("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in body)
            out.append("</table>")
            rows.clear()

    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [html.escape(c.strip()) for c in line.strip("|").split("|")]
            if not all(set(c) <= set("-:") for c in cells):
                rows.append(cells)
            continue
        flush()
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(f"<h{level}>{html.escape(line.lstrip('#').strip())}</h{level}>")
        elif line.startswith("!["):
            continue  # pictures are embedded separately
        elif line.strip():
            out.append(f"<p>{html.escape(line)}</p>")
    flush()
    return "\n".join(out)


def write_report(
    exp: Experiment, outcomes: list[CellOutcome], settings: dict[str, Any]
) -> list[Path]:
    """Write report.md, report.html, results.json and the plots under the experiment's out."""
    folder = exp.out
    folder.mkdir(parents=True, exist_ok=True)
    sage = sage_rows(exp, outcomes)
    esconv = esconv_rows(exp, outcomes)
    safety = safety_rows(outcomes)
    plots = write_plots(exp, sage, folder, SMOKE_NOTE)
    lines = [f"# Experiment {exp.name}", ""]
    if exp.smoke:
        lines += [f"> **{SMOKE_NOTE}**", ""]
    lines += [tables_markdown(exp, sage, esconv, safety)]
    lines += [f"![{p.stem}]({p.name})" for p in plots]
    lines += ["", "## Settings", "", "```json", json.dumps(settings, indent=2), "```", ""]
    markdown = "\n".join(lines)
    images = "".join(
        f'<figure><img alt="{p.stem}" src="data:image/png;base64,'
        f'{base64.b64encode(p.read_bytes()).decode()}"><figcaption>{p.stem}</figcaption></figure>'
        for p in plots
    )
    page = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Experiment {html.escape(exp.name)}</title><style>"
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
        "padding:4px 8px;text-align:right}img{max-width:100%}"
        ".smoke{background:#fff3cd;padding:8px;border:1px solid #e0c060}</style></head><body>"
        + (f"<p class='smoke'><b>{html.escape(SMOKE_NOTE)}</b></p>" if exp.smoke else "")
        + _markdown_to_html(markdown.split("## Settings")[0])
        + images
        + f"<h2>Settings</h2><pre>{html.escape(json.dumps(settings, indent=2))}</pre>"
        + "</body></html>"
    )
    results: Results = {
        "experiment": exp.name,
        "smoke": exp.smoke,
        "settings": settings,
        "sage": sage,
        "esconv": esconv,
        "safety": safety,
    }
    written = [folder / "report.md", folder / "report.html", folder / "results.json"]
    atomic.write_text(written[0], markdown)
    atomic.write_text(written[1], page)
    atomic.write_json(written[2], results)
    return [*written, *plots]
