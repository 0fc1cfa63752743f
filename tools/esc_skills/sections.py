"""Split a SKILL.md body into its ``## `` sections: the one reading lint and the bank share.

A section starts at an H2 heading (``## Title``; a closing run of ``#`` is dropped) and runs
to the next H1 or H2 heading. Lines inside fenced code blocks (```` ``` ```` or ``~~~``, up
to three spaces of indent, closed by a fence of the same character at least as long) are
content, never headings, so an example that shows a SKILL.md does not split the section
it sits in. Text before the first H2, and after an H1, belongs to no section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_H2 = re.compile(r"^##(?!#)[ \t]+(.+?)[ \t#]*$")
_H1 = re.compile(r"^#(?!#)[ \t]+")
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


@dataclass
class Section:
    """One H2 section: title, heading line, and content (stripped) with its first line."""

    title: str
    line: int
    content: str
    content_line: int


@dataclass
class Body:
    """A body's sections in order, and the line numbers that lie inside fenced code."""

    sections: list[Section] = field(default_factory=list)
    code_lines: set[int] = field(default_factory=set)

    def by_title(self) -> dict[str, str]:
        """Title -> content; when a title repeats, the first section wins (as in lint)."""
        out: dict[str, str] = {}
        for section in self.sections:
            out.setdefault(section.title, section.content)
        return out


def next_fence(fence: str, line: str) -> tuple[str, bool]:
    """The fence open after ``line`` ("" for none), given the one open before it, and whether
    ``line`` is code: inside a fenced block or one of its fence lines."""
    m = FENCE.match(line)
    if fence:
        closes = m is not None and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)
        return ("" if closes else fence), True
    if m:
        return m.group(1), True
    return "", False


def split_body(body: str, first_line: int = 1) -> Body:
    """Sections of a markdown body whose first line is file line ``first_line``."""
    out = Body()
    fence = ""
    current: tuple[str, int] | None = None
    content: list[str] = []
    for offset, line in enumerate(body.split("\n")):
        lineno = first_line + offset
        code = False
        if fence or "```" in line or "~~~" in line:  # cheap guard: most lines are prose
            fence, code = next_fence(fence, line)
        if code:
            out.code_lines.add(lineno)
            content.append(line)
            continue
        h2 = _H2.match(line)
        if h2 or _H1.match(line):
            if current:
                out.sections.append(_close(current, content))
            current = (h2.group(1).strip(), lineno) if h2 else None
            content = []
            continue
        content.append(line)
    if current:
        out.sections.append(_close(current, content))
    return out


def _close(current: tuple[str, int], content: list[str]) -> Section:
    title, line = current
    lead = 0
    while lead < len(content) and not content[lead].strip():
        lead += 1
    return Section(title, line, "\n".join(content).strip(), line + 1 + lead)
