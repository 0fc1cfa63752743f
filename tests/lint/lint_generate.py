"""Generate valid, distinct skills (for agreement tests and benchmarks/bench_lint.py)."""

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


def skill_text(name: str, rng: random.Random, *, crisis: bool = False) -> str:
    """SKILL.md text for a valid generated skill."""
    tax = load_taxonomy()
    states = rng.sample(list(tax.seeker_states), 2)
    actions = rng.sample(list(tax.support_actions), 3)
    scenarios = rng.sample(list(tax.scenarios), 1)
    if crisis:
        states, scenarios = ["crisis", "hopelessness"], ["crisis-and-self-harm"]
    desc = f"Supports a seeker around {_sentence(rng, 8)}. Use when {_sentence(rng, 8)}."
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

- The seeker mentions {_sentence(rng, 9)}.
- The seeker feels {_sentence(rng, 7)}.

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


def write_generated_bank(root: Path, count: int, *, seed: int = 0) -> list[Path]:
    """Write ``count`` valid skills (the first is a crisis skill) with evidence files."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    folders = []
    for i in range(count):
        name = f"generated-skill-{i:04d}"
        folder = root / name
        (folder / "references").mkdir(parents=True, exist_ok=True)
        (folder / "SKILL.md").write_text(skill_text(name, rng, crisis=i == 0), encoding="utf-8")
        evidence = {
            "skill": name,
            "counts": {"ius": 2},
            "ius": [{"dialogue_id": f"gen-{i}", "turn": t} for t in (1, 3)],
        }
        (folder / "references" / "evidence.json").write_text(json.dumps(evidence) + "\n")
        folders.append(folder)
    return folders
