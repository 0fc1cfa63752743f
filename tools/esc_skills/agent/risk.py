"""Risk detection for routing: any sign of suicide, self-harm or acute danger in seeker text.

One shared module so that every ranker, ``esc-skills route`` and the evaluations agree on what
counts as risk. It is deliberately sensitive (a calm safety question costs little), but it
matches self-directed phrases, not single words, so idioms such as "this job is killing me" or
"I'd die of embarrassment" stay ordinary. Patterns run on ``textnorm.normalize`` output
(lower case, contractions expanded, punctuation removed), so "I'm", "im" and "I am" all match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from esc_skills.agent.risk_patterns import GIVING, GIVING_ORDINARY, PATTERNS
from esc_skills.agent.textnorm import normalize
from esc_skills.bank import Skill

CRISIS_SKILL = "crisis-safety-response"
CRISIS_LABELS = ("crisis", "crisis-and-self-harm")


@dataclass(frozen=True)
class RiskAssessment:
    """Whether seeker text shows risk, and the cue families and phrases that said so."""

    risk: bool
    cues: tuple[str, ...] = ()
    phrases: tuple[str, ...] = field(default=())


def assess(text: str) -> RiskAssessment:
    """Risk cues in one piece of seeker text (empty when none)."""
    norm = normalize(text)
    cues: list[str] = []
    phrases: list[str] = []
    for pattern in PATTERNS:
        phrase = pattern.find(norm)
        if phrase is not None:
            cues.append(pattern.cue)
            phrases.append(phrase)
    giving = GIVING.search(norm)
    if giving and not GIVING_ORDINARY.search(norm):
        cues.append("giving things away")
        phrases.append(giving.group(0))
    unique = tuple(dict.fromkeys(cues))
    return RiskAssessment(bool(unique), unique, tuple(dict.fromkeys(phrases)))


def assess_turns(turns: Iterable[str]) -> RiskAssessment:
    """Risk over several seeker turns: a cue in any of them counts (risk does not expire)."""
    cues: list[str] = []
    phrases: list[str] = []
    for turn in turns:
        found = assess(turn)
        cues.extend(found.cues)
        phrases.extend(found.phrases)
    unique = tuple(dict.fromkeys(cues))
    return RiskAssessment(bool(unique), unique, tuple(dict.fromkeys(phrases)))


def is_crisis_skill(skill: Skill) -> bool:
    """A skill that handles risk: the bank's crisis skill by name, or labelled for crisis."""
    if skill.name == CRISIS_SKILL:
        return True
    states = skill.labels("esc-seeker-states")
    return (bool(states) and states[0] in CRISIS_LABELS) or any(
        s in CRISIS_LABELS for s in skill.labels("esc-scenarios")
    )


def crisis_skill(skills: Sequence[Skill]) -> Skill | None:
    """The skill risk routes to: crisis-safety-response, else the first crisis-labelled skill."""
    by_name = {s.name: s for s in skills}
    if CRISIS_SKILL in by_name:
        return by_name[CRISIS_SKILL]
    labelled = sorted((s for s in skills if is_crisis_skill(s)), key=lambda s: s.name)
    return labelled[0] if labelled else None
