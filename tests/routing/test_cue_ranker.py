"""The offline default ranker on the real bank and on a small bank of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from esc_skills.agent.cue_ranker import CueRanker
from esc_skills.agent.retrieval import RetrievalQuery
from esc_skills.bank import Skill, load_bank
from esc_skills.paths import SKILLS_DIR

CRISIS = "crisis-safety-response"


@pytest.fixture(scope="module")
def ranker() -> CueRanker:
    return CueRanker(load_bank(SKILLS_DIR))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I failed my exam", "academic-pressure-support"),
        ("my midterms went terribly and my grades are slipping", "academic-pressure-support"),
        ("my manager piles tasks on me every week", "work-stress-unpacking"),
        ("we split up after five years and I miss her", "breakup-heartbreak-support"),
        ("our cat passed away on Friday", "grief-and-loss-companioning"),
        ("I'm useless and worthless", "shame-and-self-worth"),
    ],
)
def test_everyday_messages_reach_their_skill(ranker: CueRanker, text: str, expected: str) -> None:
    assert expected in [r.skill.name for r in ranker.rank(text, 3)]


def test_risk_puts_crisis_first_with_why(ranker: CueRanker) -> None:
    top = ranker.rank("I'm just a burden, they'd be happier if I was gone", 3)
    assert top[0].skill.name == CRISIS
    assert "burden" in top[0].why["risk"]


def test_idiom_is_not_crisis(ranker: CueRanker) -> None:
    names = [r.skill.name for r in ranker.rank("this deadline is killing me", 3)]
    assert CRISIS not in names and "work-stress-unpacking" in names


def test_risk_in_earlier_turn_keeps_crisis_first(ranker: CueRanker) -> None:
    query = RetrievalQuery(
        context=[
            {"role": "seeker", "content": "I've been giving my things away"},
            {"role": "supporter", "content": "Thank you for telling me."},
            {"role": "seeker", "content": "work has been hard too"},
        ]
    )
    assert ranker.rank(query, 3)[0].skill.name == CRISIS


def test_why_names_cues_and_terms(ranker: CueRanker) -> None:
    first = ranker.rank("I failed my exam", 1)[0]
    assert any("exam" in cue for cue in first.why["cues"])


def _skill(name: str, description: str, states: str, scenarios: str = "") -> Skill:
    meta = {"esc-seeker-states": states, "esc-scenarios": scenarios}
    body = f"## When to use\n\n- {description}\n"
    return Skill(name=name, description=description, body=body, metadata=meta, path=Path(name))


def test_any_bank_using_the_taxonomy_benefits() -> None:
    skills = [
        _skill("study-help", "Supports students.", "anxiety", "academic-pressure"),
        _skill("pet-loss", "Supports people grieving.", "sadness", "grief-and-loss"),
        _skill("safety", "Responds to risk.", "crisis"),
    ]
    ranker = CueRanker(skills)
    assert ranker.rank("my thesis is due and I'm behind", 1)[0].skill.name == "study-help"
    assert ranker.rank("I want to end my life", 1)[0].skill.name == "safety"
    assert ranker.rank("", 3) == []
    assert CueRanker([]).rank("hello", 3) == []
