"""`esc-skills route`: which skills the agent would load for a message, with scores and why."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import click

from esc_skills.agent.retrievers import DEFAULT_OFFLINE, REGISTRY
from esc_skills.cli.command import command
from esc_skills.cli.options import LLMOptions, llm_options
from esc_skills.cli.params import (
    LINTED_BANK_HELP,
    bank_option,
    format_option,
    input_file_option,
    retriever_option,
    top_k_option,
)


def _why_text(why: dict[str, list[str]]) -> str:
    return "; ".join(f"{kind}: {', '.join(items)}" for kind, items in why.items() if items)


def route_json(
    retriever: str, requested: str, results: list[Any], note: str | None
) -> dict[str, Any]:
    """The pinned output ``{"skills": [{"name", "score", "why"}, ...]}`` (best first) and more."""
    out: dict[str, Any] = {"skills": [r.as_json() for r in results], "retriever": retriever}
    if requested != retriever:
        out["requested"] = requested
    if note:
        out["note"] = note
    return out


@dataclass(frozen=True)
class RouteOptions:
    """The flags of `esc-skills route`."""

    text: str
    bank: str
    top_k: int
    retriever: str | None
    context_file: str | None
    fmt: str
    llm: LLMOptions


def run_route(opts: RouteOptions) -> None:
    """Show the skills the agent would load for TEXT, best first, with scores and why."""
    from esc_skills.agent.retrieval import RetrievalQuery
    from esc_skills.agent.retrievers import make_retriever, route_skills
    from esc_skills.agent.routing_input import context_turns, linted_bank, seeker_text

    name = opts.retriever or DEFAULT_OFFLINE
    ranker_factory = REGISTRY.get(name)
    if ranker_factory is None:
        make_retriever(name, [])  # raises the one-line UnknownRetrieverError
    message = seeker_text(opts.text)
    turns = context_turns(opts.context_file) if opts.context_file else []
    skills = linted_bank(opts.bank)
    client = opts.llm.make_client() if ranker_factory and ranker_factory.needs_model else None
    ranker = make_retriever(name, skills, client)
    query = RetrievalQuery(context=[*turns, {"role": "seeker", "content": message}])
    results = asyncio.run(route_skills(ranker, query, opts.top_k))
    note = getattr(ranker, "reason", None)
    used = getattr(getattr(ranker, "inner", ranker), "name", name)
    if opts.fmt == "json":
        click.echo(json.dumps(route_json(used, name, results, note), ensure_ascii=False))
        return
    if note:
        click.echo(f"note: {name} unavailable ({note}); using {used}", err=True)
    click.echo(f"retriever {used}, bank {opts.bank}: {len(results)} skill(s)")
    for i, r in enumerate(results, start=1):
        click.echo(f"{i}. {r.skill.name}  {r.score:.3f}")
        if r.why:
            click.echo(f"   why: {_why_text(r.why)}")
    if not results:
        click.echo("   (no skill matches; the agent answers from its own judgement)")


route = command("route", run_route, RouteOptions, [
    click.argument("text"),
    bank_option(LINTED_BANK_HELP),
    top_k_option(minimum=1),
    retriever_option(
        f"One of {', '.join(REGISTRY)} (default: {DEFAULT_OFFLINE}, offline, no model call).",
        default=None, metavar="NAME",
    ),
    input_file_option("--context", "context_file",
                      help='Prior turns: JSON lines of {"role": "seeker"|"supporter", '
                           '"content": ...}.'),
    format_option("text", "json"),
    llm_options,
])  # fmt: skip
