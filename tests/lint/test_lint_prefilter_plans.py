"""The cached prefilter plans and lazily compiled patterns change nothing a scan finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from esc_skills.lint import prefilter, prefilter_gen
from esc_skills.lint.lazyre import LazyPattern
from esc_skills.lint.prefilter import (
    PatternLike,
    Scanner,
    cached_plans,
    derive_plan,
    plan_key,
    required_literals,
)
from esc_skills.lint.prefilter_gen import current_plans, render_plans


def test_cached_plans_equal_a_fresh_derivation() -> None:
    # A stale cache is never used (its key would not match), but it would cost start-up
    # time: rebuild with `python -m esc_skills.lint.prefilter_gen` after editing a pattern.
    assert cached_plans() == current_plans(), "prefilter_plans.json is stale: run prefilter_gen"


def test_rendered_plans_are_the_committed_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert prefilter.plans_file().read_text(encoding="utf-8") == render_plans(current_plans())
    assert prefilter_gen.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_fails_on_a_stale_file_and_a_rebuild_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "prefilter_plans.json"
    stale.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(prefilter_gen, "plans_file", lambda: stale)
    assert prefilter_gen.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert prefilter_gen.main([]) == 0 and prefilter_gen.main(["--check"]) == 0


@pytest.mark.parametrize("content", ["", "{not json", '{"k": {"parts": 3}}'])
def test_an_unreadable_plans_file_means_deriving_plans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    broken = tmp_path / "prefilter_plans.json"
    broken.write_text(content, encoding="utf-8")
    monkeypatch.setattr(prefilter, "plans_file", lambda: broken)
    cached_plans.cache_clear()
    try:
        assert cached_plans() == {}
        patterns: list[tuple[str, PatternLike]] = [("a", re.compile(r"\bkeep it secret"))]
        spans = [(0, 14)]
        assert Scanner(patterns).scan("keep it secret", spans) == [("a", 0, 14)]
    finally:
        cached_plans.cache_clear()


def test_a_scanner_without_a_cached_plan_derives_the_same_matches() -> None:
    patterns: list[tuple[str, PatternLike]] = [
        ("a", re.compile(r"\bnever tell (?:anyone|your doctor)\b|\bkeep (?:it|this) secret")),
        ("b", LazyPattern(r"\byou\s+are|\bstop taking\s+\w+")),
        ("c", LazyPattern(r"x?")),  # no literal: runs everywhere
    ]
    assert plan_key(patterns) not in cached_plans()
    text = "never tell anyone\nyou  are kind\nstop taking it\nkeep this secret\nxx"
    spans, start = [], 0
    for block in text.split("\n"):
        spans.append((start, start + len(block)))
        start += len(block) + 1
    found = sorted((k, (s, e)) for k, s, e in Scanner(patterns).scan(text, spans))
    full = sorted(
        (k, m.span())
        for lo, hi in spans
        for k, p in patterns
        for m in re.compile(p.pattern.replace(r"\s", r"[^\S\n]"), p.flags).finditer(text, lo, hi)
    )
    assert found == full
    assert {k for k, _ in found} == {"a", "b", "c"}
    assert derive_plan(patterns).always  # "x?" requires no literal


def test_lazy_pattern_acts_as_the_compiled_one() -> None:
    lazy = LazyPattern(r"b+", re.IGNORECASE)
    found = lazy.search("aBBa")
    assert found is not None and found.span() == (1, 3)
    assert lazy.match("abb") is None and lazy.match("abb", 1) is not None
    assert [m.span() for m in lazy.finditer("b ab b", 0, 4)] == [(0, 1), (3, 4)]
    assert lazy.compiled == re.compile(r"b+", re.IGNORECASE)


@pytest.mark.parametrize(
    ("source", "texts"),
    [
        (r"\b(?:safe|secure) with (?:me|us)\b", ["it is safe with me", "all secure with us"]),
        (r"\bkeep (?:it|this) (?:secret|private)", ["keep it secret", "keep this private"]),
        (r"\b(?:swear|promise|pledge)s? (?:that )?", ["she swears that", "promise "]),
    ],
)
def test_required_literals_hold_in_every_match(source: str, texts: list[str]) -> None:
    # The parser factors "safe|secure" into "s(?:afe|ecure)"; the literals must still be
    # whole words ("safe", "secure"), not one letter, and occur in every match.
    literals = required_literals(source)
    assert literals is not None and min(len(x) for x in literals) >= 4
    for text in texts:
        match = re.search(source, text)
        assert match is not None
        assert any(x in match.group(0) for x in literals), (text, literals)


def _blocks(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for block in text.split("\n"):
        spans.append((start, start + len(block)))
        start += len(block) + 1
    return spans


@pytest.mark.parametrize("memo_max", [1, 2, 1000])
def test_repeated_blocks_match_as_if_each_were_scanned(
    monkeypatch: pytest.MonkeyPatch, memo_max: int
) -> None:
    # Blocks are matched once per distinct text; "^" (no MULTILINE) matches only at the
    # start of the text, so the first block is remembered apart from the same text later.
    monkeypatch.setattr(prefilter, "_MEMO_MAX", memo_max)
    patterns: list[tuple[str, PatternLike]] = [
        ("start", re.compile(r"^keep it secret")),
        ("any", re.compile(r"\bkeep (?:it|this) secret\b")),
    ]
    text = "keep it secret\nkeep it secret\nno\nkeep this secret\nkeep it secret"
    spans = _blocks(text)
    scanner = Scanner(patterns)
    full = sorted(
        (k, m.start(), m.end())
        for lo, hi in spans
        for k, p in patterns
        for m in p.finditer(text, lo, hi)
    )
    for _ in range(2):  # the second pass is served from the memo
        assert sorted(scanner.scan(text, spans)) == full
    assert ("start", 0, 14) in full and ("start", 15, 29) not in full
