"""esc_skills.names: one function turns any text into a name every consumer accepts."""

from __future__ import annotations

import random
import string

import pytest

from esc_skills.names import MAX_NAME_LENGTH, RESERVED_WORDS, is_valid_name, skill_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Listen First!", "listen-first"),
        ("  grief -- companioning  ", "grief-companioning"),
        ("Café Ñandú", "cafe-nandu"),
        ("Claude's Anthropic Helper", "s-helper"),
        ("claudeclaude work", "work"),
        ("ANTHROPIC", "skill"),
        ("", "skill"),
        ("倾听", "skill"),
        ("already-valid-name", "already-valid-name"),
        (42, "42"),
    ],
)
def test_names_from_text(text: object, expected: str) -> None:
    assert skill_name(text) == expected


def test_long_text_is_cut_at_64_without_a_trailing_hyphen() -> None:
    name = skill_name("word " * 40)
    assert len(name) <= MAX_NAME_LENGTH and is_valid_name(name)
    assert skill_name("a" * 63 + " b") == "a" * 63


def test_max_length_leaves_room_for_a_suffix() -> None:
    assert skill_name("word " * 20, max_length=12) == "word-word-wo"
    taken = {"word-word-wo"}
    assert skill_name("word " * 20, max_length=12, taken=taken) == "word-word-2"
    assert len(skill_name("x" * 80, max_length=100)) == MAX_NAME_LENGTH


def test_fallback_and_min_length() -> None:
    assert skill_name("ab", fallback="mined-skill", min_length=3) == "mined-skill"
    assert skill_name("claude", fallback="Claude Fallback!") == "fallback"
    assert skill_name("???", fallback="???") == "skill"


def test_taken_names_get_a_numbered_suffix_within_the_limit() -> None:
    taken: set[str] = {"listen-first"}
    assert skill_name("Listen first", taken=taken) == "listen-first-2"
    assert skill_name("listen FIRST", taken=taken) == "listen-first-3"
    long = "x" * 70
    first, second = skill_name(long, taken=taken), skill_name(long, taken=taken)
    assert first == "x" * 64 and second == "x" * 62 + "-2"
    assert {"listen-first-2", "listen-first-3", first, second} <= taken


def test_any_text_gives_a_valid_name() -> None:
    rng = random.Random(11)
    alphabet = string.printable + "éüß—中文" + "".join(RESERVED_WORDS).upper()
    taken: set[str] = set()
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
        if rng.random() < 0.3:
            text = rng.choice(RESERVED_WORDS) + text + rng.choice(RESERVED_WORDS)
        name = skill_name(text, taken=taken if rng.random() < 0.5 else None)
        assert is_valid_name(name), (text, name)


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("grief-companioning", True),
        ("a", True),
        ("Grief", False),
        ("-grief", False),
        ("grief--x", False),
        ("my-claude-skill", False),
        ("x" * 65, False),
    ],
)
def test_is_valid_name(name: str, valid: bool) -> None:
    assert is_valid_name(name) is valid
