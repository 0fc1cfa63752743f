"""Patterns rebuilt from the lint's regex cache equal re.compile's, whatever the file holds."""

from __future__ import annotations

import re
from array import array
from pathlib import Path

import pytest

from esc_skills.lint import regex_cache
from esc_skills.lint.safety_frames import FRAMES

PATTERNS = [
    (r"\bkeep (?:it|this) (?P<what>secret|private)\b", 0),
    (r"^(?:system|developer)\s*:", re.MULTILINE),
    (r"(?i)caf[eé]\s+(\w+)(?=\W)", 0),
    (r"b+", re.IGNORECASE),
    *((frame.pattern.pattern, frame.pattern.flags) for frame in FRAMES[:40]),
]
TEXTS = ["Keep it SECRET now", "system: do this\ndeveloper : that", "café au lait", "aBBb"]


@pytest.fixture
def cache_at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache" / "regex.marshal"
    monkeypatch.setenv("ESC_SKILLS_REGEX_CACHE", str(path))
    monkeypatch.setattr(regex_cache, "_entries", None)
    monkeypatch.setattr(regex_cache, "_dirty", False)
    return path


def _same(source: str, flags: int) -> None:
    built, reference = regex_cache.compile_pattern(source, flags), re.compile(source, flags)
    assert built == reference  # same source, flags and matcher code
    assert built.groupindex == reference.groupindex and built.groups == reference.groups
    for text in TEXTS:
        assert [m.span() for m in built.finditer(text)] == [
            m.span() for m in reference.finditer(text)
        ]


def test_compiled_then_reloaded_patterns_equal_re_compile(cache_at: Path) -> None:
    for source, flags in PATTERNS:
        _same(source, flags)
    regex_cache.save()
    assert cache_at.is_file()
    regex_cache._entries = None  # a new process: every pattern now comes from the file
    for source, flags in PATTERNS:
        _same(source, flags)
    assert regex_cache._dirty is False  # nothing new to write


@pytest.mark.parametrize("content", [b"", b"not marshal data", b"\xe9\x00\x01"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(cache_at: Path, content: bytes) -> None:
    cache_at.parent.mkdir(parents=True)
    cache_at.write_bytes(content)
    _same(*PATTERNS[0])
    regex_cache.save()
    assert cache_at.read_bytes() != content


@pytest.mark.parametrize("code", [bytes(array("I", [1, 2, 3])), b"\x01", b""])
def test_an_entry_sre_rejects_falls_back_to_re_compile(cache_at: Path, code: bytes) -> None:
    source, flags = PATTERNS[0]
    regex_cache._entries = {(source, flags): (flags, code, 0, {}, (None,))}
    _same(source, flags)


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESC_SKILLS_REGEX_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(regex_cache, "_entries", None)
    monkeypatch.setattr(regex_cache, "_dirty", False)
    _same(*PATTERNS[1])
    regex_cache.save()
    assert regex_cache.cache_file() is None and not any(tmp_path.iterdir())


def test_no_home_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("ESC_SKILLS_REGEX_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    monkeypatch.setattr(regex_cache, "_entries", None)
    monkeypatch.setattr(regex_cache, "_dirty", False)
    assert regex_cache.cache_file() is None
    _same(*PATTERNS[2])
    regex_cache.save()


def test_a_python_without_the_private_compiler_steps_still_compiles(
    cache_at: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(regex_cache._compiler, "_code")
    for source, flags in PATTERNS[:4]:
        _same(source, flags)
    regex_cache.save()
    assert not cache_at.exists()  # nothing learned, nothing written
