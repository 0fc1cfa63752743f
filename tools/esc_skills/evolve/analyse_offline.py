"""Analyse a conversation without a model: emotion drops, the skills before them, goal misses."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from esc_skills import resources
from esc_skills.data.traces import Trace
from esc_skills.evolve.conversations import Step, goal_of, steps, temperament
from esc_skills.evolve.records import (
    AnalysisReport,
    MissingSkill,
    Recommendation,
    SkillEffect,
)
from esc_skills.llm.types import JSONSchema

DROP = -3  # a change at or below this is a drop worth explaining
SHARP = -8  # a change this bad is flagged for a human safety read


@lru_cache(maxsize=1)
def analysis_schema() -> JSONSchema:
    """schema/analysis.schema.json."""
    return resources.schema("analysis.schema.json")


def validate_analysis(report: AnalysisReport) -> None:
    """Raise jsonschema.ValidationError when a report does not match the analysis schema."""
    resources.validate("analysis.schema.json", report)


def _skill_effects(all_steps: list[Step]) -> list[SkillEffect]:
    by_skill: dict[str, list[Step]] = defaultdict(list)
    for step in all_steps:
        for skill in step.skills:
            by_skill[skill].append(step)
    effects: list[SkillEffect] = []
    for skill, used in sorted(by_skill.items()):
        total = sum(s.change for s in used)
        drops = [s for s in used if s.change <= DROP]
        effect = (
            "hurt"
            if total < 0 or len(drops) * 2 > len(used)
            else ("helped" if total > 0 else "neutral")
        )
        reason = (
            f"applied {len(used)} time(s); emotion {total:+d} in the seeker turns right after"
            + (f"; {len(drops)} drop(s) of {DROP} or worse" if drops else "")
            + (
                f"; hidden goal missed {sum(s.goal_unmet for s in used)} time(s)"
                if any(s.goal_unmet for s in used)
                else ""
            )
        )
        effects.append(
            {
                "skill": skill,
                "effect": effect,
                "turns": [s.supporter_turn for s in used],
                "emotion_change": total,
                "reason": reason,
            }
        )
    return effects


def _failure_patterns(trace: Trace, all_steps: list[Step], goal: str) -> list[str]:
    patterns = []
    final = int(trace.final_emotion or 0)
    main_cha = temperament(trace) or "unknown"
    if final < 10:
        patterns.append(f"{main_cha} seeker who {goal} ended in failure ({final})")
    elif final < 40:
        patterns.append(f"{main_cha} seeker who {goal} ended below the start ({final})")
    run = best = 0
    start = best_start = 0
    for step in all_steps:
        if step.change < 0:
            if run == 0:
                start = step.supporter_turn
            run += 1
            if run > best:
                best, best_start = run, start
        else:
            run = 0
    if best >= 3:
        patterns.append(f"emotion fell {best} rounds in a row from turn {best_start}")
    unmet = sum(s.goal_unmet for s in all_steps)
    if all_steps and unmet * 2 > len(all_steps):
        patterns.append(
            f"the hidden goal ({goal}) was missed in {unmet} of {len(all_steps)} replies"
        )
    return patterns


def analyse_offline(trace: Trace) -> AnalysisReport:
    """A schema-valid analysis from emotion changes, applied skills and inner thoughts alone."""
    all_steps = steps(trace)
    slug, goal = goal_of(trace)
    effects = _skill_effects(all_steps)
    uncovered = [s for s in all_steps if not s.skills and (s.change <= DROP or s.goal_unmet)]
    missing: list[MissingSkill] = []
    if uncovered:
        missing.append(
            {
                "name": f"{slug}-support",
                "need": f"a seeker who {goal}",
                "turns": [s.supporter_turn for s in uncovered],
            }
        )
    recommendations: list[Recommendation] = [
        {
            "kind": "refine",
            "skill": e["skill"],
            "impact": float(-e["emotion_change"]),
            "reason": f"emotion fell after it was applied ({e['reason']})",
        }
        for e in effects
        if e["effect"] == "hurt"
    ]
    for item in missing:
        impact = float(-sum(min(0, s.change) for s in uncovered))
        recommendations.append(
            {
                "kind": "new",
                "skill": item["name"],
                "impact": impact,
                "reason": f"no skill covered replies to a seeker who {goal}; "
                f"{len(uncovered)} reply(ies) dropped or missed the goal",
            }
        )
    report: AnalysisReport = {
        "profile_id": trace.profile_id,
        "analyzer": "offline",
        "final_emotion": int(trace.final_emotion or 0),
        "end_reason": trace.end_reason,
        "group": {"main_cha": temperament(trace), "goal": slug},
        "skills_applied": sorted({k for s in all_steps for k in s.skills}),
        "skill_effects": effects,
        "unsafe_interventions": [
            {
                "turn": s.supporter_turn,
                "description": f"the seeker's emotion fell {s.change} right after this reply; "
                "read it for harm (dismissal, blame, unsafe advice)",
            }
            for s in all_steps
            if s.change <= SHARP
        ],
        "missing_skills": missing,
        "failure_patterns": _failure_patterns(trace, all_steps, goal),
        "recommendations": recommendations,
    }
    validate_analysis(report)
    return report
