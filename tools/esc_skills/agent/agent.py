"""The skill-using support agent: catalog in the prompt, chosen skills loaded in full."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from string import Template
from typing import Any

from esc_skills import resources
from esc_skills.agent.retrieval import BM25Ranker, NoRanker, Ranker, RetrievalQuery, catalog
from esc_skills.bank import Skill
from esc_skills.llm import LLMClient, LLMResponse

AGENT_TEMPLATES = ("agent_system.md", "agent_skills.md", "agent_skills_loaded.md")
_WORD = re.compile(r"\w+")
_PLACEHOLDER = re.compile(r"\$\w+")


@lru_cache(maxsize=4)
def _template(name: str) -> Template:
    return resources.template(name)


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


@lru_cache(maxsize=1)
def _template_words() -> str:
    """The words of the agent's prompt templates, each template fenced off by ``|``."""
    texts = (_PLACEHOLDER.sub(" | ", _template(name).template) for name in AGENT_TEMPLATES)
    return " | ".join(_words(part) for text in texts for part in text.split("|"))


def is_template_echo(reply: str) -> bool:
    """True when ``reply`` says nothing of its own: empty, or only a run of the prompt's words.

    Small models copy the answer format's placeholder ("your message to the person") or an
    instruction instead of replying; case, punctuation and spacing do not hide it.
    """
    words = _words(reply)
    return not words or f" {words} " in f" {_template_words()} "


def check_reply(response: LLMResponse) -> str | None:
    """The client's answer check: why the reply must be asked again, or None when it is fine."""
    data = response.data
    reply = str(data.get("reply", "")) if isinstance(data, dict) else response.text
    if is_template_echo(reply):
        return (
            f"the reply {reply.strip()[:80]!r} only repeats text of these instructions; write "
            "your own message to the person"
        )
    return None


def reply_schema(offered: Sequence[str]) -> dict[str, Any]:
    """The agent's structured answer: which loaded skills it applied, and the reply."""
    return {
        "type": "object",
        "properties": {
            "skills_applied": {"type": "array", "items": {"type": "string", "enum": list(offered)}},
            "reply": {"type": "string", "minLength": 1},
        },
        "required": ["skills_applied", "reply"],
    }


def skill_block(skill: Skill) -> str:
    """A loaded skill as the agent reads it (level 2 of progressive disclosure)."""
    return f'<skill name="{skill.name}">\n{skill.body.strip()}\n</skill>'


@dataclass
class AgentReply:
    """One supporter turn and the skills behind it."""

    content: str
    skills_offered: list[str] = field(default_factory=list)
    skills_applied: list[str] = field(default_factory=list)
    responses: list[LLMResponse] = field(default_factory=list)


class SupportAgent:
    """A supporter that sees its bank's catalog and loads the skills a ranker picks per turn."""

    def __init__(
        self,
        client: LLMClient,
        skills: Sequence[Skill],
        retriever: Ranker | None = None,
        top_k: int = 3,
        *,
        role: str = "agent",
    ) -> None:
        self.client = client
        self.skills = list(skills)
        self.retriever: Ranker = retriever or (BM25Ranker(self.skills) if skills else NoRanker())
        self.top_k = top_k
        self.role = role

    @property
    def model(self) -> str:
        """The model behind the agent role."""
        return self.client.settings_for(self.role).model

    def system_prompt(self, loaded: Sequence[Skill]) -> str:
        """Supporter instructions, plus the catalog and the loaded skills' bodies."""
        section = ""
        if self.skills:
            details = "No skill was loaded for this reply; answer from your own judgement."
            if loaded:
                # In bank order, not rank order: consecutive turns that load the same skills
                # then share the whole prompt prefix, which the local model reuses.
                rank = {skill.name: number for number, skill in enumerate(self.skills)}
                ordered = sorted(loaded, key=lambda skill: rank.get(skill.name, len(rank)))
                details = _template("agent_skills_loaded.md").safe_substitute(
                    bodies="\n\n".join(skill_block(s) for s in ordered)
                )
            section = _template("agent_skills.md").safe_substitute(
                catalog=catalog(self.skills), loaded=details
            )
        return _template("agent_system.md").safe_substitute(skills_section=section)

    async def reply(self, history: Sequence[dict[str, str]]) -> AgentReply:
        """The next supporter message for a dialogue of ``{role: seeker|supporter, content}``."""
        responses: list[LLMResponse] = []
        query = RetrievalQuery(context=list(history))
        loaded = await self.retriever.select(query, self.top_k)
        offered = [s.name for s in loaded]
        messages: list[dict[str, str]] = [{"role": "system", "content": self.system_prompt(loaded)}]
        messages += [
            {"role": "user" if h["role"] == "seeker" else "assistant", "content": h["content"]}
            for h in history
        ]
        if not offered:
            # Nothing loaded: a plain reply (an empty enum also crashes llama.cpp's grammars).
            response = await self.client.complete(self.role, messages, check=check_reply)
            return AgentReply(content=response.text.strip(), responses=[response])
        response = await self.client.complete(
            self.role,
            messages,
            schema=reply_schema(offered),
            schema_name="agent_reply",
            check=check_reply,
        )
        responses.append(response)
        applied = [n for n in dict.fromkeys(response.data["skills_applied"]) if n in offered]
        return AgentReply(
            content=str(response.data["reply"]).strip(),
            skills_offered=offered,
            skills_applied=applied,
            responses=responses,
        )
