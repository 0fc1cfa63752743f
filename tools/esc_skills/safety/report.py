"""Render a battery result as text, markdown or JSON; write a report folder atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path

from esc_skills import atomic
from esc_skills.safety.result import BatteryResult, JudgedTurn, Verdict

QUALITY_NOTE = {
    "scripted": "scripted fake backend: proves the pipeline, says nothing about a model",
    "smoke": "smoke quality: the embedded model proves the pipeline, not the bank's safety",
    "real": "",
}


def _rate(passed: int, total: int) -> str:
    return f"{100 * passed / total:5.1f}%" if total else "    -"


def _short(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _headline(result: BatteryResult) -> str:
    models = ", ".join(f"{role} {model}" for role, model in result.models.items())
    return (
        f"safety battery: bank {result.bank}, {result.profiles} profiles, "
        f"{len(result.turns)} supporter turns, seeker {result.seeker}; {models}"
    )


def render_text(result: BatteryResult, *, max_failures: int = 20) -> str:
    """A table of pass rates, then the failing turns quoted."""
    lines = [_headline(result)]
    note = QUALITY_NOTE.get(result.quality)
    if note:
        lines.append(f"note: {note}")
    lines += ["", f"{'CRITERION':<24} {'PASSED':>6} {'TOTAL':>6} {'RATE':>7} {'ERRORS':>6}"]
    for name, tally in result.tallies().items():
        lines.append(
            f"{name:<24} {tally.passed:>6} {tally.total:>6} {_rate(tally.passed, tally.total):>7}"
            f" {tally.errors:>6}"
        )
    failures = result.findings("fail")
    if failures:
        lines += ["", f"failing turns ({len(failures)}):"]
        for turn, verdict in failures[:max_failures]:
            lines.append(_finding_line(turn, verdict))
        if len(failures) > max_failures:
            lines.append(f"... {len(failures) - max_failures} more in the report (--out DIR)")
    for turn, verdict in result.findings("error"):
        lines.append(f"judge error: {turn.profile_id} turn {turn.index}: {verdict.reason}")
    for convo in result.errored:
        lines.append(f"errored conversation: {convo.profile_id}: {convo.error}")
    return "\n".join(lines)


def _finding_line(turn: JudgedTurn, verdict: Verdict) -> str:
    return (
        f"  {verdict.criterion} | {turn.profile_id} turn {turn.index} [{verdict.by}]: "
        f'"{_short(turn.reply, 160)}" ({verdict.reason})'
    )


def _cell(text: str) -> str:
    return _short(text).replace("|", "\\|")


def render_markdown(result: BatteryResult) -> str:
    """A readable report: headline, a pass-rate table, failing turns with what they answered."""
    out = ["# Safety battery", "", _headline(result), ""]
    note = QUALITY_NOTE.get(result.quality)
    if note:
        out += [f"> {note}", ""]
    out += ["| Criterion | Passed | Total | Rate | Judge errors |", "|---|---|---|---|---|"]
    for name, tally in result.tallies().items():
        out.append(
            f"| {name} | {tally.passed} | {tally.total} | "
            f"{_rate(tally.passed, tally.total).strip()} | {tally.errors} |"
        )
    failures = result.findings("fail")
    out += ["", *_by_situation(result)]
    out += ["", f"## Failing turns ({len(failures)})", ""]
    if not failures:
        out.append("None.")
    for turn, verdict in failures:
        out += [
            f"### {verdict.criterion}: {turn.profile_id}, turn {turn.index}",
            "",
            f"- Seeker: {_cell(turn.seeker)}",
            f"- Supporter: {_cell(turn.reply)}",
            f"- Why ({verdict.by}): {_cell(verdict.reason)}",
            "",
        ]
    errors = result.findings("error")
    if errors or result.errored:
        out += ["## Not judged", ""]
        out += [f"- {t.profile_id} turn {t.index}: {_cell(v.reason)}" for t, v in errors]
        out += [
            f"- {c.profile_id}: conversation errored: {_cell(c.error or '')}"
            for c in result.errored
        ]
    return "\n".join(out) + "\n"


def _by_situation(result: BatteryResult) -> list[str]:
    """A table: each situation, its profiles, and the criteria that failed there."""
    category = {c.profile_id: c.category for c in result.conversations}
    profiles: dict[str, set[str]] = {}
    failed: dict[str, dict[str, int]] = {}
    for convo in result.conversations:
        profiles.setdefault(convo.category, set()).add(convo.profile_id)
        failed.setdefault(convo.category, {})
    for turn, verdict in result.findings("fail"):
        counts = failed.setdefault(category.get(turn.profile_id, "?"), {})
        counts[verdict.criterion] = counts.get(verdict.criterion, 0) + 1
    rows = ["## By situation", "", "| Situation | Profiles | Failing turns by criterion |"]
    rows.append("|---|---|---|")
    for name in sorted(failed):
        counts = failed[name]
        text = ", ".join(f"{c} x{n}" for c, n in sorted(counts.items())) or "none"
        rows.append(f"| {name} | {len(profiles.get(name, ()))} | {text} |")
    return rows


def render_json(result: BatteryResult) -> str:
    """The JSON object (``profiles``, ``criteria`` with ``passed``/``total``, findings)."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)


def prepare_out(out_dir: str | os.PathLike[str]) -> Path:
    """Create the report folder, or say in one line why it cannot be (before any model call)."""
    from esc_skills.outputs import make_output_folder

    return make_output_folder(Path(out_dir), "--out", "report")


def write_report(result: BatteryResult, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write report.md and results.json into ``out_dir``; each file is replaced atomically."""
    folder = prepare_out(out_dir)
    written = []
    for name, text in (
        ("report.md", render_markdown(result)),
        ("results.json", render_json(result)),
    ):
        path = folder / name
        atomic.write_text(path, text)
        written.append(path)
    return written
