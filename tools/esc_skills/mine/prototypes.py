"""Prototypes: key IUs grouped by (seeker state, support action), small groups dropped."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from esc_skills.mine.records import IU, Prototype, PrototypeSet

MAX_EXAMPLES = 10


def prototype_id(state: str, action: str) -> str:
    """Stable id of a (state, action) prototype."""
    return f"{state}+{action}"


def _spread(items: list[str], n: int) -> list[str]:
    """Up to ``n`` items evenly spaced over a sorted list (deterministic, not just the first)."""
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def _dist(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def build_prototypes(ius: Iterable[IU], *, min_size: int = 5) -> PrototypeSet:
    """Group key IUs by (state_before, action); keep groups with at least ``min_size`` IUs."""
    groups: dict[tuple[str, str], list[IU]] = defaultdict(list)
    totals: Counter[tuple[str, str]] = Counter()
    for iu in ius:
        pair = (iu["state_before"], iu["action"])
        totals[pair] += 1
        if iu["key"]:
            groups[pair].append(iu)
    protos: list[Prototype] = []
    dropped = 0
    for (state, action), members in sorted(groups.items()):
        if len(members) < min_size:
            dropped += 1
            continue
        pos = sum(1 for m in members if m["change_valence"] == "positive")
        neg = sum(1 for m in members if m["change_valence"] == "negative")
        protos.append(
            {
                "id": prototype_id(state, action),
                "state": state,
                "action": action,
                "count": len(members),
                "all_ius": totals[(state, action)],
                "positive": pos,
                "negative": neg,
                "positive_rate": round(pos / len(members), 4),
                "negative_rate": round(neg / len(members), 4),
                "changes": _dist(Counter(m["response_change"] for m in members)),
                "scenarios": _dist(Counter(s for m in members for s in m["scenarios"])),
                "sources": _dist(Counter(m["source"] for m in members)),
                "examples": _spread(sorted(m["id"] for m in members), MAX_EXAMPLES),
                "negative_examples": _spread(
                    sorted(m["id"] for m in members if m["change_valence"] == "negative"), 5
                ),
            }
        )
    return {
        "min_size": min_size,
        "groups": len(groups),
        "dropped_small_groups": dropped,
        "prototypes": protos,
    }
