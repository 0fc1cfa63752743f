"""`esc-skills export`: install the bank into Claude Code, DeerFlow or `.skill` archives."""

from __future__ import annotations

import os
from pathlib import Path

import click


@click.command("export")
@click.option(
    "--target",
    required=True,
    type=click.Choice(["claude-code", "deerflow", "zip", "claude-plugin"]),
    help="claude-code: DIR/.claude/skills/<name>/; deerflow: DIR/skills/custom/<name>/ plus "
    "DIR/extensions_config.json; zip: DIR/<name>.skill archives; claude-plugin: "
    "DIR/.claude-plugin/marketplace.json (and DIR/skills/).",
)
@click.option(
    "--bank",
    type=click.Path(path_type=Path),
    default=None,
    help="Bank folder (default: ./skills, else the repository's skills/).",
)
@click.argument("dest", type=click.Path(path_type=Path))
def export(target: str, bank: Path | None, dest: Path) -> None:
    """Export the bank to DEST for an agent; refuses a bank with lint errors."""
    from esc_skills.cli.bank import default_bank
    from esc_skills.export import export_bank

    folder = bank or default_bank()
    result = export_bank(folder, target, dest)
    where = {
        "claude-code": dest / ".claude" / "skills",
        "deerflow": dest / "skills" / "custom",
        "zip": dest,
        "claude-plugin": dest / "skills",
    }[target]
    click.echo(
        f"exported {len(result.written)} skills to {os.path.relpath(where)}"
        if result.written
        else f"bank already in place at {os.path.relpath(where)}"
    )
    if result.config is not None:
        click.echo(f"wrote {os.path.relpath(result.config)}")
