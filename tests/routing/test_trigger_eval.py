"""Trigger precision/recall arithmetic with a scripted router, and the skills' evals files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esc_skills.agent.trigger_eval import TriggerCase, evaluate_triggers
from esc_skills.lint import lint_paths
from esc_skills.paths import SKILLS_DIR


async def test_precision_recall_and_confusion() -> None:
    answers = {"a1": ["a", "b"], "a2": ["b", "c"], "n1": ["a"], "n2": ["c"]}

    async def router(query: str) -> list[str]:
        return answers[query]

    cases = [
        TriggerCase("a", "a1", True),
        TriggerCase("a", "a2", True),
        TriggerCase("a", "n1", False),
        TriggerCase("a", "n2", False),
    ]
    report = (await evaluate_triggers(cases, router, k=1)).as_json()
    assert report["skills"]["a"] == {
        "precision": 0.5,
        "recall": 0.5,
        "tp": 1,
        "fp": 1,
        "fn": 1,
        "tn": 1,
    }
    assert report["confusion"] == [{"expected": "a", "ranked_first": "b", "count": 1}]
    wider = (await evaluate_triggers(cases, router, k=2)).as_json()
    assert wider["skills"]["a"]["recall"] == 0.5  # "a2" routes to b, c: still a miss


# Skills with a SKILL.md (evals for a skill another branch adds may arrive first).
EVALS = sorted(
    p for p in SKILLS_DIR.glob("*/evals/evals.json") if (p.parent.parent / "SKILL.md").is_file()
)


@pytest.mark.parametrize("path", EVALS, ids=lambda p: p.parent.parent.name)
def test_every_skill_ships_enough_trigger_cases(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["skill_name"] == path.parent.parent.name
    cases = data["trigger_evals"]
    assert sum(c["should_trigger"] for c in cases) >= 8
    assert sum(not c["should_trigger"] for c in cases) >= 8
    assert not [f for f in lint_paths([path.parent.parent]) if f.rule.startswith("ESC8")]


def test_every_skill_has_evals() -> None:
    skills = {p.parent.name for p in SKILLS_DIR.glob("*/SKILL.md")}
    with_evals = {p.parent.parent.name for p in SKILLS_DIR.glob("*/evals/evals.json")}
    assert skills <= with_evals
