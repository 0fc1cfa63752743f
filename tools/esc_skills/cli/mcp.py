"""`esc-skills mcp`: serve the bank to MCP clients over stdio."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from esc_skills.cli.command import command
from esc_skills.cli.params import bank_folder_option


@dataclass(frozen=True)
class MCPOptions:
    """The flags of `esc-skills mcp`."""

    bank: Path | None


def run_mcp(opts: MCPOptions) -> None:
    """Serve the bank over MCP on stdio: list, route and read skills, skills as resources."""
    from esc_skills.banks import default_bank
    from esc_skills.errors import UserError
    from esc_skills.export import require_clean, skill_folders
    from esc_skills.mcp_server import SkillBank, build_server

    folder = opts.bank or default_bank()
    skill_folders(folder)
    require_clean(folder)  # never serve a bank that fails lint
    try:
        server = build_server(SkillBank.load(folder))
    except ImportError as exc:
        raise UserError(
            f"the MCP server needs the official MCP SDK ({exc.name} is missing); "
            "install it with `pip install 'esc-skills[mcp]'`"
        ) from exc
    server.run("stdio")


mcp = command("mcp", run_mcp, MCPOptions, [bank_folder_option()])
