"""Deterministic offline annotator: taxonomy cue phrases, ESConv strategies, VADER valence.

Rules (documented in docs/discovery.md):
- scenarios: ESConv ``problem_type`` mapped to a scenario, then up to two more scenarios whose
  cues occur in the situation text (in taxonomy order);
- seeker state: ``crisis`` when :mod:`esc_skills.mine.risk` finds a risk cue (intent, method,
  self-harm, final acts); else the state with most cue hits (ties: taxonomy order); with no
  hit, a question asking for help is ``seeking-advice``, a long turn ``venting``, a strongly
  positive one ``relief``, else the state implied by the dialogue's ``emotion_type``;
- support action: among the actions refining the turn's ESConv strategy, the one with most cue
  hits, else the strategy's default action; ``Others`` turns may take any action with a cue;
- response change: explicit markers first (risk cues new in the reply, misunderstanding,
  pushback, agitation, withdrawal, gratitude, commitment, insight, relief, hope), then
  valence delta, length and specificity change; FailedESConv feedback of 1-2 turns a neutral
  or positive reading into a negative one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from esc_skills.data.types import Dialogue
from esc_skills.mine.annotation import DialogueAnnotation, response_pairs
from esc_skills.mine.risk import is_risk
from esc_skills.taxonomy import Label, Taxonomy, load_taxonomy

PROBLEM_SCENARIO = {
    "ongoing depression": "ongoing-low-mood",
    "job crisis": "work-stress",
    "breakup with partner": "breakup-and-divorce",
    "problems with friends": "friendship-problems",
    "academic pressure": "academic-pressure",
    "sleep problems": "health-worries",
    "conflict with parents": "family-conflict",
    "issues with parents": "family-conflict",
    "issues with children": "parenting-worries",
    "appearance anxiety": "self-esteem-and-appearance",
    "alcohol abuse": "substance-use",
    "procrastination": "academic-pressure",
    "school bullying": "bullying-and-harassment",
}
EMOTION_STATE = {
    "anxiety": "anxiety",
    "fear": "anxiety",
    "nervousness": "anxiety",
    "depression": "sadness",
    "sadness": "sadness",
    "pain": "sadness",
    "anger": "anger",
    "disgust": "anger",
    "jealousy": "anger",
    "shame": "shame",
    "guilt": "self-blame",
}
DEFAULT_ACTION = {
    "Question": "open-question",
    "Restatement or Paraphrasing": "restatement",
    "Reflection of feelings": "emotion-reflection",
    "Self-disclosure": "self-disclosure",
    "Affirmation and Reassurance": "affirmation",
    "Providing Suggestions": "direct-suggestion",
    "Information": "information",
    "Others": "rapport-and-closing",
}
_OPEN_Q = re.compile(
    r"^(what|how(?! (long|many|much|old|often|far))|why|tell me|can you (tell|describe|share))\b"
)
_ADVICE_Q = re.compile(
    r"\b(what (should|can|do) i|how (do|can|should) i|any (advice|ideas|tips))\b"
)
_PUSHBACK_START = re.compile(r"^(no\b|nope\b|but\b|yes,? but\b|yeah,? but\b|not really\b)")
_MINIMAL = re.compile(r"^(yes|yeah|yep|ok|okay|right|sure|i see|true|mhm|hmm|uh huh)\b")
_TOPIC = re.compile(r"^(anyway|anyways|by the way|another thing|also)\b")
_GREETING = re.compile(r"^(hi|hello|hey|good (morning|afternoon|evening|day)|greetings)\b")
# Emotional states that last beyond one utterance; momentary ones (relief, withdrawal, asking
# for advice, venting, pushback) are not carried forward.
_PERSISTENT = {
    "overwhelmed",
    "sadness",
    "anxiety",
    "anger",
    "self-blame",
    "hopelessness",
    "loneliness",
    "shame",
    "confusion",
    "crisis",
}
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
_QUESTION_ACTIONS = {
    "open-question",
    "clarifying-question",
    "safety-check",
    "restatement",
    "summarizing",
    "rapport-and-closing",
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
_WORD = re.compile(r"[a-z']+")
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


def _norm(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


@lru_cache(maxsize=512)
def _cue_regex(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    if not cues:
        return None
    alts = "|".join(re.escape(_norm(c)) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alts})(?![a-z])")


def cue_hits(text: str, cues: Iterable[str]) -> int:
    """Number of cue-phrase occurrences in ``text`` (already lower-cased)."""
    rx = _cue_regex(tuple(cues))
    return len(rx.findall(text)) if rx else 0


def cue_score(text: str, cues: Iterable[str]) -> tuple[int, int]:
    """(hits, matched characters): more hits win, then longer (more specific) phrases."""
    rx = _cue_regex(tuple(cues))
    if rx is None:
        return 0, 0
    found = rx.findall(text)
    return len(found), sum(len(f) for f in found)


def _best(
    text: str, labels: Iterable[Label], extra: dict[str, tuple[str, ...]] | None = None
) -> str | None:
    best, best_score = None, (0, 0)
    for label in labels:
        score = cue_score(text, label.cues + ((extra or {}).get(label.id, ())))
        if score > best_score:
            best, best_score = label.id, score
    return best


@dataclass
class Valence:
    """VADER compound scores, loaded lazily (cheap import) and memoised per text."""

    _analyzer: Any = None
    _memo: dict[str, float] = field(default_factory=dict)

    def __call__(self, text: str) -> float:
        if not text:
            return 0.0
        hit = self._memo.get(text)
        if hit is not None:
            return hit
        if self._analyzer is None:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            self._analyzer = SentimentIntensityAnalyzer()
        if len(self._memo) > 200_000:
            self._memo.clear()
        value = self._memo[text] = float(self._analyzer.polarity_scores(text)["compound"])
        return value


VALENCE = Valence()


def scenarios_for(d: Dialogue, tax: Taxonomy) -> list[str]:
    """Dialogue scenarios: problem type first, then up to two cue matches in the situation."""
    out: list[str] = []
    mapped = PROBLEM_SCENARIO.get(d.problem_type.strip().lower())
    text = _norm(d.situation)
    if mapped == "work-stress" and cue_hits(text, tax.scenarios["job-loss"].cues):
        mapped = "job-loss"
    if mapped:
        out.append(mapped)
    if not text:
        text = _norm(" ".join(t.text for t in d.seeker_turns()[:3]))
    for label in tax.scenarios.values():
        if len(out) >= 3:
            break
        if label.id not in out and _scenario_hit(label, text):
            out.append(label.id)
    return out or ["ongoing-low-mood"]


def _scenario_hit(label: Label, text: str) -> bool:
    if label.id == "crisis-and-self-harm":
        # "cutting" alone is mostly pay, jobs or costs; the risk reader knows self-harm.
        return is_risk(text) or cue_hits(text, tuple(c for c in label.cues if c != "cutting")) > 0
    return cue_hits(text, label.cues) > 0


def seeker_state(
    text: str,
    tax: Taxonomy,
    *,
    emotion_type: str = "",
    valence: float | None = None,
    previous: str | None = None,
    after_risk: bool = False,
) -> str:
    """The seeker state of one utterance (rules in the module docstring).

    ``previous`` is the state of the seeker's last utterance: a turn with no evidence of its
    own (a greeting, plain narration) keeps an emotional state the seeker already showed.
    ``after_risk``: the seeker voiced risk earlier in the dialogue (vaguer cues then count).
    """
    t = _norm(text)
    if "crisis" in tax.seeker_states and is_risk(text, after_risk=after_risk):
        return "crisis"  # safety first: any risk cue decides the state
    default = EMOTION_STATE.get(emotion_type.lower(), "sadness")
    carried = previous if previous in _PERSISTENT else default
    words = len(_WORD.findall(t))
    if words <= 8 and _GREETING.search(t):
        return carried
    # crisis comes from the risk patterns above only; its taxonomy cues ignore negation.
    best = _best(t, (s for s in tax.seeker_states.values() if s.id != "crisis"))
    if best:
        return best
    if "?" in t and _ADVICE_Q.search(t):
        return "seeking-advice"
    v = VALENCE(text) if valence is None else valence
    if v >= 0.5:
        return "relief"
    if words >= 30:
        return "venting"
    return carried


def support_action(text: str, strategy: str | None, tax: Taxonomy) -> str:
    """The support action of one supporter utterance: its strategy refined by cues."""
    t = _norm(text)
    strategy = strategy or "Others"
    safety = tax.support_actions.get("safety-check")
    if safety and cue_hits(t, safety.cues) and strategy in ("Question", "Others"):
        return "safety-check"
    referral = tax.support_actions.get("resource-referral")
    # Annotators file "see a counselor" under suggestions as often as under information.
    if referral and strategy == "Providing Suggestions" and cue_hits(t, referral.cues):
        return "resource-referral"
    candidates = [a for a in tax.support_actions.values() if a.strategy == strategy]
    if strategy == "Affirmation and Reassurance" and "validation" in tax.support_actions:
        # ESConv workers file "that is understandable" under reassurance about as often as
        # under reflection; let validation's cues claim those turns.
        candidates.append(tax.support_actions["validation"])
    if strategy == "Others":
        # "Others" hides real support in FailedESConv; any action with a clear cue wins,
        # rapport and closing stays the default.
        candidates = list(tax.support_actions.values())
    best = _best(t, candidates)
    if best:
        if strategy == "Question" and best == "clarifying-question" and _OPEN_Q.search(t):
            return "open-question"
        return best
    if strategy == "Question":
        return "open-question" if _OPEN_Q.search(t) else "clarifying-question"
    return DEFAULT_ACTION.get(strategy, "rapport-and-closing")


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
    b, a = _norm(before), _norm(after)
    rc = tax.response_changes
    vb = VALENCE(before) if v_before is None else v_before
    va = VALENCE(after) if v_after is None else v_after
    wa, wb = len(_WORD.findall(a)), len(_WORD.findall(b))
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


def annotate_dialogue(d: Dialogue, tax: Taxonomy | None = None) -> DialogueAnnotation:
    """Label one dialogue with the heuristic rules."""
    tax = tax or load_taxonomy()
    ann = DialogueAnnotation(d.id, scenarios_for(d, tax), annotator="heuristic")
    val: dict[int, float] = {}
    risk: dict[int, bool] = {}
    previous: str | None = None
    for t in d.turns:
        if t.speaker == "seeker":
            val[t.index] = VALENCE(t.text)
            risk[t.index] = is_risk(t.text, after_risk=any(risk.values()))
            previous = ann.states[t.index] = seeker_state(
                t.text,
                tax,
                emotion_type=d.emotion_type,
                valence=val[t.index],
                previous=previous,
                after_risk=any(risk.values()),
            )
        else:
            ann.actions[t.index] = support_action(t.text, t.strategy, tax)
    for turn, before, after in response_pairs(d.turns):
        feedback = next((x.feedback for x in after if x.feedback is not None), None)
        ann.changes[turn.index] = response_change(
            " ".join(x.text for x in before),
            " ".join(x.text for x in after),
            tax,
            feedback=feedback,
            action=ann.actions.get(turn.index),
            support=turn.text,
            v_before=sum(val[x.index] for x in before) / len(before) if before else 0.0,
            v_after=sum(val[x.index] for x in after) / len(after),
            risk_before=any(risk[x.index] for x in before),
            risk_after=any(risk[x.index] for x in after),
        )
    return ann
