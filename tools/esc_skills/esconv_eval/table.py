"""The paper-like results table (markdown + JSON) and the comparison of two runs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from esc_skills.errors import DataError
from esc_skills.esconv_eval.metrics import METRICS, TITLES
from esc_skills.esconv_eval.records import Combined, Comparison, EvalResult, ResultRow

DASH = "–"


def _cell(value: float | None) -> str:
    return DASH if value is None else f"{100 * value:.2f}"


def markdown_table(rows: Sequence[ResultRow]) -> str:
    """Rows of ``{label, bank, backbone, metrics}`` as a markdown table, values in percent."""
    header = ["Predictor / bank", "Backbone", *(TITLES[m] for m in METRICS)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        metrics = row.get("metrics", {})
        cells = [str(row["label"]), str(row["backbone"])]
        cells += [_cell(metrics.get(m)) for m in METRICS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render_markdown(result: EvalResult) -> str:
    """The whole report of one run: table, counts and why any metric is missing."""
    parts = [
        f"# ESConv response-level evaluation ({result['split']} split)",
        "",
        f"{result['dialogues']} dialogues, {result['turns']} supporter turns; "
        f"predictor `{result['predictor']}`, bank `{result['bank']}`, "
        f"backbone `{result['backbone']}`. Values in percent; {DASH} = not computed.",
        "",
        markdown_table(result["rows"]),
    ]
    if result.get("unavailable"):
        parts += ["", "Not computed:"]
        parts += [f"- {name}: {why}" for name, why in result["unavailable"].items()]
    if result.get("errored"):
        parts += ["", f"{result['errored']} turns failed and are left out; rerun to resume them."]
    return "\n".join(parts) + "\n"


def load_result(path: str | Path) -> EvalResult:
    """Read a results.json (or the folder holding one) written by ``eval esconv --out``."""
    p = Path(path)
    if p.is_dir():
        p = p / "results.json"
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(
            f"{p}: cannot read results ({exc.strerror}); pass a results.json "
            "written by `esc-skills eval esconv --out DIR`"
        ) from exc
    except json.JSONDecodeError as exc:
        raise DataError(f"{p}:{exc.lineno}: not JSON ({exc.msg})") from exc
    except (UnicodeDecodeError, RecursionError) as exc:
        raise DataError(f"{p}: not a results file ({type(exc).__name__})") from exc
    rows = data.get("rows") if isinstance(data, dict) else None
    well_formed = (
        isinstance(rows, list)
        and bool(rows)
        and all(isinstance(r, dict) and {"label", "metrics"} <= r.keys() for r in rows)
        and all(k in data for k in ("predictor", "bank", "backbone", "split"))
    )
    if not well_formed or not isinstance(data.get("metrics"), dict):
        raise DataError(f"{p}: not an `eval esconv` results file (no rows/metrics)")
    return cast(EvalResult, data)  # checked above: the keys every reader uses are there


def _name(result: EvalResult) -> str:
    return f"{result['predictor']}:{result['bank']}@{result['backbone']}"


def compare(a: EvalResult, b: EvalResult) -> Comparison:
    """B minus A on each metric both runs computed, plus a markdown rendering."""
    delta: dict[str, float | None] = {}
    for metric in METRICS:
        va, vb = a["metrics"].get(metric), b["metrics"].get(metric)
        delta[metric] = None if va is None or vb is None else vb - va
    notes = []
    for field in ("split", "turns"):
        if a.get(field) != b.get(field):
            notes.append(
                f"the runs differ in {field} ({a.get(field)} vs {b.get(field)}): "
                "the numbers are not directly comparable"
            )
    rows: list[ResultRow] = [
        {"label": f"A {_name(a)}", "backbone": a["backbone"], "metrics": a["metrics"]},
        {"label": f"B {_name(b)}", "backbone": b["backbone"], "metrics": b["metrics"]},
    ]
    header = ["", *(TITLES[m] for m in METRICS)]
    signed = ["B − A"] + [DASH if d is None else f"{100 * d:+.2f}" for d in delta.values()]
    md = [
        "# ESConv comparison (values in percent)",
        "",
        markdown_table(rows),
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        "| " + " | ".join(signed) + " |",
    ]
    md += ["", *(f"Note: {n}" for n in notes)] if notes else []
    return {
        "a": _name(a),
        "b": _name(b),
        "delta": delta,
        "notes": notes,
        "markdown": "\n".join(md) + "\n",
    }


def combine(results: Sequence[EvalResult]) -> Combined:
    """One paper-like table from several runs: each run's own row, then the baselines once."""
    rows: list[ResultRow] = []
    baselines: dict[str, ResultRow] = {}
    for result in results:
        main, *rest = result["rows"]
        rows.append({**main, "label": _name(result), "split": result["split"]})
        for row in rest:
            if row["label"] in ("majority", "transition"):
                baselines.setdefault(row["label"], row)
    rows += baselines.values()
    splits = sorted({str(r["split"]) for r in results})
    md = [f"# ESConv response-level evaluation ({', '.join(splits)})", "", markdown_table(rows)]
    if len(splits) > 1 or len({r["turns"] for r in results}) > 1:
        md += ["", "Note: the runs cover different turns; compare them with care."]
    return {"rows": rows, "markdown": "\n".join(md) + "\n"}
