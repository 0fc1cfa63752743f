"""The response-change rules: how the seeker's reply after a supporter turn reads.

Explicit markers first (risk cues new in the reply, misunderstanding, pushback, agitation,
withdrawal, gratitude, commitment, insight, relief, hope), then valence delta, length and
specificity change; FailedESConv feedback of 1-2 turns a neutral or positive reading into a
negative one (docs/discovery.md).
"""

from __future__ import annotations

import re

from esc_skills.mine.cues import VALENCE, WORD, cue_hits, norm
from esc_skills.mine.risk import is_risk
from esc_skills.taxonomy import Label, Taxonomy

_PUSHBACK_START = re.compile(r"^(no\b|nope\b|but\b|yes,? but\b|yeah,? but\b|not really\b)")
_MINIMAL = re.compile(r"^(yes|yeah|yep|ok|okay|right|sure|i see|true|mhm|hmm|uh huh)\b")
_TOPIC = re.compile(r"^(anyway|anyways|by the way|another thing|also)\b")
# Moves a bare "no" can push back against; after anything else it is an answer.
_DIRECTIVE_ACTIONS = {
    "direct-suggestion",
    "collaborative-problem-solving",
    "coping-strategy",
    "information",
    "resource-referral",
    "reassurance",
    "affirmation",
    "normalizing",
}
_AGREE = ("i agree", "you're right", "you are right", "exactly", "true", "that's right")
_RELIEF_WORDS = (
    "feel",
    "feeling",
    "better",
    "glad",
    "relieved",
    "calm",
    "calmer",
    "happy",
    "lighter",
    "comforting",
    "helps",
    "helped",
)
_ANGER = ("angry", "mad", "furious", "pissed", "hate", "fed up", "annoyed", "frustrated")
# Words that make a reply more personal: feelings and inner states, not just more facts.
_SPECIFIC = re.compile(
    r"\b(feel|felt|feeling|feelings|scared|afraid|hurt|ashamed|lonely|worried|angry|sad|"
    r"honestly|really|never|always|heard|cry|crying)\b"
)
# Extra marker phrases the taxonomy's short cue lists do not carry.
EXTRA_CHANGE_CUES = {
    "gratitude": ("thank", "thx", "ty so much"),
    "plan-commitment": (
        "i will",
        "i'll",
        "i can try",
        "i should try",
        "i'll give it a",
        "will do",
        "good suggestion",
        "great idea",
        "great suggestion",
        "good advice",
        "great advice",
    ),
    "insight": ("you are right", "that's a good point", "i didn't think of", "never thought"),
    "relief": ("i feel a bit better", "feeling better", "lighter", "made me feel better"),
    "withdrawal": ("i don't know", "i dont know", "not sure"),
    "feeling-misunderstood": ("that's not what", "not what i meant", "you're not listening"),
}


def response_change(
    before: str,
    after: str,
    tax: Taxonomy,
    *,
    feedback: int | None = None,
    action: str | None = None,
    support: str = "",
    v_before: float | None = None,
    v_after: float | None = None,
    risk_before: bool | None = None,
    risk_after: bool | None = None,
) -> str:
    """The response change from the seeker's text before a supporter turn to the reply after.

    ``risk_before``/``risk_after`` override the risk reading of either side (the dialogue
    annotator passes what it found with the conversation's context).
    """
    b, a = norm(before), norm(after)
    rc = tax.response_changes
    vb = VALENCE(before) if v_before is None else v_before
    va = VALENCE(after) if v_after is None else v_after
    wa, wb = len(WORD.findall(a)), len(WORD.findall(b))
    # A bare "no" answers a question; it is pushback only against advice or reassurance
    # that did not itself end in a question.
    directive = (action is None or action in _DIRECTIVE_ACTIONS) and not (
        support.rstrip().endswith("?")
    )
    rb = is_risk(before) if risk_before is None else risk_before
    ra = is_risk(after) if risk_after is None else risk_after
    # Risk in the reply that was not there before; hopeless words alone ("no point", "give
    # up") are despair, not risk, and were most of the old false positives.
    if "risk-escalation" in rc and ra and not rb:
        label: str | None = "risk-escalation"
    else:
        label = _marker_change(a, b, rc, wa, directive)
    if label is None:
        label = _graded_change(a, b, wa, wb, va - vb, va)
    if (
        feedback is not None
        and feedback <= 2
        and rc.get(label, rc["continued-narration"]).valence != "negative"
    ):
        label = "withdrawal" if wa <= 8 else "feeling-misunderstood"
    return label


def _has(text: str, rc: dict[str, Label], lid: str) -> bool:
    return cue_hits(text, rc[lid].cues + EXTRA_CHANGE_CUES.get(lid, ())) > 0


def _marker_change(a: str, b: str, rc: dict[str, Label], wa: int, directive: bool) -> str | None:
    if cue_hits(a, rc["feeling-misunderstood"].cues + EXTRA_CHANGE_CUES["feeling-misunderstood"]):
        return "feeling-misunderstood"
    pushback = ("i already tried", "that won't work", "doesn't help", "not that easy", "i can't do")
    agrees = _has(a, rc, "gratitude") or cue_hits(a, _AGREE) > 0
    if cue_hits(a, pushback) or (directive and not agrees and _PUSHBACK_START.search(a) and wa > 2):
        return "pushback"
    if cue_hits(a, rc["agitation"].cues):
        return "agitation"
    if _has(a, rc, "gratitude"):
        return "gratitude"
    if _has(a, rc, "plan-commitment"):
        return "plan-commitment"
    if _has(a, rc, "insight"):
        return "insight"
    if _has(a, rc, "relief"):
        return "relief"
    if _has(a, rc, "hope"):
        return "hope"
    if wa <= 4 and cue_hits(a, ("whatever", "i guess", "idk", "never mind", "doesn't matter")):
        return "withdrawal"
    if _has(a, rc, "opening-up") and wa >= 8:
        return "opening-up"
    return None


def _graded_change(a: str, b: str, wa: int, wb: int, delta: float, va: float) -> str:
    if _TOPIC.search(a):
        return "topic-shift"
    if wa <= 4 and _MINIMAL.search(a):
        return "minimal-acknowledgement"
    # Valence moves with the story's content; only a rise that comes with words about
    # feeling better reads as relief, and only a drop with angry words as agitation.
    if delta >= 0.6 and va >= 0.5 and "?" not in a and cue_hits(a, _RELIEF_WORDS):
        return "relief"
    if delta <= -0.8 and va <= -0.6 and cue_hits(a, _ANGER):
        return "agitation"
    if wa <= 3 and wb >= 15:
        return "withdrawal"
    specific_a = len(_SPECIFIC.findall(a))
    specific_b = len(_SPECIFIC.findall(b))
    if wa >= 12 and wa >= 1.3 * max(wb, 1) and specific_a > specific_b:
        return "opening-up"
    if wa <= 4:
        return "minimal-acknowledgement"
    return "continued-narration"
