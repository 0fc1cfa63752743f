"""Folder rules (ESC4xx): encoding, symlinks, nested skills, relative links, evidence.json."""

from __future__ import annotations

import json
import os
import posixpath
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from esc_skills.lint.document import BOM, TEXT_SUFFIXES, SkillDoc
from esc_skills.lint.model import Emit, rule_table
from esc_skills.lint.regex_cache import compile_pattern

(
    NOT_UTF8,
    HAS_BOM,
    SYMLINK,
    NESTED,
    LINK_BROKEN,
    LINK_ESCAPES,
    LINK_DEEP,
    EVIDENCE_JSON,
    EVIDENCE_SCHEMA,
    EVIDENCE_NAME,
) = rule_table(
    """
ESC401 error not-utf8: text files must be UTF-8
ESC402 error byte-order-mark: no UTF-8 byte-order mark (breaks '---' detection)
ESC403 error symlink: no symlinks inside a skill (exports and zips break)
ESC404 error nested-skill: no SKILL.md below the skill folder's top level
ESC405 error link-broken: a relative link points to a missing file
ESC406 error link-escapes: a link leaves the skill folder
ESC407 warning link-too-deep: link references one level deep (references/x.md)
ESC408 error evidence-not-json: references/evidence.json must be JSON
ESC409 error evidence-schema: evidence.json must match schema/evidence.schema.json
ESC410 error evidence-skill-mismatch: evidence 'skill' must equal name
"""
)

_LINK = compile_pattern(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_REF_DEF = compile_pattern(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_SCHEME = compile_pattern(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CODE_SPAN = compile_pattern(r"`[^`\n]*`")


def check_encoding(doc: SkillDoc, emit: Emit) -> None:
    """SKILL.md is UTF-8 without a byte-order mark."""
    if doc.raw.startswith(BOM):
        emit(
            HAS_BOM,
            doc.path,
            1,
            1,
            "file starts with a UTF-8 byte-order mark, so tools do not "
            "see the opening '---'; save it as UTF-8 without BOM",
        )
    if doc.text is None and doc.raw:
        _not_utf8(doc.path, doc.raw, emit)


def _not_utf8(path: Path, raw: bytes, emit: Emit) -> None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        emit(
            NOT_UTF8,
            path,
            line,
            col,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; re-save the file as UTF-8",
        )


def check_tree(doc: SkillDoc, emit: Emit) -> None:
    """Walk the skill folder: symlinks, nested SKILL.md, encoding of other text files."""
    top = str(doc.folder)
    stack = [top]
    while stack:  # strings, not Paths: this runs for every file of every skill
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                emit(
                    SYMLINK,
                    Path(entry.path),
                    1,
                    1,
                    "symlink inside a skill; exports and "
                    ".skill archives do not keep it: replace it with the real file",
                )
                continue
            if entry.is_dir():
                stack.append(entry.path)
                continue
            if current == top:
                continue
            if entry.name.lower() == "skill.md":
                emit(
                    NESTED,
                    Path(entry.path),
                    1,
                    1,
                    "nested SKILL.md: agents would load this "
                    "folder as another skill; move it to its own top-level folder or rename it",
                )
            elif os.path.splitext(entry.name)[1].lower() in TEXT_SUFFIXES:
                _check_text_file(doc, entry.path, emit)


def _check_text_file(doc: SkillDoc, name: str, emit: Emit) -> None:
    raw = doc.read_file(name)
    if raw is None:
        return
    path = Path(name)
    if raw.startswith(BOM):
        emit(HAS_BOM, path, 1, 1, "file starts with a UTF-8 byte-order mark; save without BOM")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        _not_utf8(path, raw, emit)


def check_links(doc: SkillDoc, emit: Emit) -> None:
    """Relative markdown links resolve inside the skill folder, one level deep."""
    if doc.text is None or ("](" not in doc.body and "]:" not in doc.body):
        return
    for offset, line in enumerate(doc.body.split("\n")):
        lineno = doc.body_line + offset
        if lineno in doc.code_lines or ("](" not in line and "]:" not in line):
            continue
        clean = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        targets = [(m.group(1), m.start(1)) for m in _LINK.finditer(clean)]
        ref = _REF_DEF.match(clean)
        if ref:
            targets.append((ref.group(1), ref.start(1)))
        for target, col in targets:
            _check_target(doc, target, lineno, col + 1, emit)


def _check_target(doc: SkillDoc, target: str, line: int, col: int, emit: Emit) -> None:
    if target.startswith("#") or _SCHEME.match(target) or target.startswith("//"):
        return
    rel = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not rel:
        return
    p = doc.path
    norm = posixpath.normpath(rel)
    if rel.startswith("/") or norm == ".." or norm.startswith("../"):
        emit(
            LINK_ESCAPES,
            p,
            line,
            col,
            f"link '{target}' points outside the skill folder; "
            "skills are installed one folder at a time: copy the file into references/",
        )
        return
    if not (doc.folder / norm).exists():
        emit(
            LINK_BROKEN,
            p,
            line,
            col,
            f"link '{target}' points to a missing file; fix the "
            "path (relative to the skill folder) or add the file",
        )
        return
    if norm.count("/") > 1:
        emit(
            LINK_DEEP,
            p,
            line,
            col,
            f"link '{target}' is more than one level deep; agents "
            "read references one level deep: move it to references/<file>",
        )


@lru_cache(maxsize=1)
def evidence_schema() -> dict[str, Any]:
    """schema/evidence.schema.json, loaded and checked once."""
    from esc_skills import resources
    from esc_skills.lint.minischema import check_supported

    schema = resources.schema("evidence.schema.json")
    check_supported(schema)
    return schema


def check_evidence(doc: SkillDoc, emit: Emit) -> None:
    """references/evidence.json parses and matches its schema, for this skill."""
    path = doc.folder / "references" / "evidence.json"
    if not path.is_file() or path.is_symlink():
        return
    raw = doc.read_file(path)
    try:
        if raw is None:
            return
        # As read_text would: universal newlines, so JSON error lines count the same.
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        return  # reported by check_tree
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        emit(
            EVIDENCE_JSON,
            path,
            exc.lineno,
            exc.colno,
            f"evidence.json is not valid JSON: {exc.msg}; fix the syntax",
        )
        return
    from esc_skills.lint.minischema import validate

    for where, message in validate(data, evidence_schema())[:5]:
        shown = "/".join(str(x) for x in where) or "(top level)"
        emit(
            EVIDENCE_SCHEMA,
            path,
            json_line(text, where),
            1,
            f"evidence.json at {shown}: {message}; see schema/evidence.schema.json",
        )
    name = doc.field_str("name")
    skill = data.get("skill") if isinstance(data, dict) else None
    if isinstance(skill, str) and name and skill != name:
        emit(
            EVIDENCE_NAME,
            path,
            json_line(text, ["skill"]),
            1,
            f"evidence.json is for skill '{skill}' but SKILL.md names '{name}'; regenerate it "
            "or fix the name",
        )


def json_line(text: str, where: Any) -> int:
    """Best effort: the line of the last object key on a schema error's path (else 1)."""
    keys = [k for k in where if isinstance(k, str)]
    if not keys:
        return 1
    i = text.find(f'"{keys[-1]}"')
    return text.count("\n", 0, i) + 1 if i >= 0 else 1
