"""Skill names: the format every consumer accepts, and one way to make a name from text.

A name is lowercase ASCII letters, digits and single hyphens (no leading or trailing
hyphen), at most 64 characters, and contains neither reserved word: Claude rejects
``anthropic`` and ``claude`` anywhere in a name. Lint checks these rules (ESC1xx); code that
names a skill from free text (a model's answer, a cluster label) uses ``skill_name``.
"""

from __future__ import annotations

import re
import unicodedata

NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NAME_LENGTH = 64
RESERVED_WORDS = ("anthropic", "claude")
_NOT_NAME = re.compile(r"[^a-z0-9]+")
_RESERVED = re.compile("|".join(RESERVED_WORDS))


def is_valid_name(name: str) -> bool:
    """True when ``name`` follows every rule above."""
    return (
        len(name) <= MAX_NAME_LENGTH
        and NAME_RE.match(name) is not None
        and _RESERVED.search(name) is None
    )


def _clean(text: str, max_length: int) -> str:
    # Accents fold to ASCII (café -> cafe); anything else that is not [a-z0-9] and each
    # reserved word becomes a separator; runs of separators collapse to one hyphen.
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = _NOT_NAME.sub("-", ascii_text.lower())
    words = _NOT_NAME.sub("-", _RESERVED.sub("-", words)).strip("-")
    return words[:max_length].rstrip("-")


def skill_name(
    text: object,
    *,
    fallback: str = "skill",
    taken: set[str] | None = None,
    min_length: int = 1,
    max_length: int = MAX_NAME_LENGTH,
) -> str:
    """A valid skill name made from ``text`` (any value; str() is used).

    When too little of the text survives (shorter than ``min_length``), ``fallback`` is
    used instead. ``max_length`` (at most 64) leaves room for a suffix the caller adds. With
    ``taken``, the name is made unique among those names by a ``-2``, ``-3``... suffix
    (still within ``max_length``) and added to the set.
    """
    max_length = min(max_length, MAX_NAME_LENGTH)
    name = _clean(str(text), max_length)
    if len(name) < min_length:
        name = _clean(fallback, max_length) or "skill"
    if taken is None:
        return name
    base, n = name, 2
    while name in taken:
        suffix = f"-{n}"
        name = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    taken.add(name)
    return name
