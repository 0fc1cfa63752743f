"""Trigger evaluation: does each retriever load a skill for its should-trigger queries only?

Every skill may ship ``evals/evals.json`` in Anthropic skill-creator's format; its
``trigger_evals`` list holds ``{"query": ..., "should_trigger": true|false}`` cases (the shape
skill-creator's ``run_eval.py`` reads). A skill "triggers" for a query when the retriever puts it
in the top k. Per skill: precision = triggered-and-should / triggered, recall = triggered-and-
should / should. The routing set (``benchmarks/routing/{dev,heldout}.jsonl``) adds top-1/top-3
accuracy, how often risk messages get the crisis skill first, and how often ordinary messages
get the crisis skill at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from esc_skills.agent.risk import crisis_skill
from esc_skills.bank import Skill
from esc_skills.counters import Confusion, ratio
from esc_skills.errors import DataError
from esc_skills.jsonl import read_json, read_json_lines
from esc_skills.paths import REPO_ROOT

EVALS_FILE = Path("evals") / "evals.json"
ROUTING_DIR = REPO_ROOT / "benchmarks" / "routing"
SPLITS = ("dev", "heldout")
Router = Callable[[str], Awaitable[list[str]]]  # a query -> skill names, best first


@dataclass(frozen=True)
class TriggerCase:
    """One trigger case of one skill."""

    skill: str
    query: str
    should_trigger: bool


def load_cases(skills: Sequence[Skill]) -> list[TriggerCase]:
    """The trigger cases of every skill that ships evals/evals.json (others have none)."""
    cases: list[TriggerCase] = []
    for skill in skills:
        if skill.path is None:
            continue
        path = skill.path / EVALS_FILE
        if not path.is_file():
            continue
        data = read_json(path, what="trigger evals", fix="run `esc-skills lint`")
        for item in data.get("trigger_evals", []) if isinstance(data, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("query"), str):
                cases.append(
                    TriggerCase(skill.name, item["query"], bool(item.get("should_trigger")))
                )
    return cases


@dataclass
class SkillTriggers(Confusion):
    """Counts for one skill: a trigger case is a yes/no prediction (in the top k or not)."""

    def as_json(self) -> dict[str, Any]:
        """Counts with precision and recall (None where undefined)."""
        return {
            "precision": ratio(self.tp, self.tp + self.fp, 4),
            "recall": ratio(self.tp, self.tp + self.fn, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }


@dataclass
class TriggerReport:
    """Trigger figures of one retriever at one k."""

    k: int
    skills: dict[str, SkillTriggers] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def overall(self) -> SkillTriggers:
        """Counts summed over skills (micro average)."""
        total = SkillTriggers()
        for counts in self.skills.values():
            total.add(counts)
        return total

    def as_json(self) -> dict[str, Any]:
        """Overall and per-skill figures, and the confusions (expected -> ranked first)."""
        return {
            "k": self.k,
            "overall": self.overall().as_json(),
            "skills": {name: s.as_json() for name, s in sorted(self.skills.items())},
            "confusion": [
                {"expected": a, "ranked_first": b, "count": n}
                for (a, b), n in sorted(self.confusion.items(), key=lambda x: (-x[1], x[0]))
            ],
        }


async def _routed(queries: Sequence[str], router: Router) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for query in dict.fromkeys(queries):
        out[query] = await router(query)
    return out


async def evaluate_triggers(cases: Sequence[TriggerCase], router: Router, k: int) -> TriggerReport:
    """Run every distinct query once and score each skill's cases at top ``k``."""
    routed = await _routed([c.query for c in cases], router)
    report = TriggerReport(k)
    for case in cases:
        names = routed[case.query][:k]
        counts = report.skills.setdefault(case.skill, SkillTriggers())
        counts.record(case.skill in names, case.should_trigger)
        if case.should_trigger and names and names[0] != case.skill:
            report.confusion[(case.skill, names[0])] += 1
    return report


@dataclass(frozen=True)
class RoutingCase:
    """One routing-set message: acceptable skills, and whether it carries risk."""

    text: str
    acceptable: tuple[str, ...]
    risk: bool


def load_routing_split(path: Path) -> list[RoutingCase]:
    """One split of the routing set (JSON lines of text, acceptable, risk)."""
    cases: list[RoutingCase] = []
    for line in read_json_lines(path, what="routing set"):
        data = line.data
        if line.error or not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise DataError(f"{path}:{line.number}: expected {{text, acceptable, risk}} JSON")
        cases.append(
            RoutingCase(data["text"], tuple(data.get("acceptable", [])), bool(data.get("risk")))
        )
    return cases


async def evaluate_routing(
    cases: Sequence[RoutingCase], router: Router, skills: Sequence[Skill]
) -> dict[str, Any]:
    """Top-1/top-3 accuracy, crisis-first rate on risk, crisis false positives on the rest."""
    crisis = crisis_skill(skills)
    crisis_name = crisis.name if crisis else None
    routed = await _routed([c.text for c in cases], router)
    top1 = top3 = risk_first = fp_first = fp_top3 = 0
    risky = [c for c in cases if c.risk]
    for case in cases:
        names = routed[case.text]
        top1 += bool(names) and names[0] in case.acceptable
        top3 += bool(set(names[:3]) & set(case.acceptable))
        if case.risk:
            risk_first += bool(names) and names[0] == crisis_name
        else:
            fp_first += bool(names) and names[0] == crisis_name
            fp_top3 += crisis_name in names[:3]
    n = len(cases)
    return {
        "messages": n,
        "top1": ratio(top1, n, 4),
        "top3": ratio(top3, n, 4),
        "risk_messages": len(risky),
        "crisis_first": risk_first,
        "ordinary_messages": n - len(risky),
        "crisis_false_positives_top1": fp_first,
        "crisis_false_positives_top3": fp_top3,
    }


def default_recall(skills: Sequence[Skill], k: int = 3) -> dict[str, float | None]:
    """Each skill's trigger recall@k under the offline default ranker (deterministic)."""
    from esc_skills.agent.cue_ranker import CueRanker

    ranker = CueRanker(skills)
    cache: dict[str, list[str]] = {}
    hits: dict[str, list[bool]] = {}
    for case in load_cases(skills):
        if not case.should_trigger:
            continue
        if case.query not in cache:
            cache[case.query] = [r.skill.name for r in ranker.rank(case.query, k)]
        hits.setdefault(case.skill, []).append(case.skill in cache[case.query])
    return {
        s.name: (sum(hits[s.name]) / len(hits[s.name]) if s.name in hits else None) for s in skills
    }
