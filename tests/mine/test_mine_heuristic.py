"""Rules of the heuristic annotator that the docs promise."""

from __future__ import annotations

from esc_skills.data.types import Dialogue, Turn
from esc_skills.mine.annotate_heuristic import (
    annotate_dialogue,
    response_change,
    scenarios_for,
    seeker_state,
    support_action,
)
from esc_skills.mine.annotation import response_pairs
from esc_skills.taxonomy import load_taxonomy

TAX = load_taxonomy()


def test_crisis_cue_wins_over_any_other_state() -> None:
    text = "I'm so angry and hopeless, honestly I want to die."
    assert seeker_state(text, TAX) == "crisis"


def test_state_falls_back_to_the_dialogue_emotion() -> None:
    assert seeker_state("It was on a Tuesday.", TAX, emotion_type="anger") == "anger"


def test_action_stays_within_its_strategy() -> None:
    for action_text, strategy in [
        ("You should talk to your boss.", "Providing Suggestions"),
        ("You feel hurt.", "Reflection of feelings"),
        ("Did you tell anyone?", "Question"),
        ("So you are saying he left.", "Restatement or Paraphrasing"),
    ]:
        action = support_action(action_text, strategy, TAX)
        assert TAX.strategy_of(action) == strategy


def test_safety_check_needs_a_safety_cue() -> None:
    assert (
        support_action("Are you thinking of ending your life or harm yourself?", "Question", TAX)
        == "safety-check"
    )
    assert support_action("Are you working today?", "Question", TAX) == "clarifying-question"


def test_bare_no_is_pushback_only_after_advice() -> None:
    before, after = "My boss is awful.", "No, I don't think that would change anything."
    assert response_change(before, after, TAX, action="direct-suggestion") == "pushback"
    assert response_change(before, after, TAX, action="clarifying-question") != "pushback"


def test_low_feedback_turns_a_neutral_reply_negative() -> None:
    before, after = "I am sad about my exam.", "It was on Monday morning."
    assert TAX.response_changes[response_change(before, after, TAX)].valence == "neutral"
    low = response_change(before, after, TAX, feedback=1)
    assert TAX.response_changes[low].valence == "negative"
    high = response_change(before, after, TAX, feedback=5)
    assert TAX.response_changes[high].valence == "neutral"


def test_response_pairs_join_runs_and_skip_unanswered_turns() -> None:
    turns = [
        Turn(0, "seeker", "hi"),
        Turn(1, "seeker", "I am sad"),
        Turn(2, "supporter", "I hear you", "Reflection of feelings"),
        Turn(3, "supporter", "What happened?", "Question"),
        Turn(4, "seeker", "My dog died"),
        Turn(5, "supporter", "Take care", "Others"),
    ]
    pairs = [
        (t.index, [b.index for b in bef], [a.index for a in aft])
        for t, bef, aft in response_pairs(turns)
    ]
    assert pairs == [(2, [0, 1], [4]), (3, [0, 1], [4])]


def test_scenarios_from_problem_type_and_situation() -> None:
    d = Dialogue(
        "x",
        "user",
        [Turn(0, "seeker", "hi")],
        situation="I was laid off and can't pay rent.",
        problem_type="job crisis",
    )
    scen = scenarios_for(d, TAX)
    assert scen[0] == "job-loss" and "financial-stress" in scen
    ann = annotate_dialogue(d, TAX)
    assert ann.scenarios == scen  # the dialogue's scenarios label its annotation
    # One seeker turn: one state from the taxonomy, no supporter action, nothing to change.
    assert list(ann.states) == [0] and ann.states[0] in TAX.seeker_states
    assert not ann.actions and not ann.changes
