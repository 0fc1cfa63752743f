"""A regex compiled on first use: the safety frames hold ~300 patterns, few run per lint."""

from __future__ import annotations

import re
from collections.abc import Iterator

from esc_skills.lint.regex_cache import compile_pattern


class LazyPattern:
    """``re.compile(source, flags)`` deferred until a method needs the compiled pattern.

    The prefilter reads only ``pattern`` and ``flags``; compiling every frame, cue and
    needs pattern at import cost a tenth of a second of each lint run.
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern."""
        if self._compiled is None:
            self._compiled = compile_pattern(self.pattern, self.flags)
        return self._compiled

    def search(self, text: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
        """As re.Pattern.search."""
        return self.compiled.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
        """As re.Pattern.match."""
        return self.compiled.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = 2**62) -> Iterator[re.Match[str]]:
        """As re.Pattern.finditer."""
        return self.compiled.finditer(text, pos, endpos)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags})"
