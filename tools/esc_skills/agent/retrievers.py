"""The one registry of skill retrievers (name -> factory) every command takes its choices from.

``route``, ``chat``, ``simulate``, ``eval`` and ``evolve`` offer exactly ``names()`` (plus
``auto`` where a model is configured). ``route_skills`` runs any of them and returns scored,
explained results, so every retriever can be inspected the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from esc_skills.agent.retrieval import (
    BM25Ranker,
    LLMChooser,
    NoRanker,
    Ranker,
    RetrievalQuery,
)
from esc_skills.agent.scored import Scored
from esc_skills.bank import Skill
from esc_skills.errors import UserError
from esc_skills.llm import LLMClient

DEFAULT_OFFLINE = "cues"
Factory = Callable[[Sequence[Skill], LLMClient | None], Ranker]


class UnknownRetrieverError(UserError):
    """A retriever name that is not in the registry."""


@dataclass(frozen=True)
class RetrieverSpec:
    """One registered retriever: its name, a one-line summary, and how to build it."""

    name: str
    summary: str
    needs_model: bool
    factory: Factory


def _cues(skills: Sequence[Skill], client: LLMClient | None) -> Ranker:
    from esc_skills.agent.cue_ranker import CueRanker

    return CueRanker(skills)


def _bm25(skills: Sequence[Skill], client: LLMClient | None) -> Ranker:
    return BM25Ranker(skills)


class FallbackRanker:
    """The cue ranker standing in for one that cannot run here; ``reason`` says why."""

    def __init__(self, requested: str, reason: str, skills: Sequence[Skill]) -> None:
        from esc_skills.agent.cue_ranker import CueRanker

        self.requested = requested
        self.reason = reason
        self.inner = CueRanker(skills)
        self.name = f"{self.inner.name} (fallback for {requested})"

    def rank(self, query: str | RetrievalQuery, top_k: int = 3) -> list[Scored]:
        """The cue ranker's results."""
        return self.inner.rank(query, top_k)

    async def select(self, query: RetrievalQuery, top_k: int = 3) -> list[Skill]:
        """The cue ranker's choice."""
        return await self.inner.select(query, top_k)


def _embed(skills: Sequence[Skill], client: LLMClient | None) -> Ranker:
    from esc_skills.agent import embed_ranker

    reason = embed_ranker.available()
    if reason is not None:
        return FallbackRanker("embed", reason, skills)
    return embed_ranker.EmbeddingRanker(skills)


def _llm(skills: Sequence[Skill], client: LLMClient | None) -> Ranker:
    if client is None:
        raise UserError("--retriever llm needs a model: configure one (see `esc-skills backends`)")
    return LLMChooser(client, skills)


def _none(skills: Sequence[Skill], client: LLMClient | None) -> Ranker:
    return NoRanker()


REGISTRY: dict[str, RetrieverSpec] = {
    spec.name: spec
    for spec in (
        RetrieverSpec(
            "cues", "offline default: risk first, activation cues, then BM25", False, _cues
        ),
        RetrieverSpec(
            "bm25", "offline BM25 over skill descriptions (the old default)", False, _bm25
        ),
        RetrieverSpec(
            "embed", "offline static embeddings (optional extra esc-skills[embed])", False, _embed
        ),
        RetrieverSpec(
            "llm", "the agent model picks from the catalog (prompts/agent_choose.md)", True, _llm
        ),
        RetrieverSpec("none", "loads no skill (the no-skill baseline)", False, _none),
    )
}


def names(*, include_none: bool = True) -> tuple[str, ...]:
    """Registered retriever names, in registry order."""
    return tuple(n for n in REGISTRY if include_none or n != "none")


# What commands that run the agent accept: "auto" (the model chooses) plus every registered name.
RETRIEVER_CHOICES: tuple[str, ...] = ("auto", *REGISTRY)


def offline_names() -> tuple[str, ...]:
    """Retrievers that make no model call (the ones ``eval triggers`` runs by default)."""
    return tuple(n for n, s in REGISTRY.items() if not s.needs_model and n != "none")


def make_retriever(name: str, skills: Sequence[Skill], client: LLMClient | None = None) -> Ranker:
    """Build a registered retriever; UnknownRetrieverError (exit 2) for other names."""
    spec = REGISTRY.get(name)
    if spec is None:
        raise UnknownRetrieverError(
            f"--retriever {name!r} is not a retriever; choose one of {', '.join(REGISTRY)}"
        )
    if not skills:
        return NoRanker()
    return spec.factory(skills, client)


async def route_skills(ranker: Ranker, query: RetrievalQuery, top_k: int) -> list[Scored]:
    """Any retriever's choice for a query as scored, explained results, best first."""
    rank = getattr(ranker, "rank", None)
    if isinstance(ranker, BM25Ranker):
        return ranker.explain(query, top_k)
    if callable(rank):
        results: list[Scored] = rank(query, top_k)
        return results
    chosen = await ranker.select(query, top_k)
    why: dict[str, list[str]] = {"chosen_by": [ranker.name]}
    if isinstance(ranker, LLMChooser) and ranker.last_state:
        why["seeker_state"] = [ranker.last_state]
    # A chooser gives an order, not scores: the first choice scores 1, the next 1/2, ...
    return [Scored(skill, 1.0 / (i + 1), dict(why)) for i, skill in enumerate(chosen)]


async def route_message(ranker: Ranker, text: str, top_k: int) -> list[Scored]:
    """``route_skills`` for one seeker message with no earlier turns."""
    return await route_skills(
        ranker, RetrievalQuery(context=[{"role": "seeker", "content": text}]), top_k
    )
