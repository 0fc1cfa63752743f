"""Counselling rules the shipped bank must keep (checked on skills/, so evolution cannot drift)."""

from __future__ import annotations

import json
import re

import pytest

from esc_skills.bank import load_bank
from esc_skills.lint.rules_metadata import ORIGINS
from esc_skills.paths import REPO_ROOT

BANK = {s.name: s for s in load_bank(REPO_ROOT / "skills")}
CRISIS = "crisis-safety-response"
RISK_SKILLS = (
    CRISIS,
    "trauma-and-assault-disclosure",
    "domestic-abuse-safety",
    "substance-use-support",
    "someone-else-at-risk",
)
# First-person human experience an AI supporter cannot have.
HUMAN_PAST = re.compile(
    r"\b(helped me|when i went through|i went through|i remember (when|feeling)|"
    r"i've been there|happened to me|i've felt|i felt (the same|that way)|my (own )?(divorce|"
    r"boss|mum|mom|dad|kids|wife|husband|ex))\b",
    re.I,
)
# Crisis lines (not emergency numbers): each Supporter turn offers at most one.
LINES = re.compile(
    r"\b988\b|116 123|0800 1111|686868|1-800-\d{3}-\d{4}|0808 \d{3,4} \d{3,4}|13 11 14|1737\b|"
    r"findahelpline"
)


def section(name: str, title: str) -> str:
    """The text of one H2 section of a bank skill."""
    body = BANK[name].body
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", body, re.M | re.S)
    assert match, f"{name} has no '{title}' section"
    return match.group(1)


def supporter_turns(name: str) -> list[str]:
    """Supporter lines of a skill's Examples (paragraphs joined)."""
    text = section(name, "Examples")
    turns = re.findall(r"^Supporter: (.*?)(?=\n\n|\Z)", text, re.M | re.S)
    return [" ".join(t.split()) for t in turns]


def test_every_origin_is_documented() -> None:
    for skill in BANK.values():
        assert skill.metadata["esc-origin"] in ORIGINS, skill.name


def test_self_disclosure_never_invents_a_human_life() -> None:
    skill = BANK["self-disclosure-used-well"]
    text = skill.description + "\n" + skill.body
    assert not HUMAN_PAST.search(text), HUMAN_PAST.search(text)
    assert "I'm an AI" in text
    for turn in supporter_turns(skill.name):
        assert not HUMAN_PAST.search(turn), turn


@pytest.mark.parametrize("name", sorted(BANK))
def test_no_supporter_turn_claims_a_human_past(name: str) -> None:
    for turn in supporter_turns(name):
        assert not HUMAN_PAST.search(turn), f"{name}: {turn}"


@pytest.mark.parametrize("name", RISK_SKILLS)
def test_risk_examples_ask_one_question_and_offer_one_line(name: str) -> None:
    for turn in supporter_turns(name):
        unquoted = re.sub(r'"[^"]*"', "", turn)
        assert unquoted.count("?") <= 1, f"{name}: {turn}"
        assert len(set(LINES.findall(turn))) <= 1, f"{name}: {turn}"


def test_crisis_skill_covers_others_children_and_violence() -> None:
    when = section(CRISIS, "When to use").lower()
    for cue in ("friend", "child", "danger from someone else", "overdose"):
        assert cue in when
    resources = (REPO_ROOT / "skills" / CRISIS / "references" / "resources.md").read_text()
    for line in ("988", "116 123", "0800 1111", "1-800-668-6868", "1-800-799-7233"):
        assert line in resources
    assert re.search(r"Canada \| 988", resources)
    assert "findahelpline.com" in section(CRISIS, "Risks and escalation")
    assert "references/resources.md" in BANK[CRISIS].body


@pytest.mark.parametrize("name", RISK_SKILLS[1:])
def test_new_risk_skills_hand_over_to_crisis(name: str) -> None:
    assert CRISIS in section(name, "Risks and escalation")
    evidence = REPO_ROOT / "skills" / name / "references" / "evidence.json"
    data = json.loads(evidence.read_text(encoding="utf-8"))
    assert data["skill"] == name
    # evidence is either matched IUs or an honest statement that the data holds none
    assert data["ius"] or ("note" in data and BANK[name].metadata["esc-origin"] == "curated")


def test_self_blame_has_the_abuse_carve_out() -> None:
    text = " ".join(BANK["self-blame-reframing"].body.lower().split())
    assert "abuse" in text and "sexual violence" in text
    assert "responsibility lies with the person" in text
    assert "never suggest they apologise" in text


def test_overwhelm_example_checks_safety_after_i_cant_do_this() -> None:
    examples = section("overwhelm-prioritizing", "Examples")
    reply = examples.split("I can't do this.", 1)[1].split("Seeker:", 1)[0]
    assert re.search(r"hurting yourself|not wanting to be here|ending your life", reply)
