"""Risk detection for routing: any sign of suicide, self-harm or acute danger in seeker text.

One shared module so that every ranker, ``esc-skills route`` and the evaluations agree on what
counts as risk. It is deliberately sensitive (a calm safety question costs little), but it
matches self-directed phrases, not single words, so idioms such as "this job is killing me" or
"I'd die of embarrassment" stay ordinary. Patterns run on ``textnorm.normalize`` output
(lower case, contractions expanded, punctuation removed), so "I'm", "im" and "I am" all match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from esc_skills.agent.risk_patterns import GIVING, GIVING_ORDINARY, PATTERNS
from esc_skills.agent.textnorm import normalize
from esc_skills.bank import Skill

CRISIS_SKILL = "crisis-safety-response"
CRISIS_LABELS = ("crisis", "crisis-and-self-harm")

# Someone other than the seeker is the subject: a relative, a friend, "he", "she", "they".
_THIRD_PERSON = re.compile(
    r"\b(?:(?:my|our|a|this) (?:best )?(?:friend|mate|brother|sister|son|daughter|mom|dad|father|"
    r"mother|partner|boyfriend|girlfriend|husband|wife|roommate|housemate|flatmate|coworker|"
    r"colleague|classmate|cousin|kid|child|teen|teenager|student|guy|girl|boy|niece|nephew|"
    r"uncle|aunt|grandma|grandpa|neighbou?r)s?|he|she|they)\b"
)
_SUBJECT = frozenset({"he", "she", "they"})
_BE = {"is": "am", "was": "was", "are": "am", "were": "was", "has": "have", "does": "do"}
# fmt: off
_OBJECT = {
    "him": "me", "them": "me", "his": "my", "their": "my", "himself": "myself",
    "herself": "myself", "themselves": "myself", "themself": "myself",
}
_VERB_S = {
    w: w[:-1] for w in (
        "wants", "says", "feels", "thinks", "keeps", "needs", "hates", "talks", "plans",
        "posts", "writes", "tells", "gives", "cuts", "hurts", "deserves", "sees", "knows",
    )
} | {"wishes": "wish", "tries": "try", "cries": "cry"}
# fmt: on
_FUNCTION = frozenset(
    [
        "and",
        "to",
        "that",
        "the",
        "a",
        "an",
        "if",
        "when",
        "so",
        "but",
        "not",
        "in",
        "on",
        "at",
        "for",
        "with",
        "again",
        "anymore",
        "any",
        "now",
        "too",
        "then",
        "because",
        "alone",
        "up",
        "down",
        "out",
        "off",
        "back",
        "or",
        "is",
        "was",
    ]
)
_OTHER_WORDS = frozenset(
    {"he", "she", "they", "his", "her", "their", "him", "himself", "herself", "themselves"}
)


@dataclass(frozen=True)
class RiskAssessment:
    """Whether seeker text shows risk, and the cue families and phrases that said so."""

    risk: bool
    cues: tuple[str, ...] = ()
    phrases: tuple[str, ...] = field(default=())


def _scan(norm: str) -> tuple[list[str], list[str]]:
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
    return cues, phrases


def as_first_person(norm: str) -> str:
    """Normalised text about another person rewritten as if they were speaking.

    "my brother is giving away his games" -> "my brother i am giving away my games", so every
    self-directed pattern also finds the same warning sign in someone else.
    """
    words = norm.split()
    out: list[str] = []
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word in _SUBJECT and nxt in _BE:
            out.append("i")
        elif word in _BE and out and out[-1] == "i":
            out.append(_BE[word])
        elif word == "her":
            # "her" is "my" before a noun ("her pills") and "me" elsewhere ("without her").
            out.append("me" if not nxt or nxt in _FUNCTION else "my")
        elif word in _OBJECT:
            out.append(_OBJECT[word])
        elif out and out[-1] == "i" and word in _VERB_S:
            out.append(_VERB_S[word])
        elif word in _SUBJECT:
            out.append("i")
        else:
            out.append(word)
    return " ".join(out)


def assess(text: str) -> RiskAssessment:
    """Risk cues in one piece of seeker text (empty when none).

    When the text is about someone else (a friend, a son, "she"), the same patterns also run on
    it rewritten in the first person, and a hit there is reported as "someone else at risk".
    """
    norm = normalize(text)
    cues, phrases = _scan(norm)
    if _THIRD_PERSON.search(norm):
        other_cues, other_phrases = _scan(as_first_person(norm))
        new = [c for c in other_cues if c not in cues and c != "danger from someone"]
        about_other = "i" not in norm.split() or any(_OTHER_WORDS & set(p.split()) for p in phrases)
        if new or (cues and about_other and "danger from someone" not in cues):
            cues.append("someone else at risk")
            phrases.extend(p for c, p in zip(other_cues, other_phrases, strict=True) if c in new)
            cues.extend(new)
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
