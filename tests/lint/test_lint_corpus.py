"""Example-folder tests: every negative case triggers its rule; positives lint clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esc_skills.lint import RULES, Severity, has_errors, lint_paths

HERE = Path(__file__).parent
NEGATIVE = sorted(
    p for p in (HERE / "negative").iterdir() if p.is_dir() and not p.name.startswith(".")
)
POSITIVE = sorted(
    p for p in (HERE / "positive").iterdir() if p.is_dir() and not p.name.startswith(".")
)


def test_corpus_is_large_enough() -> None:
    assert len(NEGATIVE) >= 40
    assert len(POSITIVE) >= 3
    covered = {json.loads((c / "expect.json").read_text())["rule"] for c in NEGATIVE}
    # Review rules (ESC9xx) answer only under --review: tests/lint/test_lint_review.py.
    offline = {r for r, rule in RULES.items() if rule.scope != "review"}
    assert covered == offline, f"rules without a negative case: {offline - covered}"


@pytest.mark.parametrize("case", NEGATIVE, ids=[c.name for c in NEGATIVE])
def test_negative_case_triggers_its_rule(case: Path) -> None:
    expect = json.loads((case / "expect.json").read_text(encoding="utf-8"))
    findings = lint_paths([case])
    hits = [f for f in findings if f.rule == expect["rule"]]
    assert hits, f"{case.name}: expected {expect['rule']}, got {[f.rule for f in findings]}"
    if expect["file"]:
        assert any(f.path == case / expect["file"] for f in hits), [str(f.path) for f in hits]
    if expect["line"] is not None:
        assert any(f.line == expect["line"] for f in hits), [f.line for f in hits]
    for f in hits:
        assert f.severity is RULES[expect["rule"]].severity
        assert f.line >= 1 and f.col >= 1 and f.message
    # warnings fail only under --strict; errors always fail
    assert has_errors(findings, strict=True)
    if RULES[expect["rule"]].severity is Severity.ERROR:
        assert has_errors(findings)


@pytest.mark.parametrize("skill", POSITIVE, ids=[p.name for p in POSITIVE])
def test_positive_skill_is_clean(skill: Path) -> None:
    assert lint_paths([skill]) == []


def test_positive_corpus_is_a_clean_bank() -> None:
    assert lint_paths([HERE / "positive"]) == []


def test_lint_never_modifies_files() -> None:
    files = [p for case in NEGATIVE for p in case.rglob("*") if p.is_file()]
    before = {p: p.read_bytes() for p in files}
    lint_paths(NEGATIVE)
    after = {p: p.read_bytes() for p in files}
    assert before == after
