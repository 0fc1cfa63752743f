"""Parse one SKILL.md for lint: frontmatter text and YAML nodes with file line numbers, sections.

Parsing is done once per skill and kept lenient: every problem becomes a field the rules read,
never an exception, so one malformed file yields precise findings instead of a traceback.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from esc_skills.sections import Section, split_body

# The C loader is ~10x faster; fall back to the pure-Python one where libyaml is missing.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BOM = b"\xef\xbb\xbf"
# Files of a skill that the encoding and the safety rules both read as text.
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".json", ".jsonl", ".yaml", ".yml", ".csv"})
STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class YamlProblem:
    """A YAML error with its position in the file (1-based)."""

    line: int
    col: int
    problem: str


@dataclass
class SkillDoc:
    """Everything the per-skill rules look at, parsed once."""

    folder: Path
    path: Path  # the SKILL.md file
    raw: bytes = b""
    text: str | None = None  # None when the bytes are not UTF-8
    lines: list[str] = field(default_factory=list)
    has_frontmatter: bool = False
    fm_closed: bool = False
    fm_end_line: int = 0  # the closing --- (1-based), 0 when not closed
    fm_text: str = ""
    node: yaml.Node | None = None
    data: Any = None
    yaml_problem: YamlProblem | None = None
    body_line: int = 1  # first line of the body (1-based)
    body: str = ""
    sections: list[Section] = field(default_factory=list)
    code_lines: set[int] = field(default_factory=set)  # body lines inside fenced code
    cache: dict[str, Any] = field(default_factory=dict)  # results shared between checks
    _starts: list[int] = field(default_factory=list)

    # -- positions -------------------------------------------------------------------------
    def node_pos(self, node: yaml.Node) -> tuple[int, int]:
        """File line and column (1-based) of a frontmatter YAML node."""
        return node.start_mark.line + 2, node.start_mark.column + 1

    def offset_pos(self, offset: int) -> tuple[int, int]:
        """File line and column (1-based) of a character offset into ``text``."""
        if not self._starts:
            starts = [0]
            for line in self.lines[:-1]:
                starts.append(starts[-1] + len(line) + 1)
            self._starts = starts
        i = bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1

    def read_file(self, path: str | Path) -> bytes | None:
        """The bytes of a file of this skill, read once for every rule (None: unreadable)."""
        files: dict[str, bytes | None] = self.cache.setdefault("file-bytes", {})
        key = str(path)
        if key not in files:
            try:
                with open(key, "rb") as handle:
                    files[key] = handle.read()
            except OSError:
                files[key] = None
        return files[key]

    # -- typed views of the frontmatter ---------------------------------------------------
    def key_nodes(self) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Top-level frontmatter keys -> (key node, value node); first occurrence wins."""
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        if isinstance(self.node, yaml.MappingNode):
            for k, v in self.node.value:
                out.setdefault(str(k.value), (k, v))
        return out

    def field_str(self, key: str) -> str | None:
        """A top-level frontmatter value as a string, or None when absent / not a scalar."""
        if not isinstance(self.data, dict):
            return None
        value = self.data.get(key)
        return None if value is None or isinstance(value, dict | list) else str(value)

    def metadata(self) -> dict[str, str]:
        """The metadata mapping as strings (what skills-ref reads), empty when unusable."""
        meta = self.data.get("metadata") if isinstance(self.data, dict) else None
        if not isinstance(meta, dict):
            return {}
        return {str(k): "" if v is None else str(v) for k, v in meta.items()}

    def metadata_nodes(self) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """metadata keys -> (key node, value node)."""
        pair = self.key_nodes().get("metadata")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        if pair and isinstance(pair[1], yaml.MappingNode):
            for k, v in pair[1].value:
                out.setdefault(str(k.value), (k, v))
        return out

    def section(self, title: str) -> Section | None:
        """The first section with this title (case-insensitive)."""
        wanted = title.lower()
        return next((s for s in self.sections if s.title.lower() == wanted), None)


def parse_skill(folder: Path, skill_md: Path | None = None) -> SkillDoc:
    """Read and parse ``folder/SKILL.md`` without raising."""
    path = skill_md or folder / "SKILL.md"
    doc = SkillDoc(folder=folder, path=path)
    try:
        doc.raw = path.read_bytes()
    except OSError:
        return doc
    raw = doc.raw[3:] if doc.raw.startswith(BOM) else doc.raw
    try:
        doc.text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return doc
    doc.lines = doc.text.split("\n")
    _split_frontmatter(doc)
    if doc.fm_closed:
        _parse_yaml(doc)
    _parse_body(doc)
    return doc


def _split_frontmatter(doc: SkillDoc) -> None:
    lines = doc.lines
    if not lines or lines[0].rstrip("\r") != "---":
        doc.body_line, doc.body = 1, doc.text or ""
        return
    doc.has_frontmatter = True
    for i in range(1, len(lines)):
        # Trailing spaces after the closing --- are accepted by skills-ref and DeerFlow.
        if lines[i].rstrip() == "---":
            doc.fm_closed, doc.fm_end_line = True, i + 1
            doc.fm_text = "\n".join(lines[1:i])
            doc.body_line = i + 2
            doc.body = "\n".join(lines[i + 1 :])
            return


def _parse_yaml(doc: SkillDoc) -> None:
    loader = _Loader(doc.fm_text)
    try:
        node = loader.get_single_node()
        doc.node = node
        doc.data = _construct(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 2, mark.column + 1) if mark else (2, 1)
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        doc.yaml_problem = YamlProblem(line, col, problem or str(exc))
        doc.node = doc.data = None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # No position (or a constructor failure such as `!!int text`): report at the top.
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        doc.yaml_problem = YamlProblem(2, 1, first)
        doc.node = doc.data = None
    finally:
        loader.dispose()


_PLAIN = {
    "tag:yaml.org,2002:null": lambda v: None,
    "tag:yaml.org,2002:bool": lambda v: v.lower() in ("true", "yes", "on"),
}


def _construct(node: yaml.Node) -> Any:
    # A light constructor (PyYAML's is pure Python and the slowest part of a parse): mappings
    # and sequences as dict/list, strings as str, null/bool as Python values, and any other
    # scalar (int, float, timestamp) as its source text, which is what str() of it reads as.
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for k, v in node.value:
            out[_construct(k) if not isinstance(k, yaml.ScalarNode) else k.value] = _construct(v)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v) for v in node.value]
    convert = _PLAIN.get(node.tag)
    return convert(node.value) if convert else node.value


def _parse_body(doc: SkillDoc) -> None:
    body = split_body(doc.body, doc.body_line)
    doc.sections, doc.code_lines = body.sections, body.code_lines
