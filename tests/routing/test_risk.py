"""The shared risk detector: direct and indirect risk found, everyday idioms left alone."""

from __future__ import annotations

import pytest

from esc_skills.agent.risk import assess, assess_turns, crisis_skill
from esc_skills.bank import Skill

RISK = [
    "honestly i just want to die",
    "I'm thinking of ending my life",
    "I've been giving away my records and my bike to friends",
    "I feel like a burden to all of them",
    "My family would be better off without me",
    "I've been stashing my painkillers in a shoebox",
    "I keep cutting myself when it gets bad",
    "My friend told me he wants to kill himself",
    "I wrote goodbye letters to my kids",
    "i dont want to wake up tomorrow",
    "There's nothing left to live for",
    "I’ve thought about jumping off the bridge near my flat",
    "He threatened to kill me if I leave",
]
ORDINARY = [
    "My job is killing me slowly with all this overtime",
    "I'd literally die of embarrassment",
    "I'm dying to see the new film",
    "My brother is going to kill me when he sees his car",
    "I was dead tired after the trip",
    "I could murder a burger",
    "We're giving away free samples at the store this weekend",
    "I ended things with my boyfriend last week",
    "I said goodbye to my colleagues on my last day",
    "I jumped at the chance to move",
]


@pytest.mark.parametrize("text", RISK)
def test_risk_is_found(text: str) -> None:
    found = assess(text)
    assert found.risk and found.cues and found.phrases


@pytest.mark.parametrize("text", ORDINARY)
def test_idioms_are_not_risk(text: str) -> None:
    assert not assess(text).risk


def test_risk_in_an_earlier_turn_still_counts() -> None:
    assert assess_turns(["I have pills saved up", "anyway how are you"]).risk


def _skill(name: str, states: str = "", scenarios: str = "") -> Skill:
    meta = {"esc-seeker-states": states, "esc-scenarios": scenarios}
    return Skill(name=name, description="d", body="b", metadata=meta)


def test_crisis_skill_by_name_then_by_label() -> None:
    named = _skill("crisis-safety-response")
    labelled = _skill("safety-first", states="crisis, hopelessness")
    other = _skill("grief", states="sadness")
    assert crisis_skill([other, labelled, named]) is named
    assert crisis_skill([other, labelled]) is labelled
    assert crisis_skill([other]) is None


@pytest.mark.parametrize(
    "text",
    [
        "My cousin keeps telling everyone he's a burden",
        "My flatmate has been giving away her books and saying she won't need them",
        "A girl in my year posted that nobody would miss her",
        "My dad says the family would be better off without him",
    ],
)
def test_the_same_signs_in_someone_else(text: str) -> None:
    found = assess(text)
    assert "someone else at risk" in found.cues


@pytest.mark.parametrize(
    "text",
    [
        "My sister hates her job and wants to quit",
        "He said he wants to end it with her",
        "She gave her old dress to her cousin",
        "My friend is killing it at work",
    ],
)
def test_ordinary_news_about_others_is_not_risk(text: str) -> None:
    assert not assess(text).risk


def test_first_person_rewrite() -> None:
    from esc_skills.agent.risk import as_first_person

    assert as_first_person("she is giving away her books") == "i am giving away my books"
    assert as_first_person("nobody would miss him") == "nobody would miss me"
