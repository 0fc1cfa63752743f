"""Frontmatter rules (ESC1xx): what skills-ref, Anthropic's validator and DeerFlow all accept."""

from __future__ import annotations

import re

import yaml

from esc_skills.lint.document import SkillDoc
from esc_skills.lint.model import Emit, rule_table
from esc_skills.lint.regex_cache import compile_pattern

(
    NO_FRONTMATTER,
    YAML_SYNTAX,
    FLOW_STYLE,
    NOT_MAPPING,
    UNKNOWN_KEY,
    MISSING_KEY,
    NAME_FORMAT,
    NAME_LONG,
    NAME_FOLDER,
    NAME_RESERVED,
    DESC_EMPTY,
    DESC_LONG,
    DESC_LONGISH,
    DESC_ANGLE,
    DESC_COLON,
    DESC_COMMENT,
    COMPAT_LONG,
    COMPAT_USED,
    FIELD_TYPE,
    TRIPLE_DASH,
    META_MAPPING,
    META_VALUE,
    DUP_KEY,
    CRLF,
    TAB,
    YAML_FEATURE,
    DESC_NO_WHEN,
) = rule_table(
    r"""
ESC100 error frontmatter-missing: SKILL.md must start with a --- line and close it with ---
ESC101 error yaml-syntax: frontmatter YAML does not parse
ESC102 error yaml-flow-style: flow-style YAML ([a, b] or {a: b}) fails skills-ref
ESC103 error frontmatter-not-mapping: frontmatter must be a YAML mapping
ESC104 error unknown-key: only name/description/license/compatibility/metadata
ESC105 error missing-key: name, description and metadata are required
ESC106 error name-format: name: lowercase letters, digits, single hyphens
ESC107 error name-too-long: name has at most 64 characters
ESC108 error name-folder-mismatch: name must equal the skill folder name
ESC109 error name-reserved-word: name must not contain anthropic/claude
ESC110 error description-empty: description must not be empty
ESC111 error description-too-long: description has at most 1024 characters
ESC112 warning description-over-300: descriptions over 300 characters get truncated
ESC113 error description-angle-brackets: no < or > in the description
ESC114 error description-unquoted-colon: an unquoted ': ' breaks YAML (DeerFlow skips it)
ESC115 error description-comment-cut: an unquoted ' #' silently cuts the description
ESC116 error compatibility-too-long: compatibility has at most 500 chars
ESC117 warning compatibility-key: older DeerFlow and quick_validate.py reject compatibility
ESC118 error field-not-string: name/description/license must be strings
ESC119 error frontmatter-triple-dash: '---' inside frontmatter breaks skills-ref's split
ESC120 error metadata-not-mapping: metadata must be a block-style mapping
ESC121 error metadata-value-not-string: metadata values must be strings
ESC122 error duplicate-key: a key appears twice (strictyaml rejects it)
ESC123 error crlf-line-endings: use \n line endings; DeerFlow expects them
ESC124 error frontmatter-tab: tabs in frontmatter fail strictyaml (skills-ref)
ESC125 error yaml-anchor-or-tag: anchors, aliases and tags fail strictyaml (skills-ref)
ESC126 warning description-no-when: the description should say when to use the skill
"""
)

ALLOWED = ("name", "description", "license", "compatibility", "metadata")
REQUIRED = ("name", "description", "metadata")


# Text skills-ref's parser breaks on: (what, rule, message), reported where it occurs.
_BAD_TEXT = (
    (
        "---",
        TRIPLE_DASH,
        "'---' inside the frontmatter makes skills-ref split the file there; rephrase (e.g. "
        "use an en dash)",
    ),
    ("\t", TAB, "tab character in the frontmatter; skills-ref's strictyaml rejects it: use spaces"),
)


def check_frontmatter(doc: SkillDoc, emit: Emit) -> None:
    """Structure, YAML and top-level keys of the frontmatter."""
    p = doc.path
    if "\r\n" in (doc.text or ""):
        emit(CRLF, p, 1, 1, "file uses CRLF line endings; convert to LF (\\n), e.g. `dos2unix`")
    first = doc.lines[0] if doc.lines else ""
    if not doc.has_frontmatter and first.rstrip() == "---":
        emit(
            NO_FRONTMATTER,
            p,
            1,
            4,
            "the opening '---' line has trailing characters; "
            "DeerFlow's install check needs exactly '---' on line 1: delete them",
        )
        return
    if not doc.has_frontmatter:
        emit(
            NO_FRONTMATTER,
            p,
            1,
            1,
            "SKILL.md must start with a line '---' opening the YAML "
            "frontmatter (name, description, metadata) and a second '---' closing it",
        )
        return
    if not doc.fm_closed:
        emit(
            NO_FRONTMATTER,
            p,
            1,
            1,
            "frontmatter opened on line 1 is never closed; add a line "
            "'---' after the last frontmatter key",
        )
        return
    fm_lines = doc.fm_text.split("\n")
    for needle, rule_id, message in _BAD_TEXT:
        for i, fm_line in enumerate(fm_lines):
            if needle in fm_line:
                emit(rule_id, p, i + 2, fm_line.index(needle) + 1, message)
    if doc.yaml_problem:
        _yaml_error(doc, emit)
        return
    _anchors_and_tags(doc, emit)
    node = doc.node
    if node is None or not isinstance(node, yaml.MappingNode):
        line = doc.node_pos(node)[0] if node is not None else 2
        emit(
            NOT_MAPPING,
            p,
            line,
            1,
            "frontmatter must be a mapping of keys (name: ..., "
            "description: ...), not a list or a single value",
        )
        return
    _flow_style(doc, node, emit)
    seen: dict[str, int] = {}
    for k, _v in node.value:
        key = str(k.value)
        line, col = doc.node_pos(k)
        if key in seen:
            emit(
                DUP_KEY,
                p,
                line,
                col,
                f"key '{key}' already appears on line {seen[key]}; "
                "keep one (strictyaml rejects duplicate keys, PyYAML keeps the last)",
            )
            continue
        seen[key] = line
        if key not in ALLOWED:
            hint = (
                " (ESC fields go inside metadata as esc-* strings)" if key.startswith("esc") else ""
            )
            emit(
                UNKNOWN_KEY,
                p,
                line,
                col,
                f"unknown frontmatter key '{key}'; allowed keys are "
                f"{', '.join(ALLOWED)}{hint}; remove it or move it under metadata",
            )
    for key in REQUIRED:
        if key not in seen:
            emit(MISSING_KEY, p, 2, 1, f"frontmatter lacks required key '{key}'; add `{key}: ...`")
    if "compatibility" in seen:
        emit(
            COMPAT_USED,
            p,
            seen["compatibility"],
            1,
            "older DeerFlow releases and Anthropic's "
            "quick_validate.py reject 'compatibility'; drop it unless your targets accept it",
        )


_FEATURE_HINT = compile_pattern(r"[&*!][^\s]")


def _anchors_and_tags(doc: SkillDoc, emit: Emit) -> None:
    if not _FEATURE_HINT.search(doc.fm_text):
        return  # cheap pre-check: no token can be an anchor, alias or tag
    kinds = (yaml.AnchorToken, yaml.AliasToken, yaml.TagToken)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for token in yaml.scan(doc.fm_text, Loader=loader):
        if isinstance(token, kinds):
            what = type(token).__name__.removesuffix("Token").lower()
            emit(
                YAML_FEATURE,
                doc.path,
                token.start_mark.line + 2,
                token.start_mark.column + 1,
                f"YAML {what} in the frontmatter; skills-ref's strictyaml rejects anchors, "
                "aliases and tags: write the value out as a quoted string",
            )


def _yaml_error(doc: SkillDoc, emit: Emit) -> None:
    prob = doc.yaml_problem
    assert prob is not None
    line_text = doc.lines[prob.line - 1] if 0 < prob.line <= len(doc.lines) else ""
    if "mapping values are not allowed" in prob.problem and re.match(
        r"^description:\s*[^\s'\"|>]", line_text
    ):
        emit(
            DESC_COLON,
            doc.path,
            prob.line,
            prob.col,
            "the description contains ': ' without "
            "quotes, so YAML fails (DeerFlow silently skips the skill); wrap the description "
            "in double quotes",
        )
        return
    emit(
        YAML_SYNTAX,
        doc.path,
        prob.line,
        prob.col,
        f"frontmatter YAML does not parse: "
        f"{prob.problem}; fix the syntax (quote values that contain ': ' or ' #')",
    )


def _flow_style(doc: SkillDoc, node: yaml.Node, emit: Emit) -> None:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode | yaml.SequenceNode):
            if n.flow_style:
                line, col = doc.node_pos(n)
                shape = "{a: b}" if isinstance(n, yaml.MappingNode) else "[a, b]"
                emit(
                    FLOW_STYLE,
                    doc.path,
                    line,
                    col,
                    f"flow-style YAML {shape} fails skills-ref "
                    "(strictyaml); write block style, and lists as one comma-separated string",
                )
            if isinstance(n, yaml.MappingNode):
                stack.extend(v for _k, v in n.value)
            else:
                stack.extend(n.value)
