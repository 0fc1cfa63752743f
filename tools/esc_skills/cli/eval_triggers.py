"""`esc-skills eval triggers`: per-skill trigger precision and recall@k, per retriever."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from esc_skills.agent.retrievers import DEFAULT_OFFLINE, REGISTRY
from esc_skills.cli.command import command
from esc_skills.cli.options import LLMOptions, llm_options
from esc_skills.cli.params import (
    LINTED_BANK_HELP,
    bank_option,
    count_option,
    format_option,
    retriever_option,
)

if TYPE_CHECKING:
    from esc_skills.agent.trigger_eval import TriggerCase
    from esc_skills.bank import Skill
    from esc_skills.llm.client import LLMClient


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{100 * value:5.1f}%"


def _print_text(report: dict[str, Any]) -> None:
    for name, result in report["retrievers"].items():
        trig = result["triggers"]
        overall = trig["overall"]
        click.echo(
            f"== retriever {name}: trigger precision {_pct(overall['precision'])}, "
            f"recall@{trig['k']} {_pct(overall['recall'])} over {len(trig['skills'])} skills"
        )
        click.echo(f"{'skill':36} {'precision':>9} {'recall':>7}  tp fp fn tn")
        for skill, s in trig["skills"].items():
            click.echo(
                f"{skill:36} {_pct(s['precision']):>9} {_pct(s['recall']):>7}"
                f" {s['tp']:3} {s['fp']:2} {s['fn']:2} {s['tn']:2}"
            )
        top = trig["confusion"][:8]
        if top:
            click.echo("confusion (expected -> ranked first instead):")
            for c in top:
                click.echo(f"  {c['expected']} -> {c['ranked_first']}: {c['count']}")
        for split, figures in result.get("routing", {}).items():
            click.echo(
                f"routing set {split}: top-1 {_pct(figures['top1'])}, top-3 {_pct(figures['top3'])}"
                f" of {figures['messages']}; crisis first {figures['crisis_first']}/"
                f"{figures['risk_messages']} risk messages; crisis on ordinary messages "
                f"{figures['crisis_false_positives_top1']} first, "
                f"{figures['crisis_false_positives_top3']} in top 3 "
                f"of {figures['ordinary_messages']}"
            )
        click.echo("")


@dataclass(frozen=True)
class TriggersOptions:
    """The flags of `esc-skills eval triggers`."""

    bank: str
    retriever: str
    k: int
    routing_set: str | None
    fmt: str
    llm: LLMOptions


def run_triggers(opts: TriggersOptions) -> None:
    """Trigger precision and recall@k per skill and overall, with neighbour confusions."""
    from esc_skills.agent.retrievers import make_retriever, offline_names
    from esc_skills.agent.routing_input import linted_bank
    from esc_skills.agent.trigger_eval import ROUTING_DIR, SPLITS, load_cases

    bank, k, routing_set = opts.bank, opts.k, opts.routing_set
    if opts.retriever == "all":
        chosen = list(offline_names())
    else:
        make_retriever(opts.retriever, [])  # an unknown name fails here, as one line
        chosen = [opts.retriever]
    skills = linted_bank(bank)
    cases = load_cases(skills)
    folder = None if routing_set == "none" else Path(routing_set) if routing_set else ROUTING_DIR
    splits = {s: folder / f"{s}.jsonl" for s in SPLITS} if folder else {}
    client = opts.llm.make_client() if any(REGISTRY[n].needs_model for n in chosen) else None
    report = {
        "bank": bank,
        "default": DEFAULT_OFFLINE,
        "cases": len(cases),
        "retrievers": {
            name: asyncio.run(_run(name, skills, cases, splits, k, client)) for name in chosen
        },
    }
    if opts.fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(f"bank {bank}: {len(skills)} skills, {len(cases)} trigger cases, k={k}\n")
        _print_text(report)


triggers = command("triggers", run_triggers, TriggersOptions, [
    bank_option(LINTED_BANK_HELP),
    retriever_option(
        f"One of {', '.join(REGISTRY)}, or all (every offline one; llm only when named).",
        default="all", metavar="NAME|all",
    ),
    count_option("--k", "k", default=3),
    click.option("--routing-set", default=None, type=click.Path(file_okay=False),
                 help="Folder with dev.jsonl and heldout.jsonl (default: benchmarks/routing; "
                      "'none' skips)."),
    format_option("text", "json"),
    llm_options,
])  # fmt: skip


async def _run(
    name: str,
    skills: list[Skill],
    cases: list[TriggerCase],
    splits: dict[str, Path],
    k: int,
    client: LLMClient | None,
) -> dict[str, Any]:
    from esc_skills.agent.retrievers import make_retriever, route_message
    from esc_skills.agent.trigger_eval import (
        evaluate_routing,
        evaluate_triggers,
        load_routing_split,
    )

    ranker = make_retriever(name, skills, client)

    async def router(text: str) -> list[str]:
        return [r.skill.name for r in await route_message(ranker, text, max(k, 3))]

    result: dict[str, Any] = {"triggers": (await evaluate_triggers(cases, router, k)).as_json()}
    reason = getattr(ranker, "reason", None)
    if reason:
        result["note"] = f"{name} unavailable ({reason}); figures are the fallback's"
    routing = {}
    for split, path in splits.items():
        routing[split] = await evaluate_routing(load_routing_split(path), router, skills)
    if routing:
        result["routing"] = routing
    return result
