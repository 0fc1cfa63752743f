"""Generate valid skills, distinct or in near-duplicate groups (tests, benchmarks/bench_lint.py)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from esc_skills.taxonomy import load_taxonomy

# Pseudo-words (e.g. "bodaki"): a vocabulary large enough that generated skills do not
# overlap by chance (the near-duplicate rule would rightly flag a small vocabulary).
_CONS, _VOW = "bdfgklmnprstvz", "aeiou"
WORDS = tuple(
    a + b + c + d + e + f
    for a in _CONS
    for b in _VOW
    for c in _CONS
    for d in _VOW
    for e in "klmnrst"
    for f in "ai"
)[::7]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.sample(WORDS, n))


# Words of a skill's description (16) and "When to use" bullets (9 + 7) that a group shares.
THEME_WORDS = 32


def variant(theme: list[str], rng: random.Random, changed: int = 4) -> list[str]:
    """``theme`` with ``changed`` words swapped for random ones: a near-copy (Jaccard ~0.8)."""
    words = list(theme)
    for i in rng.sample(range(len(words)), changed):
        words[i] = rng.choice(WORDS)
    return words


def skill_text(
    name: str, rng: random.Random, *, crisis: bool = False, theme: list[str] | None = None
) -> str:
    """SKILL.md text for a valid generated skill; ``theme`` fixes its description and triggers."""
    tax = load_taxonomy()
    states = rng.sample(list(tax.seeker_states), 2)
    actions = rng.sample(list(tax.support_actions), 3)
    scenarios = rng.sample(list(tax.scenarios), 1)
    if crisis:
        states, scenarios = ["crisis", "hopelessness"], ["crisis-and-self-harm"]
    if theme is None:
        desc = f"Supports a seeker around {_sentence(rng, 8)}. Use when {_sentence(rng, 8)}."
        mentions, feels = _sentence(rng, 9), _sentence(rng, 7)
    else:
        desc = f"Supports a seeker around {' '.join(theme[:8])}. Use when {' '.join(theme[8:16])}."
        mentions, feels = " ".join(theme[16:25]), " ".join(theme[25:32])
    risks = (
        "- If there is any risk of harm, ask about safety and share a crisis line such as 988 "
        "in the US or the local emergency number."
        if crisis
        else f"- If {_sentence(rng, 5)} turns into talk of self-harm, ask about safety."
    )
    return f"""---
name: {name}
description: "{desc}"
license: "Apache-2.0"
metadata:
  esc-version: "1"
  esc-origin: "{rng.choice(["mined", "refined", "new", "curated"])}"
  esc-seeker-states: "{", ".join(states)}"
  esc-support-actions: "{", ".join(actions)}"
  esc-scenarios: "{", ".join(scenarios)}"
---

# {name.replace("-", " ").title()}

## Overview

{_sentence(rng, 12).capitalize()}. {_sentence(rng, 10).capitalize()}.

## When to use

- The seeker mentions {mentions}.
- The seeker feels {feels}.

## Recommended actions

1. Reflect {_sentence(rng, 6)}.
2. Ask about {_sentence(rng, 6)}.
3. Summarise {_sentence(rng, 6)} and check it.

See [the evidence](references/evidence.json).

## Pitfalls to avoid

- Do not diagnose, and never promise that everything will be fine.
- Rushing past {_sentence(rng, 5)}.

## Expected outcomes

- The seeker describes {_sentence(rng, 6)} more specifically.

## Risks and escalation

{risks}

## Examples

Seeker: I keep thinking about {_sentence(rng, 5)}.

Supporter: That sounds heavy. What is the hardest part of {_sentence(rng, 4)} for you?
"""


def write_generated_bank(root: Path, count: int, *, seed: int = 0, groups: int = 0) -> list[Path]:
    """Write ``count`` valid skills (the first is a crisis skill) with evidence files.

    With ``groups`` > 0 every other skill is a near-copy of one of ``groups`` themes
    (skill i of theme i % groups), so the bank holds that many near-duplicate groups.
    """
    rng = random.Random(seed)
    themes = [rng.sample(WORDS, THEME_WORDS) for _ in range(groups)]
    root.mkdir(parents=True, exist_ok=True)
    folders = []
    for i in range(count):
        name = f"generated-skill-{i:04d}"
        folder = root / name
        (folder / "references").mkdir(parents=True, exist_ok=True)
        theme = variant(themes[i % groups], rng) if groups and i else None
        text = skill_text(name, rng, crisis=i == 0, theme=theme)
        (folder / "SKILL.md").write_text(text, encoding="utf-8")
        evidence = {
            "skill": name,
            "counts": {"ius": 2},
            "ius": [{"dialogue_id": f"gen-{i}", "turn": t} for t in (1, 3)],
        }
        (folder / "references" / "evidence.json").write_text(json.dumps(evidence) + "\n")
        folders.append(folder)
    return folders
