"""The text a skill ships, as units the safety rules read: files, blocks, clauses.

Every text file of a skill is scanned. A markdown file becomes units (a paragraph, a list
item with its wrapped lines, a heading, a table row, a fenced-code line), each folded (see
textnorm) and lower-cased, with a map back to file:line:col. Whether a match is a warning
*against* the act is decided on the clause that governs it, never on a negation word
anywhere in the sentence.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from esc_skills.lint.document import TEXT_SUFFIXES, SkillDoc
from esc_skills.lint.regex_cache import compile_pattern
from esc_skills.lint.textnorm import Folded, fold_line
from esc_skills.sections import next_fence

# What a file holds decides which rules read it: guidance is what the agent is told to do;
# seeker text (trigger tests) and data (mined evidence) are read for hidden text only.
GUIDANCE, SEEKER, DATA = "guidance", "seeker", "data"
_MAX_BYTES = 2_000_000

_BULLET = compile_pattern(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+")
_BULLET_START = frozenset("-*+>0123456789")
_HEADING = compile_pattern(r"^\s{0,3}(#{1,6})\s+(.*?)[\s#]*$")
SPEAKER = compile_pattern(
    r"^\s*(?:>\s*)*(?:[-*+]\s+)?(?:\*\*|__|\*|_)?(seeker|user|client|caller|supporter|agent"
    r"|assistant|helper|listener|counsell?or|ai)\b([^:\n]{0,40}):",
    re.IGNORECASE,
)
_COUNTER = compile_pattern(
    r"\b(?:unhelpful|not helpful|avoid|don'?t|do not|never|bad|wrong|poor|harmful|unsafe"
    r"|what not to|instead of|not this|not like this|before)\b|❌|✗|✘",
    re.IGNORECASE,
)


@dataclass
class Unit:
    """One block of a file, folded and lower-cased, with its position map."""

    text: str
    line: int
    section: str = ""  # lower-cased H2 title
    kind: str = "para"  # para | bullet | heading | code | table | fm | fm-description
    speaker: str = ""  # lower-cased speaker label of an example line
    counter: bool = False  # a labelled counter-example ("Unhelpful reply:")
    segs: list[tuple[int, int, int, Folded]] = field(default_factory=list)

    def pos(self, offset: int) -> tuple[int, int]:
        """File line and column (1-based) of an offset into ``text``."""
        i = max(bisect_right([s[0] for s in self.segs], offset) - 1, 0)
        start, line, col0, folded = self.segs[i]
        return line, col0 + folded.col(max(offset - start, 0)) + 1


@dataclass
class TextFile:
    """A text file of a skill: its kind, raw lines and units joined into one string."""

    path: Path
    kind: str
    raw: str
    lines: list[str]
    units: list[Unit] = field(default_factory=list)
    text: str = ""  # unit texts joined by "\n" (patterns never cross a newline)
    starts: list[int] = field(default_factory=list)
    matches: list[tuple[Any, int, int]] | None = None  # rule scan (key, start, end), once

    def unit_at(self, offset: int) -> tuple[Unit, int]:
        """The unit holding ``offset`` of ``text`` and the offset inside it."""
        i = bisect_right(self.starts, offset) - 1
        return self.units[i], offset - self.starts[i]


def file_kind(folder: Path, path: Path) -> str:
    """guidance, seeker (evals/) or data (references/evidence.json)."""
    rel = path.relative_to(folder).parts
    if rel[0] == "evals":
        return SEEKER
    if rel == ("references", "evidence.json"):
        return DATA
    return GUIDANCE


def skill_files(doc: SkillDoc) -> list[TextFile]:
    """SKILL.md and every other UTF-8 text file of the skill (no symlinks), parsed once."""
    cached: list[TextFile] | None = doc.cache.get("safety-files")
    if cached is not None:
        return cached
    out: list[TextFile] = []
    if doc.text is not None:
        out.append(_markdown(doc.path, GUIDANCE, doc.text, doc.fm_end_line if doc.fm_closed else 0))
    stack = [str(doc.folder)]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink() or entry.name.startswith("."):
                continue
            if entry.is_dir():
                stack.append(entry.path)
                continue
            suffix = os.path.splitext(entry.name)[1].lower()
            if current == str(doc.folder) or suffix not in TEXT_SUFFIXES:
                continue
            path = Path(entry.path)
            try:
                if entry.stat().st_size > _MAX_BYTES:
                    continue
                data = doc.read_file(entry.path)  # shared with the file and evidence rules
                if data is None:
                    continue
                raw = data.decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue  # reported by the encoding rules
            kind = file_kind(doc.folder, path)
            if suffix in (".md", ".markdown", ".txt"):
                out.append(_markdown(path, kind, raw, 0))
            else:
                out.append(_plain(path, kind, raw))
    doc.cache["safety-files"] = out
    return out


def _lower(text: str) -> str:
    low = text.lower()
    # lower() changes the length of a few characters (U+0130); keep offsets stable.
    return (
        low
        if len(low) == len(text)
        else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    )


_FM_VALUE = compile_pattern(r'^description:\s*["\']?|["\']\s*$')


class _Builder:
    def __init__(self, tf: TextFile) -> None:
        self.tf = tf
        self.parts: list[str] = []
        self.segs: list[tuple[int, int, int, Folded]] = []
        self.length = 0
        self.meta: dict[str, str | bool] = {}
        self.offset = 0  # where the next unit starts in the file's joined text

    def add(self, lineno: int, line: str) -> None:
        stripped = line.lstrip()
        col0 = len(line) - len(stripped)
        if self.parts:
            self.parts.append(" ")
            self.length += 1
        folded = fold_line(stripped.rstrip())
        self.segs.append((self.length, lineno, col0, folded))
        self.parts.append(folded.text)
        self.length += len(folded.text)

    def close(self) -> Unit | None:
        if not self.parts:
            return None
        unit = Unit(_lower("".join(self.parts)), self.segs[0][1], segs=self.segs)
        unit.__dict__.update(self.meta)  # kind, section, speaker, counter
        self.tf.starts.append(self.offset)
        self.offset += len(unit.text) + 1
        self.tf.units.append(unit)
        self.parts, self.segs, self.length, self.meta = [], [], 0, {}
        return unit

    def finish(self) -> TextFile:
        self.close()
        self.tf.text = "\n".join(u.text for u in self.tf.units)
        return self.tf


def _plain(path: Path, kind: str, raw: str) -> TextFile:
    tf = TextFile(path, kind, raw, raw.split("\n"))
    b = _Builder(tf)
    for i, line in enumerate(tf.lines, 1):
        if line.strip():
            b.add(i, line)
            b.close()
    return b.finish()


def _markdown(path: Path, kind: str, raw: str, fm_end: int) -> TextFile:
    tf = TextFile(path, kind, raw, raw.split("\n"))
    b = _Builder(tf)
    description = False
    for i in range(1, fm_end + 1):  # frontmatter: one unit per line; description is guidance
        line = tf.lines[i - 1]
        if line and not line[0].isspace():
            description = line.startswith("description")
        if line.strip() and line.strip() != "---":
            b.meta = {"kind": "fm-description" if description else "fm"}
            b.add(i, line)
            unit = b.close()
            if unit and description:
                # The YAML key and quotes are not prose: blank them (same length, same columns).
                unit.text = _FM_VALUE.sub(lambda m: " " * len(m.group(0)), unit.text)
    section, fence, counter_next = "", "", False
    for i in range(fm_end + 1, len(tf.lines) + 1):
        line = tf.lines[i - 1]
        code = False
        if fence or "```" in line or "~~~" in line:  # cheap guard: most lines are prose
            fence, code = next_fence(fence, line)
        if code:
            b.close()
            if line.strip():
                b.meta = {"kind": "code", "section": section}
                b.add(i, line)
                b.close()
            continue
        if not line.strip():
            b.close()
            continue
        first = line.lstrip()[:1]  # cheap guards: most lines are plain prose
        heading = _HEADING.match(line) if first == "#" else None
        speaker = SPEAKER.match(line) if ":" in line else None
        bullet = first in _BULLET_START and _BULLET.match(line) is not None
        table = first == "|"
        if heading or speaker or bullet or table:
            b.close()
        if heading:
            if len(heading.group(1)) == 2:
                section = heading.group(2).strip().lower()
            b.meta = {"kind": "heading", "section": section}
            b.add(i, line)
            b.close()
            continue
        if not b.parts:
            b.meta = {"section": section, "counter": counter_next}
            if speaker:
                b.meta["speaker"] = speaker.group(1).lower()
                b.meta["counter"] = bool(_COUNTER.search(speaker.group(2))) or counter_next
            elif bullet:
                b.meta["kind"] = "bullet"
            elif table:
                b.meta["kind"] = "table"
            counter_next = False
        b.add(i, line)
        if table:
            b.close()
        stripped = line.strip()
        if stripped.endswith(":") and len(stripped) < 60 and _COUNTER.search(stripped):
            unit = b.close()  # a label such as "Unhelpful reply:" covers the next block
            counter_next = unit is not None
    return b.finish()
