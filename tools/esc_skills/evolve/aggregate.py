"""Merge recommendations across conversations, rank them and pick the candidates to build."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import cast

from esc_skills.evolve.records import (
    AnalysisReport,
    CandidateJSON,
    GroupRow,
    Reason,
    Recommendation,
)

# A recommendation and the report (conversation) it came from.
Asked = tuple[Recommendation, AnalysisReport]
MAX_REFINE = 9  # the paper's 9 refinements
MAX_NEW = 12  # and 12 new-skill candidates
VERIFY_PROFILES = 15
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {
    "a",
    "an",
    "the",
    "of",
    "to",
    "and",
    "or",
    "for",
    "with",
    "in",
    "on",
    "who",
    "it",
    "skill",
    "support",
    "seeker",
    "is",
    "was",
    "after",
    "that",
    "this",
    "be",
    "when",
}


def tokens(text: str) -> set[str]:
    """Content words of a reason or a skill name, for near-duplicate checks."""
    return {w for w in _WORD.findall(text.lower().replace("-", " ")) if w not in _STOP}


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of content words."""
    ta, tb = tokens(a), tokens(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


@dataclass
class Candidate:
    """A refinement of an existing skill or a new skill, with the evidence behind it."""

    kind: str  # "refine" | "new"
    skill: str
    frequency: int  # conversations that asked for it
    impact: float  # mean emotion points at stake per conversation
    score: float  # frequency x impact: the ranking key
    reasons: list[Reason] = field(default_factory=list)
    conversations: list[str] = field(default_factory=list)  # profile ids, worst first
    aliases: list[str] = field(default_factory=list)  # merged near-duplicate names
    verify_profiles: list[str] = field(default_factory=list)

    def to_dict(self) -> CandidateJSON:
        """Plain JSON form."""
        return cast(CandidateJSON, asdict(self))  # the fields are CandidateJSON's keys


def _merge_reasons(texts: Sequence[str], threshold: float) -> list[Reason]:
    merged: list[Reason] = []
    for text in texts:
        for item in merged:
            if similarity(text, item["text"]) >= threshold:
                item["count"] += 1
                break
        else:
            merged.append({"text": text, "count": 1})
    return sorted(merged, key=lambda r: -r["count"])


def _cluster_new(recs: list[Asked], threshold: float) -> list[list[Asked]]:
    """Group new-skill proposals whose names, or related names and reasons, say the same thing."""
    clusters: list[list[Asked]] = []
    for rec, report in recs:
        key = rec["skill"]
        for cluster in clusters:
            same_name = max(
                1.0 if key == r["skill"] else similarity(key, r["skill"]) for r, _ in cluster
            )
            # A shared name word plus near-identical reasons also counts: templated reasons
            # about different needs look alike, so the reasons alone never merge.
            same_reason = max(similarity(rec["reason"], r["reason"]) for r, _ in cluster)
            if same_name >= threshold or (same_name > 0 and same_reason >= threshold):
                cluster.append((rec, report))
                break
        else:
            clusters.append([(rec, report)])
    return clusters


def _candidate(kind: str, items: list[Asked], threshold: float) -> Candidate:
    names = Counter(r["skill"] for r, _ in items)
    name = sorted(names, key=lambda n: (-names[n], n))[0]
    per_conv: dict[str, float] = defaultdict(float)
    finals: dict[str, int] = {}
    for rec, report in items:
        per_conv[report["profile_id"]] += float(rec["impact"])
        finals[report["profile_id"]] = int(report["final_emotion"])
    frequency = len(per_conv)
    impact = sum(per_conv.values()) / frequency
    return Candidate(
        kind=kind,
        skill=name,
        frequency=frequency,
        impact=round(impact, 3),
        score=round(frequency * max(impact, 1.0), 3),
        reasons=_merge_reasons([r["reason"] for r, _ in items], threshold),
        conversations=sorted(finals, key=lambda p: (finals[p], p)),
        aliases=sorted(set(names) - {name}),
    )


def aggregate(
    reports: Sequence[AnalysisReport],
    *,
    bank: Sequence[str],
    max_refine: int = MAX_REFINE,
    max_new: int = MAX_NEW,
    n_profiles: int = VERIFY_PROFILES,
    threshold: float = 0.5,
) -> list[Candidate]:
    """Ranked candidates (refinements first), each with its verification profiles chosen."""
    known = set(bank)
    refine: dict[str, list[Asked]] = defaultdict(list)
    new: list[Asked] = []
    for report in reports:
        for rec in report["recommendations"]:
            if rec["kind"] == "refine" and rec["skill"] in known:
                refine[rec["skill"]].append((rec, report))
            elif rec["kind"] == "new" and rec["skill"] not in known:
                new.append((rec, report))
    ranked = lambda cs: sorted(cs, key=lambda c: (-c.score, c.skill))  # noqa: E731
    refinements = ranked(_candidate("refine", items, threshold) for items in refine.values())
    news = ranked(_candidate("new", items, threshold) for items in _cluster_new(new, threshold))
    chosen = refinements[:max_refine] + news[:max_new]
    # Verification profiles: where the skill was applied, lowest final emotion first (a
    # refinement), topped up from the globally lowest-scoring conversations so every
    # candidate is judged on ``n_profiles``; a new skill takes the globally lowest ones.
    finals = {r["profile_id"]: int(r["final_emotion"]) for r in reports}
    worst = sorted(finals, key=lambda p: (finals[p], p))
    for cand in chosen:
        if cand.kind == "refine":
            used = [r["profile_id"] for r in reports if cand.skill in r.get("skills_applied", [])]
            pool = sorted(set(used) | set(cand.conversations), key=lambda p: (finals[p], p))
            pool = pool[:n_profiles]
            cand.verify_profiles = (
                pool + [p for p in worst if p not in pool][: n_profiles - len(pool)]
            )
        else:
            cand.verify_profiles = worst[:n_profiles]
    return chosen


def group_summary(reports: Sequence[AnalysisReport]) -> list[GroupRow]:
    """Which seeker groups (temperament x goal) fail: mean final, failures; worst first."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in reports:
        groups[(str(r["group"]["main_cha"]), r["group"]["goal"])].append(int(r["final_emotion"]))
    rows: list[GroupRow] = [
        {
            "main_cha": k[0],
            "goal": k[1],
            "conversations": len(v),
            "mean_final": round(sum(v) / len(v), 1),
            "failures": sum(x < 10 for x in v),
            "successes": sum(x >= 100 for x in v),
        }
        for k, v in groups.items()
    ]
    return sorted(rows, key=lambda r: (r["mean_final"], r["main_cha"], r["goal"]))
