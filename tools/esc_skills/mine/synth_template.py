"""Deterministic SKILL.md sections built from a cluster's statistics and taxonomy wording.

Used when the generator's text is unusable (too short, invalid, fails lint), so a candidate
always exists and says where its words came from. The example lines are our own wording.
"""

from __future__ import annotations

from collections.abc import Mapping

from esc_skills.mine.records import Cluster
from esc_skills.mine.synth_records import Example, Sections
from esc_skills.taxonomy import Label, Taxonomy

SEEKER_LINES = {
    "overwhelmed": "Everything is piling up and I don't even know where to begin.",
    "sadness": "I've been feeling really low since it happened.",
    "anxiety": "I keep worrying about what will happen next and can't switch it off.",
    "anger": "It's so unfair, I'm really fed up with how they treated me.",
    "self-blame": "I keep thinking it was all my fault.",
    "hopelessness": "Nothing I try seems to change anything.",
    "loneliness": "I feel like there's nobody I can really talk to.",
    "shame": "I'm embarrassed to even tell anyone about this.",
    "confusion": "I'm torn and I can't decide what I want.",
    "resistance": "I've already tried that and it didn't help.",
    "withdrawal": "I don't know. It doesn't matter.",
    "venting": "I just need to get this off my chest, it's been building up for weeks.",
    "seeking-advice": "What do you think I should do?",
    "relief": "Talking about it actually helps a bit.",
    "crisis": "Sometimes I think everyone would be better off without me.",
}
SUPPORTER_LINES = {
    "open-question": "Would you like to tell me more about what has been happening?",
    "clarifying-question": "How long has it been like this for you?",
    "safety-check": "I want to ask you directly: are you having thoughts of ending your life?",
    "restatement": "So you have been carrying this mostly on your own.",
    "summarizing": "Let me check I have this right: the job, the move and the argument all "
    "came at once.",
    "emotion-reflection": "It sounds like you are feeling worn down and a bit alone with it.",
    "validation": "It makes sense that you feel this way after what happened.",
    "self-disclosure": "I went through something similar once, and it was hard for me too. "
    "What is it like for you?",
    "affirmation": "It took courage to keep going through all of that.",
    "reassurance": "Many people find these feelings ease with time and support; we can take "
    "it one step at a time.",
    "normalizing": "A lot of people react this way in a situation like yours.",
    "collaborative-problem-solving": "What have you tried so far, and what might you want "
    "to try next?",
    "direct-suggestion": "One small step could be writing down the two things that worry you "
    "most. Would that fit for you?",
    "coping-strategy": "When it gets intense, a few slow breaths or a short walk can take the "
    "edge off.",
    "information": "Some schools and workplaces have programs for exactly this; it may be worth "
    "checking what yours offers.",
    "resource-referral": "Talking with a counselor could give you more support with this. "
    "Would you be open to that?",
    "rapport-and-closing": "Thank you for sharing this with me. Take care of yourself today.",
}
SAFETY_LINE = (
    "If the seeker mentions suicide, self-harm or being in danger, set this skill aside: ask "
    "calmly and directly about safety and encourage contact with a crisis line, emergency "
    "services or a trusted person."
)


def _names(ids: list[str], labels: Mapping[str, Label]) -> str:
    names = [labels[i].name.lower() for i in ids if i in labels]
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1] if names else ""


def template_sections(cluster: Cluster, tax: Taxonomy) -> Sections:
    """All sections of a candidate (same shape as the generator's JSON answer)."""
    states = list(cluster["states"])[:3]
    actions = list(cluster["actions"])[:3]
    scenarios = list(cluster["scenarios"])[:3]
    rc = tax.response_changes
    pos = [c for c in cluster["changes"] if rc.get(c) and rc[c].valence == "positive"][:3]
    neg = [c for c in cluster["changes"] if rc.get(c) and rc[c].valence == "negative"][:3]
    count = cluster["count"]
    state_names = _names(states, tax.seeker_states)
    action_names = _names(actions, tax.support_actions)
    overview = (
        f"Mined from {count} key intervention units in which a seeker showing {state_names} "
        f"met {action_names}. {cluster['positive_rate']:.0%} of those units were followed by a "
        f"positive change (mostly {_names(pos, rc) or 'none'}) and "
        f"{cluster['negative_rate']:.0%} by a negative one ({_names(neg, rc) or 'none'})."
    )
    # Lead with the actions: clusters mostly share the common states, so state wording alone
    # would make candidates near-duplicates of each other.
    when = [f"Seeker state: {_names(states[:2], tax.seeker_states)}."]
    when += [
        f"{tax.support_actions[a].name}: {tax.support_actions[a].definition}"
        for a in actions[:2]
        if a in tax.support_actions
    ]
    if scenarios:
        when.append(f"Context: {_names(scenarios[:2], tax.scenarios)}.")
    recommended = [
        f"**{tax.support_actions[a].name}.** {tax.support_actions[a].definition}"
        for a in actions
        if a in tax.support_actions
    ]
    recommended.append("Watch the next reply and adjust: keep what brings the seeker closer.")
    pitfalls = []
    for r in cluster.get("risky_patterns", [])[:3]:
        state, _, action = r["prototype"].partition("+")
        changes = _names(list(r["changes"]), rc) or "a negative change"
        act = tax.support_actions[action].name.lower() if action in tax.support_actions else action
        st = tax.seeker_states[state].name.lower() if state in tax.seeker_states else state
        pitfalls.append(
            f"Using {act} with a seeker in {st} was followed by {changes} in "
            f"{r['negative']} units; check the fit before repeating it."
        )
    pitfalls.append("Do not stack several moves in one turn; one clear move is easier to take in.")
    outcomes = [
        f"{rc[c].name}: {rc[c].definition} ({cluster['changes'][c]} of {count} key units)"
        for c in pos
    ] or ["The seeker keeps talking and feels heard."]
    risks = [f"Watch for {rc[c].name.lower()}: {rc[c].definition}" for c in neg]
    risks.append(SAFETY_LINE)
    examples: list[Example] = [
        {
            "seeker": SEEKER_LINES.get(states[i % len(states)], "I don't know how to feel."),
            "supporter": SUPPORTER_LINES.get(a, "I'm here and listening."),
        }
        for i, a in enumerate(actions[:2])
    ]
    first_action = (
        tax.support_actions[actions[0]].name.lower()
        if actions and actions[0] in tax.support_actions
        else "this move"
    )
    return {
        "name": f"{states[0]}-{actions[0]}" if states and actions else cluster["id"].lower(),
        "description": (
            f"{action_names[:1].upper()}{action_names[1:]} for "
            f"{_names(states[:2], tax.seeker_states)}. Use when the seeker shows "
            f"{_names(states[:1], tax.seeker_states)} and "
            f"{first_action} fits."
        ),
        "title": f"{tax.seeker_states[states[0]].name}: {tax.support_actions[actions[0]].name}"
        if states
        and actions
        and states[0] in tax.seeker_states
        and actions[0] in tax.support_actions
        else cluster["label"],
        "overview": overview,
        "when_to_use": when,
        "recommended_actions": recommended,
        "pitfalls": pitfalls,
        "expected_outcomes": outcomes,
        "risks": risks,
        "examples": examples,
    }
