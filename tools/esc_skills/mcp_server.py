"""Serve the bank over MCP (stdio): list, route and read skills, and each skill as a resource.

Progressive disclosure, as agents load skills: `list_skills` gives names and descriptions
only; `route_message` says which skills fit a seeker's message; `read_skill` returns a
skill's SKILL.md body (or one of its reference files) on request. Every skill is also an
MCP resource `skill://<name>` (and `skill://<name>/<file>` for its reference files).
A bad request (unknown skill, a path outside the skill, empty text) is answered with an
MCP error; the server keeps running.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from esc_skills.bank import Skill, load_bank

SERVER_NAME = "esc-skills"
INSTRUCTIONS = (
    "Emotional-support skills. Call list_skills for names and descriptions, route_message "
    "with the seeker's latest message to see which skills fit, then read_skill for the ones "
    "you use. If any risk of harm appears, read and follow crisis-safety-response first."
)
# Text files a skill may ship next to SKILL.md that a client can read.
READABLE_SUFFIXES = {".md", ".txt", ".json"}


class BankRequestError(ValueError):
    """A client asked for something the bank does not have; answered as an MCP error."""


@dataclass(frozen=True)
class SkillBank:
    """The loaded bank and the operations the MCP tools expose."""

    skills: dict[str, Skill]

    @classmethod
    def load(cls, folder: Path) -> SkillBank:
        """Load every skill of ``folder``."""
        return cls({s.name: s for s in load_bank(folder)})

    def listing(self) -> list[dict[str, str]]:
        """Names and descriptions, sorted by name."""
        return [{"name": n, "description": s.description} for n, s in sorted(self.skills.items())]

    @functools.cached_property
    def ranker(self) -> Any:
        """The offline default retriever (risk first, then cues and BM25), built once."""
        from esc_skills.agent.retrievers import DEFAULT_OFFLINE, make_retriever

        return make_retriever(DEFAULT_OFFLINE, list(self.skills.values()))

    async def route(self, text: str, top_k: int = 3) -> list[dict[str, Any]]:
        """The skills the agent would load for ``text``, best first, with scores and why."""
        from esc_skills.agent.retrievers import route_message

        if not text.strip():
            raise BankRequestError("text is empty: pass the seeker's message")
        if not 1 <= top_k <= 20:
            raise BankRequestError(f"top_k {top_k} is out of range: use 1 to 20")
        results = await route_message(self.ranker, text, top_k)
        return [{"name": r.skill.name, "score": round(r.score, 4), "why": r.why} for r in results]

    def read(self, name: str, file: str | None = None) -> str:
        """A skill's SKILL.md, or one of its text files given relative to the skill folder."""
        skill = self.skills.get(name)
        if skill is None or skill.path is None:
            raise BankRequestError(
                f"no skill named {name!r}; call list_skills for the {len(self.skills)} names"
            )
        if not file:
            return (skill.path / "SKILL.md").read_text(encoding="utf-8")
        return _read_inside(skill.path, file)

    def files(self, name: str) -> list[str]:
        """The readable text files a skill ships besides SKILL.md, relative to its folder."""
        folder = self.skills[name].path
        assert folder is not None
        return sorted(
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file() and p.suffix in READABLE_SUFFIXES and p.name != "SKILL.md"
        )


def _read_inside(folder: Path, relative: str) -> str:
    root = folder.resolve()
    target = (folder / relative).resolve()
    if not target.is_relative_to(root) or target == root:
        raise BankRequestError(f"{relative!r} is outside the skill folder")
    if not target.is_file() or target.suffix not in READABLE_SUFFIXES:
        raise BankRequestError(f"{relative!r}: no such text file in the skill")
    return target.read_text(encoding="utf-8")


def build_server(bank: SkillBank) -> Any:
    """An MCP server (official SDK's MCPServer) exposing ``bank``."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError
    from mcp.server.mcpserver.resources import FunctionResource

    from esc_skills import __version__

    server = MCPServer(SERVER_NAME, instructions=INSTRUCTIONS, version=__version__)

    @contextlib.contextmanager
    def request_errors() -> Iterator[None]:
        # A bad name, path or top_k is the caller's mistake: a tool error, not a server fault.
        try:
            yield
        except BankRequestError as exc:
            raise ToolError(str(exc)) from None

    @server.tool()
    def list_skills() -> list[dict[str, str]]:
        """Every skill's name and description (read a skill's body with read_skill)."""
        return bank.listing()

    @server.tool()
    async def route_message(text: str, top_k: int = 3) -> list[dict[str, Any]]:
        """Which skills fit a seeker's message, best first, with offline retrieval scores."""
        with request_errors():
            return await bank.route(text, top_k)

    @server.tool()
    def read_skill(name: str, file: str | None = None) -> str:
        """A skill's SKILL.md, or one of its reference files (e.g. references/resources.md)."""
        with request_errors():
            return bank.read(name, file)

    for name, skill in sorted(bank.skills.items()):
        server.add_resource(
            FunctionResource(
                uri=f"skill://{name}",
                name=name,
                description=skill.description,
                mime_type="text/markdown",
                fn=functools.partial(bank.read, name),
            )
        )
        for rel in bank.files(name):
            server.add_resource(
                FunctionResource(
                    uri=f"skill://{name}/{rel}",
                    name=f"{name}/{rel}",
                    mime_type="application/json" if rel.endswith(".json") else "text/markdown",
                    fn=functools.partial(bank.read, name, rel),
                )
            )
    return server
