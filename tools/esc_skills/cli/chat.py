"""`esc-skills chat`: talk to the skill-using support agent in the terminal."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import click

from esc_skills.agent.retrievers import RETRIEVER_CHOICES
from esc_skills.cli.command import command
from esc_skills.cli.options import LLMOptions, data_dir_option, llm_options, print_llm_summary
from esc_skills.cli.params import (
    agent_retriever_help,
    baseline_bank_option,
    retriever_option,
    top_k_option,
)
from esc_skills.errors import UserError
from esc_skills.sage.baselines import BASELINES

QUIT = {"/quit", "/exit", "/bye"}


def _route_lines(runner: Any, agent: Any, history: list[dict[str, str]], top_k: int) -> list[str]:
    """What `esc-skills route` would show for this turn (offline rankers; no extra model call)."""
    from esc_skills.agent.retrieval import RetrievalQuery
    from esc_skills.agent.retrievers import route_skills

    if not callable(getattr(agent.retriever, "rank", None)):
        return []  # the llm chooser's pick is shown after the reply as "offered"
    results = runner.run(route_skills(agent.retriever, RetrievalQuery(context=history), top_k))
    lines = []
    for r in results:
        why = "; ".join(f"{k}: {', '.join(v)}" for k, v in r.why.items() if v)
        lines.append(f"  [route {r.skill.name} {r.score:.2f}{' | ' + why if why else ''}]")
    return lines


@dataclass(frozen=True)
class ChatOptions:
    """The flags of `esc-skills chat`."""

    bank: str
    retriever: str
    top_k: int
    data_dir: str | None
    llm: LLMOptions


def run_chat(opts: ChatOptions) -> None:
    """Talk to the support agent; each reply shows which skills were loaded and applied."""
    from esc_skills.cli.simulate import build_agent
    from esc_skills.sage.baselines import resolve_bank

    top_k = opts.top_k
    client = opts.llm.make_client(roles=("agent",))
    # One loop for the whole session: the client's limits are bound to the loop they start on.
    runner = asyncio.Runner()
    try:
        label, skills = runner.run(resolve_bank(opts.bank, client=client, data_dir=opts.data_dir))
        agent = build_agent(client, skills, opts.retriever, top_k)
        click.echo(
            f"bank {label}: {len(skills)} skills, retriever {agent.retriever.name}. "
            "Type your message; /quit or an empty line ends the chat."
        )
        history: list[dict[str, str]] = []
        while True:
            try:
                text = click.prompt("you", default="", show_default=False).strip()
            except (EOFError, click.Abort):
                break
            except UnicodeDecodeError as exc:
                raise UserError(
                    f"stdin: your message is not UTF-8 text (byte {exc.start}); "
                    "set a UTF-8 locale (e.g. LANG=C.UTF-8) or pipe UTF-8 text"
                ) from None
            if not text or text in QUIT:
                break
            history.append({"role": "seeker", "content": text})
            for line in _route_lines(runner, agent, history, top_k):
                click.secho(line, fg="cyan")
            answer = runner.run(agent.reply(history))
            history.append({"role": "supporter", "content": answer.content})
            offered = ", ".join(answer.skills_offered) or "none"
            applied = ", ".join(answer.skills_applied) or "none"
            click.secho(f"  [skills offered: {offered} | applied: {applied}]", fg="cyan")
            click.echo(f"agent> {answer.content}")
    finally:
        runner.close()
    click.echo("bye.")
    print_llm_summary(client)


chat = command("chat", run_chat, ChatOptions, [
    baseline_bank_option(BASELINES),
    retriever_option(agent_retriever_help(RETRIEVER_CHOICES), choices=RETRIEVER_CHOICES),
    top_k_option(),
    data_dir_option,
    llm_options,
])  # fmt: skip
