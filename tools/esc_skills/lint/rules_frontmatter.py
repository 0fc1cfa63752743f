"""Frontmatter rules (ESC1xx): what skills-ref, Anthropic's validator and DeerFlow all accept."""

from __future__ import annotations

import re

import yaml

from esc_skills.lint.document import STR_TAG, SkillDoc
from esc_skills.lint.model import Emit, Severity, rule
from esc_skills.names import NAME_RE, RESERVED_WORDS

E, W = Severity.ERROR, Severity.WARNING

NO_FRONTMATTER = rule(
    "ESC100", "frontmatter-missing", E, "SKILL.md must start with a --- line and close it with ---"
)
YAML_SYNTAX = rule("ESC101", "yaml-syntax", E, "frontmatter YAML does not parse")
FLOW_STYLE = rule(
    "ESC102", "yaml-flow-style", E, "flow-style YAML ([a, b] or {a: b}) fails skills-ref"
)
NOT_MAPPING = rule("ESC103", "frontmatter-not-mapping", E, "frontmatter must be a YAML mapping")
UNKNOWN_KEY = rule(
    "ESC104", "unknown-key", E, "only name/description/license/compatibility/metadata"
)
MISSING_KEY = rule("ESC105", "missing-key", E, "name, description and metadata are required")
NAME_FORMAT = rule("ESC106", "name-format", E, "name: lowercase letters, digits, single hyphens")
NAME_LONG = rule("ESC107", "name-too-long", E, "name has at most 64 characters")
NAME_FOLDER = rule("ESC108", "name-folder-mismatch", E, "name must equal the skill folder name")
NAME_RESERVED = rule("ESC109", "name-reserved-word", E, "name must not contain anthropic/claude")
DESC_EMPTY = rule("ESC110", "description-empty", E, "description must not be empty")
DESC_LONG = rule("ESC111", "description-too-long", E, "description has at most 1024 characters")
DESC_LONGISH = rule(
    "ESC112", "description-over-300", W, "descriptions over 300 characters get truncated"
)
DESC_ANGLE = rule("ESC113", "description-angle-brackets", E, "no < or > in the description")
DESC_COLON = rule(
    "ESC114", "description-unquoted-colon", E, "an unquoted ': ' breaks YAML (DeerFlow skips it)"
)
DESC_COMMENT = rule(
    "ESC115", "description-comment-cut", E, "an unquoted ' #' silently cuts the description"
)
COMPAT_LONG = rule("ESC116", "compatibility-too-long", E, "compatibility has at most 500 chars")
COMPAT_USED = rule(
    "ESC117", "compatibility-key", W, "older DeerFlow and quick_validate.py reject compatibility"
)
FIELD_TYPE = rule("ESC118", "field-not-string", E, "name/description/license must be strings")
TRIPLE_DASH = rule(
    "ESC119", "frontmatter-triple-dash", E, "'---' inside frontmatter breaks skills-ref's split"
)
META_MAPPING = rule("ESC120", "metadata-not-mapping", E, "metadata must be a block-style mapping")
META_VALUE = rule("ESC121", "metadata-value-not-string", E, "metadata values must be strings")
DUP_KEY = rule("ESC122", "duplicate-key", E, "a key appears twice (strictyaml rejects it)")
CRLF = rule("ESC123", "crlf-line-endings", E, "use \\n line endings; DeerFlow expects them")
TAB = rule("ESC124", "frontmatter-tab", E, "tabs in frontmatter fail strictyaml (skills-ref)")
YAML_FEATURE = rule(
    "ESC125", "yaml-anchor-or-tag", E, "anchors, aliases and tags fail strictyaml (skills-ref)"
)

DESC_NO_WHEN = rule(
    "ESC126", "description-no-when", W, "the description should say when to use the skill"
)

ALLOWED = ("name", "description", "license", "compatibility", "metadata")
REQUIRED = ("name", "description", "metadata")
_WHEN = re.compile(
    r"\buse[sd]? (?:it )?(?:when|whenever|if|after|once|at|before|during|while|for|in)\b"
    r"|\bwhen(?:ever)?\b|\bif\b",
    re.IGNORECASE,
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
    for i, fm_line in enumerate(doc.fm_text.split("\n")):
        if "---" in fm_line:
            emit(
                TRIPLE_DASH,
                p,
                i + 2,
                fm_line.index("---") + 1,
                "'---' inside the frontmatter "
                "makes skills-ref split the file there; rephrase (e.g. use an en dash)",
            )
    for i, fm_line in enumerate(doc.fm_text.split("\n")):
        if "\t" in fm_line:
            emit(
                TAB,
                p,
                i + 2,
                fm_line.index("\t") + 1,
                "tab character in the frontmatter; skills-ref's strictyaml rejects it: use spaces",
            )
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


_FEATURE_HINT = re.compile(r"[&*!][^\s]")


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


def check_fields(doc: SkillDoc, emit: Emit) -> None:
    """name, description, license and compatibility values."""
    keys = doc.key_nodes()
    p = doc.path
    for key in ("name", "description", "license", "compatibility"):
        if key in keys:
            v = keys[key][1]
            if not isinstance(v, yaml.ScalarNode) or v.tag != STR_TAG:
                line, col = doc.node_pos(v)
                emit(
                    FIELD_TYPE,
                    p,
                    line,
                    col,
                    f"'{key}' must be a string; quote the value, e.g. {key}: \"...\"",
                )
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
        if not isinstance(mk, yaml.ScalarNode) or mk.tag != STR_TAG:
            line, col = doc.node_pos(mk)
            emit(
                META_VALUE,
                p,
                line,
                col,
                "metadata keys must be strings such as esc-origin; quote or rename this key",
            )
            continue
        if not isinstance(mv, yaml.ScalarNode) or mv.tag != STR_TAG:
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
