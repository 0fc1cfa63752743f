"""esc_skills.sections: the bank and lint read the same sections from a SKILL.md body."""

from __future__ import annotations

from pathlib import Path

import pytest

from esc_skills.bank import load_skill
from esc_skills.lint.document import parse_skill
from esc_skills.sections import split_body

FENCED = """# Listening

## Overview

Reflect first.

## Examples

An example SKILL.md, shown as text:

{fence}markdown
## When to use

- not a real section
{close}

## When to use

- The seeker feels unheard.
"""


@pytest.mark.parametrize(
    ("fence", "close"),
    [("```", "```"), ("~~~", "~~~"), ("````", "`````"), ("  ```", "```"), ("```", "~~~\n```")],
)
def test_headings_inside_code_fences_do_not_split_sections(fence: str, close: str) -> None:
    body = split_body(FENCED.format(fence=fence, close=close))
    assert [s.title for s in body.sections] == ["Overview", "Examples", "When to use"]
    examples = body.by_title()["Examples"]
    assert "## When to use" in examples and "not a real section" in examples
    assert body.by_title()["When to use"] == "- The seeker feels unheard."


def test_an_unclosed_fence_runs_to_the_end() -> None:
    body = split_body("## A\n\n```\n## B\n")
    assert [s.title for s in body.sections] == ["A"]
    assert body.code_lines == {3, 4, 5}


def test_line_numbers_follow_first_line() -> None:
    body = split_body("intro\n## Title ##\n\n\ntext\n```\ncode\n```\n", first_line=10)
    (section,) = body.sections
    assert (section.title, section.line, section.content_line) == ("Title", 11, 14)
    assert body.code_lines == {15, 16, 17}


def test_h1_ends_a_section_h3_does_not_and_the_first_duplicate_wins() -> None:
    body = split_body("## A\none\n### Sub\ntwo\n# Top\nloose\n## A\nagain\n##\tB\nthree")
    assert [s.title for s in body.sections] == ["A", "A", "B"]
    assert body.by_title() == {"A": "one\n### Sub\ntwo", "B": "three"}


def test_bank_and_lint_agree_on_a_fenced_example(tmp_path: Path) -> None:
    folder = tmp_path / "listening"
    folder.mkdir()
    text = FENCED.format(fence="```", close="```")
    (folder / "SKILL.md").write_text(
        f"---\nname: listening\ndescription: Listen. Use when unheard.\n---\n\n{text}",
        encoding="utf-8",
    )
    from_bank = load_skill(folder).sections()
    doc = parse_skill(folder)
    from_lint = {}
    for s in doc.sections:
        from_lint.setdefault(s.title, s.content)
    assert from_bank == from_lint
    assert list(from_bank) == ["Overview", "Examples", "When to use"]
