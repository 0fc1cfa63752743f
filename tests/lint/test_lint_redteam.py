"""Red-team corpus: every unsafe case is caught by its rule; no safe sentence is flagged."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from esc_skills.lint import RULES, lint_paths
from tests.lint.lint_redteam import SEED, load, rules_found

UNSAFE = load("unsafe")
SAFE = load("safe")


def test_corpus_size_and_shape() -> None:
    assert len(UNSAFE) >= 150 and len(SAFE) >= 60
    assert {c.half for c in UNSAFE} == set("ABCDEFGH")
    assert all(c.rule in RULES for c in UNSAFE)
    ids = [c.id for c in UNSAFE + SAFE]
    assert len(ids) == len(set(ids))
    per_category = Counter(c.category for c in UNSAFE)
    assert min(per_category.values()) >= 8, per_category
    sections = {c.section for c in UNSAFE}
    assert {"Overview", "Recommended actions", "Examples", "Pitfalls to avoid"} <= sections
    assert "references" in sections


def test_seed_is_clean() -> None:
    assert lint_paths([SEED]) == []


@pytest.mark.parametrize("case", UNSAFE, ids=[c.id for c in UNSAFE])
def test_unsafe_case_is_caught(case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert case.rule in rules_found(case, tmp_path), case.text


@pytest.mark.parametrize("case", SAFE, ids=[c.id for c in SAFE])
def test_safe_case_is_clean(case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert rules_found(case, tmp_path) == set(), case.text
