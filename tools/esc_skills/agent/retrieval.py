"""Pluggable skill rankers: offline BM25 over skill metadata, or the model choosing by name."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from string import Template
from typing import Any, Protocol

from rank_bm25 import BM25Okapi

from esc_skills import resources
from esc_skills.agent.glossary_zh import GLOSSARY_ZH
from esc_skills.agent.scored import Scored
from esc_skills.bank import Skill
from esc_skills.llm import LLMClient

_LATIN = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_STOP_WORDS = (
    "a an the and or of to in on for with when what is are be it its this that as at by "
    "from use used using skill seeker seekers supporter their they them you your i me my"
)
_STOP = frozenset(_STOP_WORDS.split(" "))
_LABEL_KEYS = {
    "esc-seeker-states": "seeker_states",
    "esc-support-actions": "support_actions",
    "esc-scenarios": "scenarios",
}


def expand_chinese(text: str) -> str:
    """Append English cue words for the Chinese words in ``text`` (the bank is English)."""
    if not _CJK_RUN.search(text):
        return text
    extra = [words for key, words in GLOSSARY_ZH.items() if key in text]
    return text + ("\n" + " ".join(extra) if extra else "")


def tokenize(text: str) -> list[str]:
    """Lower-case Latin words (no stop words) plus Chinese character bigrams."""
    lowered = text.lower()
    tokens = [w for w in _LATIN.findall(lowered) if w not in _STOP and len(w) > 1]
    for run in _CJK_RUN.findall(lowered):
        tokens.extend(run[i : i + 2] for i in range(max(len(run) - 1, 1)))
    return tokens


@dataclass
class RetrievalQuery:
    """What the ranker sees: the recent dialogue and, optionally, a note on the seeker's state."""

    context: list[dict[str, str]] = field(default_factory=list)  # {role: seeker|supporter, ...}
    state: str | None = None

    def text(self, turns: int = 4) -> str:
        """The query text: the state note plus the last few turns, seeker turns doubled."""
        parts = [self.state or ""]
        for turn in self.context[-turns:]:
            weight = 2 if turn.get("role") == "seeker" else 1
            parts.extend([turn.get("content", "")] * weight)
        return "\n".join(p for p in parts if p)


class Ranker(Protocol):
    """Chooses the skills whose full bodies the agent loads for its next reply."""

    name: str

    async def select(self, query: RetrievalQuery, top_k: int = 3) -> list[Skill]:
        """The chosen skills, best first (possibly none)."""
        ...


def skill_document(skill: Skill) -> str:
    """The text a skill is indexed by: name, description, When to use, taxonomy labels."""
    from esc_skills.taxonomy import load_taxonomy  # loaded once per process (lru_cache)

    parts = [skill.name.replace("-", " "), skill.description]
    parts.append(skill.sections().get("When to use", ""))
    try:
        taxonomy = load_taxonomy()
    except Exception:  # a broken taxonomy must not stop a conversation
        taxonomy = None
    for key, kind in _LABEL_KEYS.items():
        for label_id in skill.labels(key):
            label = taxonomy.kind(kind).get(label_id) if taxonomy else None
            parts.append(label.name if label else label_id.replace("-", " "))
            if label:
                parts.extend(label.cues)
    return "\n".join(parts)


class _LuceneBM25(BM25Okapi):
    """BM25Okapi with Lucene's always-positive idf: a bank of a few skills still ranks."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        # Okapi's idf is zero or negative for terms in half the documents or more, which
        # leaves a two-skill bank unrankable.
        for word, freq in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - freq + 0.5) / (freq + 0.5))


class BM25Ranker:
    """Offline ranker: BM25 (rank-bm25) over each skill's name, description and activation cues."""

    name = "bm25"

    def __init__(self, skills: Sequence[Skill], *, min_score: float = 0.0) -> None:
        self.skills = list(skills)
        self.min_score = min_score
        documents = [tokenize(skill_document(s)) for s in self.skills]
        # Each skill's words, kept for explaining a result without tokenizing it again.
        self._terms = [frozenset(words) for words in documents]
        corpus = [words or ["_empty_"] for words in documents]
        self._bm25 = _LuceneBM25(corpus) if corpus else None

    def _top(self, query: str | RetrievalQuery, top_k: int) -> list[tuple[int, float]]:
        """(skill index, score) of the best ``top_k`` skills with a score above the floor."""
        if self._bm25 is None or top_k <= 0:
            return []
        text = query.text() if isinstance(query, RetrievalQuery) else query
        tokens = tokenize(expand_chinese(text))
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        order = sorted(range(len(self.skills)), key=lambda i: (-scores[i], self.skills[i].name))
        return [(i, float(scores[i])) for i in order if scores[i] > self.min_score][:top_k]

    def rank(self, query: str | RetrievalQuery, top_k: int = 3) -> list[tuple[Skill, float]]:
        """Skills scored against the query, best first; skills with no overlap are left out."""
        return [(self.skills[i], score) for i, score in self._top(query, top_k)]

    def explain(self, query: RetrievalQuery, top_k: int = 3) -> list[Scored]:
        """``rank`` as scored results, each with up to 8 words it shares with the query."""
        words = set(tokenize(query.text()))
        return [
            Scored(self.skills[i], score, {"terms": sorted(words & self._terms[i])[:8]})
            for i, score in self._top(query, top_k)
        ]

    async def select(self, query: RetrievalQuery, top_k: int = 3) -> list[Skill]:
        """The top ``top_k`` skills by BM25 score."""
        return [skill for skill, _ in self.rank(query, top_k)]


@lru_cache(maxsize=2)
def _template(name: str) -> Template:
    return resources.template(name)


def catalog(skills: Sequence[Skill]) -> str:
    """The level-1 view of a bank: one line per skill, name and description."""
    return "\n".join(f"- {s.name}: {s.description}" for s in skills) or "(no skills)"


def choice_schema(names: Sequence[str], top_k: int) -> dict[str, Any]:
    """JSON Schema of the chooser's answer; names are an enum so grammars can constrain them."""
    return {
        "type": "object",
        "properties": {
            "seeker_state": {"type": "string"},
            "skills": {
                "type": "array",
                "items": {"type": "string", "enum": list(names)},
                "maxItems": top_k,
            },
        },
        "required": ["seeker_state", "skills"],
    }


class LLMChooser:
    """The model reads the skill catalog and the dialogue and picks the skills to load."""

    name = "llm"

    def __init__(self, client: LLMClient, skills: Sequence[Skill], *, role: str = "agent") -> None:
        self.client = client
        self.skills = list(skills)
        self.role = role
        self.last_state: str | None = None

    async def select(self, query: RetrievalQuery, top_k: int = 3) -> list[Skill]:
        """Ask the model which skills fit; unknown or duplicate names are ignored."""
        if not self.skills or top_k <= 0:
            return []
        by_name = {s.name: s for s in self.skills}
        dialogue = "\n".join(
            f"[{'Seeker' if t.get('role') == 'seeker' else 'Supporter'}] {t.get('content', '')}"
            for t in query.context[-6:]
        )
        system = _template("agent_choose.md").safe_substitute(
            catalog=catalog(self.skills), top_k=top_k
        )
        response = await self.client.complete(
            self.role,
            [{"role": "system", "content": system}, {"role": "user", "content": dialogue}],
            schema=choice_schema(list(by_name), top_k),
            schema_name="skill_choice",
        )
        self.last_state = str(response.data.get("seeker_state", ""))
        chosen: list[Skill] = []
        for name in response.data.get("skills", []):
            if name in by_name and by_name[name] not in chosen:
                chosen.append(by_name[name])
        return chosen[:top_k]


class NoRanker:
    """Offers nothing (the no-skill baseline)."""

    name = "none"

    async def select(self, query: RetrievalQuery, top_k: int = 3) -> list[Skill]:
        """Always no skills."""
        return []


def make_ranker(kind: str, skills: Sequence[Skill], client: LLMClient | None = None) -> Ranker:
    """Build a ranker by name from the one registry (``esc_skills.agent.retrievers``)."""
    from esc_skills.agent.retrievers import make_retriever

    return make_retriever(kind, skills, client)
