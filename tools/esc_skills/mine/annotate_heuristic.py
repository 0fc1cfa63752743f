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

from esc_skills.data.types import Dialogue
from esc_skills.mine.annotation import DialogueAnnotation, response_pairs
from esc_skills.mine.cues import VALENCE, WORD, best_label, cue_hits, norm
from esc_skills.mine.response_change import response_change
from esc_skills.mine.risk import is_risk
from esc_skills.taxonomy import Label, Taxonomy, load_taxonomy

# response_change and VALENCE stay importable from here, where callers found them first.
__all__ = [
    "DEFAULT_ACTION",
    "EMOTION_STATE",
    "PROBLEM_SCENARIO",
    "VALENCE",
    "annotate_dialogue",
    "response_change",
    "scenarios_for",
    "seeker_state",
    "support_action",
]

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


def scenarios_for(d: Dialogue, tax: Taxonomy) -> list[str]:
    """Dialogue scenarios: problem type first, then up to two cue matches in the situation."""
    out: list[str] = []
    mapped = PROBLEM_SCENARIO.get(d.problem_type.strip().lower())
    text = norm(d.situation)
    if mapped == "work-stress" and cue_hits(text, tax.scenarios["job-loss"].cues):
        mapped = "job-loss"
    if mapped:
        out.append(mapped)
    if not text:
        text = norm(" ".join(t.text for t in d.seeker_turns()[:3]))
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
    t = norm(text)
    if "crisis" in tax.seeker_states and is_risk(text, after_risk=after_risk):
        return "crisis"  # safety first: any risk cue decides the state
    default = EMOTION_STATE.get(emotion_type.lower(), "sadness")
    carried = previous if previous in _PERSISTENT else default
    words = len(WORD.findall(t))
    if words <= 8 and _GREETING.search(t):
        return carried
    # crisis comes from the risk patterns above only; its taxonomy cues ignore negation.
    best = best_label(t, (s for s in tax.seeker_states.values() if s.id != "crisis"))
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
    t = norm(text)
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
    best = best_label(t, candidates)
    if best:
        if strategy == "Question" and best == "clarifying-question" and _OPEN_Q.search(t):
            return "open-question"
        return best
    if strategy == "Question":
        return "open-question" if _OPEN_Q.search(t) else "clarifying-question"
    return DEFAULT_ACTION.get(strategy, "rapport-and-closing")


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
