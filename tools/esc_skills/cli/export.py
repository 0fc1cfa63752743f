"""`esc-skills export`: install the bank into Claude Code, DeerFlow or `.skill` archives."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click

from esc_skills.cli.command import command
from esc_skills.cli.params import bank_folder_option
from esc_skills.errors import UserError
from esc_skills.export import DEERFLOW_LAYOUTS, TARGETS


@dataclass(frozen=True)
class ExportOptions:
    """The flags of `esc-skills export`."""

    target: str
    dest: Path
    bank: Path | None
    deerflow_layout: str | None
    deerflow_user: str | None

    def __post_init__(self) -> None:
        if self.target != "deerflow" and (self.deerflow_layout or self.deerflow_user):
            raise UserError("--deerflow-layout and --deerflow-user apply to --target deerflow only")


def run_export(opts: ExportOptions) -> None:
    """Export the bank to DEST for an agent; refuses a bank with lint errors."""
    from esc_skills.banks import default_bank
    from esc_skills.export import deerflow_place, export_bank

    target, dest, user = opts.target, opts.dest, opts.deerflow_user
    layout = opts.deerflow_layout or ("user" if user else "public")
    folder = opts.bank or default_bank()
    result = export_bank(folder, target, dest, deerflow_layout=layout, deerflow_user=user)
    where = {
        "claude-code": dest / ".claude" / "skills",
        "zip": dest,
        "claude-plugin": dest / "skills",
    }.get(target) or deerflow_place(dest, layout, user).skills_root
    click.echo(
        f"exported {len(result.written)} skills to {os.path.relpath(where)}"
        if result.written
        else f"bank already in place at {os.path.relpath(where)}"
    )
    if result.config is not None:
        click.echo(f"wrote {os.path.relpath(result.config)}")


export = command("export", run_export, ExportOptions, [
    click.option("--target", required=True, type=click.Choice(TARGETS),
                 help="claude-code: DIR/.claude/skills/<name>/; deerflow: see --deerflow-layout; "
                      "zip: DIR/<name>.skill archives; claude-plugin: "
                      "DIR/.claude-plugin/marketplace.json (and DIR/skills/)."),
    bank_folder_option(),
    click.option("--deerflow-layout", type=click.Choice(DEERFLOW_LAYOUTS), default=None,
                 help="DeerFlow only. public (default): DIR/skills/public/<name>/ enabled in "
                      "DIR/extensions_config.json (DIR = DeerFlow's project folder); user: "
                      "DIR/users/ID/skills/custom/<name>/ with "
                      "DIR/users/ID/skills/_skill_states.json (DIR = DeerFlow's home, e.g. "
                      ".deer-flow); legacy: the old DIR/skills/custom/."),
    click.option("--deerflow-user", metavar="ID", default=None,
                 help="DeerFlow user whose custom skills receive the bank (implies "
                      "--deerflow-layout user)."),
    click.argument("dest", type=click.Path(path_type=Path)),
])  # fmt: skip
