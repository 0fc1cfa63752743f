"""Frontmatter field rules: name, description, license, compatibility and metadata values.

Their ESC1xx ids are declared with the other frontmatter rules in rules_frontmatter."""

from __future__ import annotations

import re

import yaml

from esc_skills.lint.document import STR_TAG, SkillDoc
from esc_skills.lint.model import Emit
from esc_skills.lint.regex_cache import compile_pattern
from esc_skills.lint.rules_frontmatter import (
    COMPAT_LONG,
    DESC_ANGLE,
    DESC_COMMENT,
    DESC_EMPTY,
    DESC_LONG,
    DESC_LONGISH,
    DESC_NO_WHEN,
    FIELD_TYPE,
    META_MAPPING,
    META_VALUE,
    NAME_FOLDER,
    NAME_FORMAT,
    NAME_LONG,
    NAME_RESERVED,
)
from esc_skills.names import NAME_RE, RESERVED_WORDS

_WHEN = compile_pattern(
    r"\buse[sd]? (?:it )?(?:when|whenever|if|after|once|at|before|during|while|for|in)\b"
    r"|\bwhen(?:ever)?\b|\bif\b",
    re.IGNORECASE,
)


def _is_string(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == STR_TAG


def _at(doc: SkillDoc, node: yaml.Node, emit: Emit, rule_id: str, message: str) -> None:
    line, col = doc.node_pos(node)
    emit(rule_id, doc.path, line, col, message)


def check_fields(doc: SkillDoc, emit: Emit) -> None:
    """name, description, license and compatibility values."""
    keys = doc.key_nodes()
    p = doc.path
    for key in ("name", "description", "license", "compatibility"):
        if key in keys:
            v = keys[key][1]
            if not _is_string(v):
                message = f"'{key}' must be a string; quote the value, e.g. {key}: \"...\""
                _at(doc, v, emit, FIELD_TYPE, message)
                keys.pop(key)
    name, desc = keys.get("name"), keys.get("description")
    if name and isinstance(name[1], yaml.ScalarNode):
        _check_name(doc, name[1], emit)
    if desc and isinstance(desc[1], yaml.ScalarNode):
        _check_description(doc, desc[1], emit)
    if "compatibility" in keys:
        value = str(keys["compatibility"][1].value)
        if len(value) > 500:
            line, col = doc.node_pos(keys["compatibility"][1])
            emit(
                COMPAT_LONG,
                p,
                line,
                col,
                f"compatibility has {len(value)} characters; shorten it to at most 500",
            )


def _check_name(doc: SkillDoc, node: yaml.ScalarNode, emit: Emit) -> None:
    name = str(node.value)
    line, col = doc.node_pos(node)
    p = doc.path
    if not NAME_RE.match(name):
        emit(
            NAME_FORMAT,
            p,
            line,
            col,
            f"name '{name}' must be lowercase ASCII letters, digits "
            "and single hyphens, not starting or ending with a hyphen (e.g. grief-support)",
        )
    if len(name) > 64:
        emit(NAME_LONG, p, line, col, f"name has {len(name)} characters; shorten it to 64")
    if doc.folder.name != name:
        emit(
            NAME_FOLDER,
            p,
            line,
            col,
            f"name '{name}' differs from its folder "
            f"'{doc.folder.name}'; rename the folder or the name so they match",
        )
    for word in RESERVED_WORDS:
        if word in name:
            emit(
                NAME_RESERVED,
                p,
                line,
                col,
                f"name contains the reserved word '{word}', which "
                "Claude rejects; choose another name",
            )


def _check_description(doc: SkillDoc, node: yaml.ScalarNode, emit: Emit) -> None:
    desc = str(node.value)
    line, col = doc.node_pos(node)
    p = doc.path
    if not desc.strip():
        emit(
            DESC_EMPTY,
            p,
            line,
            col,
            "description is empty; say what the skill does and when to use it",
        )
        return
    if len(desc) > 1024:
        emit(
            DESC_LONG,
            p,
            line,
            col,
            f"description has {len(desc)} characters; cut it to at "
            "most 1024 (aim for 300) and move detail into the body",
        )
    elif len(desc) > 300:
        emit(
            DESC_LONGISH,
            p,
            line,
            col,
            f"description has {len(desc)} characters; aim for at "
            "most 300 (Claude Code truncates the combined skill list)",
        )
    if not _WHEN.search(desc):
        emit(
            DESC_NO_WHEN,
            p,
            line,
            col,
            "the description does not say when to use the skill; agents pick skills by their "
            "description: add e.g. 'Use when a seeker ...'",
        )
    for ch in "<>":
        if ch in desc:
            i = desc.index(ch)
            emit(
                DESC_ANGLE,
                p,
                line,
                col,
                f"description contains '{ch}' (at character {i + 1}); "
                "DeerFlow and quick_validate.py reject angle brackets: reword it",
            )
    if (
        not node.style
    ):  # plain scalar (libyaml says "", PyYAML None): a ' #' after the value was read as a comment
        end = node.end_mark
        rest = doc.lines[end.line + 1][end.column :] if end.line + 1 < len(doc.lines) else ""
        if rest.lstrip().startswith("#"):
            emit(
                DESC_COMMENT,
                p,
                end.line + 2,
                end.column + 1,
                "everything after ' #' was "
                "read as a YAML comment and dropped from the description; quote the value",
            )


def check_metadata(doc: SkillDoc, emit: Emit) -> None:
    """metadata is a block mapping of string keys to string values."""
    pair = doc.key_nodes().get("metadata")
    if pair is None:
        return
    k, v = pair
    p = doc.path
    if not isinstance(v, yaml.MappingNode):
        line, col = doc.node_pos(k)
        emit(
            META_MAPPING,
            p,
            line,
            col,
            "metadata must be a block mapping of esc-* keys to "
            'quoted strings (one `key: "value"` per indented line)',
        )
        return
    for mk, mv in v.value:
        if not _is_string(mk):
            message = "metadata keys must be strings such as esc-origin; quote or rename this key"
            _at(doc, mk, emit, META_VALUE, message)
            continue
        if not _is_string(mv):
            line, col = doc.node_pos(mv)
            what = "a list or mapping" if not isinstance(mv, yaml.ScalarNode) else "not a string"
            emit(
                META_VALUE,
                p,
                line,
                col,
                f"metadata '{mk.value}' is {what}; write one quoted "
                'string, lists comma-separated, e.g. esc-seeker-states: "sadness, anxiety"',
            )
