"""`esc-skills bank`: the bank's index (skills/README.md) and a summary of its coverage."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from esc_skills.banks import default_bank
from esc_skills.cli.command import subcommand
from esc_skills.cli.params import bank_folder_option, format_option
from esc_skills.errors import UserError


@click.group("bank")
def bank() -> None:
    """Inspect the skill bank: generate its index, summarise its coverage."""


def _check_writable(paths: list[Path]) -> None:
    """Refuse before writing when any index file to rewrite (or its folder) is read-only."""
    from esc_skills.outputs import is_writable, nearest_existing

    for path in paths:
        target = path if path.exists() else nearest_existing(path.parent)
        if not is_writable(target):
            raise UserError(
                f"{target}: not writable, so the index cannot be written; make it writable "
                "or run `esc-skills bank index --check` to only verify it"
            )


@dataclass(frozen=True)
class IndexOptions:
    """The flags of `esc-skills bank index`."""

    bank: Path | None
    check: bool
    marketplace: bool | None


@subcommand(bank, "index", IndexOptions, [
    bank_folder_option(),
    click.option("--check", is_flag=True, help="Exit 1 if the index is stale; write nothing."),
    click.option("--marketplace/--no-marketplace", default=None,
                 help="Also write the Claude Code marketplace manifest "
                      "(<bank>/../.claude-plugin/); by default it is refreshed only where it "
                      "already exists."),
])  # fmt: skip
def run_index(opts: IndexOptions) -> None:
    """Write <bank>/README.md (a table of every skill) from the bank; --check verifies it."""
    from esc_skills.bank_index import stale_files, write_index

    bank, marketplace = opts.bank, opts.marketplace
    folder = bank or default_bank()
    if opts.check:
        stale = stale_files(folder, marketplace=marketplace)
        if stale:
            names = ", ".join(os.path.relpath(p) for p in stale)
            click.echo(
                f"stale: {names} does not match the bank; run `esc-skills bank index"
                f"{' --bank ' + str(bank) if bank else ''}` and commit the result",
                err=True,
            )
            sys.exit(1)
        click.echo(f"index is current for {folder}")
        return
    _check_writable(stale_files(folder, marketplace=marketplace))
    changed = write_index(folder, marketplace=marketplace)
    if changed:
        for path in changed:
            click.echo(f"wrote {os.path.relpath(path)}")
    else:
        click.echo(f"index is current for {folder}")


@dataclass(frozen=True)
class SummaryOptions:
    """The flags of `esc-skills bank summary`."""

    bank: Path | None
    fmt: str


@subcommand(bank, "summary", SummaryOptions, [
    bank_folder_option(),
    format_option("text", "json"),
])  # fmt: skip
def run_summary(opts: SummaryOptions) -> None:
    """Summarise the bank: skills by origin, taxonomy coverage, evidence, crisis skill."""
    from esc_skills.bank_index import collect
    from esc_skills.taxonomy import load_taxonomy

    folder = opts.bank or default_bank()
    if not folder.is_dir():
        raise UserError(f"{folder}: bank folder does not exist; pass --bank PATH")
    rows = collect(folder)
    tax = load_taxonomy()
    coverage: dict[str, dict[str, Any]] = {}
    for kind, attr in (
        ("seeker_states", "states"),
        ("support_actions", "actions"),
        ("scenarios", "scenarios"),
    ):
        used = {label for r in rows for label in getattr(r, attr)}
        ids = list(tax.kind(kind))
        coverage[kind] = {
            "covered": sum(i in used for i in ids),
            "total": len(ids),
            "missing": [i for i in ids if i not in used],
        }
    crisis = [r.name for r in rows if "crisis" in r.states or "crisis-and-self-harm" in r.scenarios]
    origins = dict(sorted(Counter(r.origin for r in rows).items()))
    data: dict[str, Any] = {
        "bank": str(folder),
        "skills": len(rows),
        "origins": origins,
        "evidence_ius": sum(r.evidence_ius or 0 for r in rows),
        "skills_with_evidence": sum(r.evidence_ius is not None for r in rows),
        "coverage": coverage,
        "crisis_skills": crisis,
    }
    if opts.fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    origin_text = ", ".join(f"{k} {v}" for k, v in origins.items()) or "none"
    click.echo(f"bank {folder}: {len(rows)} skills ({origin_text})")
    click.echo(
        f"evidence: {data['evidence_ius']} IUs across {data['skills_with_evidence']} "
        "skills with references/evidence.json"
    )
    for kind, cov in coverage.items():
        missing = f" (missing: {', '.join(cov['missing'])})" if cov["missing"] else ""
        click.echo(f"{kind.replace('_', ' ')}: {cov['covered']}/{cov['total']} covered{missing}")
    click.echo(f"crisis skills: {', '.join(crisis) if crisis else 'NONE (lint fails: ESC703)'}")
