"""ESC metadata rules (ESC3xx): required esc-* fields, allowed values, taxonomy label ids."""

from __future__ import annotations

from functools import lru_cache

from esc_skills.lint.document import SkillDoc
from esc_skills.lint.model import Emit, rule_table

(
    ESC_MISSING,
    UNKNOWN_LABEL,
    BAD_ORIGIN,
    BAD_VERSION,
    UNKNOWN_ESC,
    DUP_LABEL,
    BAD_IUS,
    EMPTY_LABELS,
) = rule_table(
    """
ESC301 error esc-field-missing: required esc-* metadata field is missing
ESC302 error unknown-label: labels must be ids from schema/taxonomy.yaml
ESC303 error bad-origin: esc-origin is one of the documented origins
ESC304 error bad-version: esc-version must be "1"
ESC305 warning unknown-esc-field: an esc-* key this version does not know
ESC306 warning duplicate-label: a label is listed twice
ESC307 error bad-evidence-ius: esc-evidence-ius is a non-negative integer
ESC308 error empty-labels: a label list must name at least one id
"""
)

# Who wrote the text (schema/skill.schema.json documents each; the index shows them).
ORIGINS = ("mined", "written-then-matched", "curated", "refined", "new")
LABEL_FIELDS = {
    "esc-seeker-states": "seeker_states",
    "esc-support-actions": "support_actions",
    "esc-scenarios": "scenarios",
}
# esc-scenarios is optional: a skill without it applies in every scenario.
REQUIRED = ("esc-version", "esc-origin", "esc-seeker-states", "esc-support-actions")
KNOWN = (*REQUIRED, "esc-scenarios", "esc-evidence-ius")


@lru_cache(maxsize=1)
def taxonomy_ids() -> dict[str, tuple[str, ...]]:
    """Label ids per metadata field, loaded once from schema/taxonomy.yaml."""
    from esc_skills.taxonomy import load_taxonomy

    tax = load_taxonomy()
    return {f: tuple(tax.kind(kind)) for f, kind in LABEL_FIELDS.items()}


def check_esc_metadata(doc: SkillDoc, emit: Emit) -> None:
    """esc-* fields: present, known, valid values and taxonomy ids."""
    nodes = doc.metadata_nodes()
    if not isinstance(doc.data, dict) or "metadata" not in doc.data or not nodes:
        if isinstance(doc.data, dict) and "metadata" in doc.data:
            emit(
                ESC_MISSING,
                doc.path,
                2,
                1,
                "metadata has no esc-* fields; add esc-version, "
                "esc-origin, esc-seeker-states, esc-support-actions (and esc-scenarios)",
            )
        return
    meta = doc.metadata()
    p = doc.path
    meta_line = doc.node_pos(doc.key_nodes()["metadata"][0])[0]
    for key in REQUIRED:
        if key not in meta:
            emit(
                ESC_MISSING,
                p,
                meta_line,
                1,
                f"metadata lacks '{key}'; add it as a quoted string ({_example(key)})",
            )
    for key, (knode, vnode) in nodes.items():
        line, col = doc.node_pos(vnode)
        value = meta.get(key, "")
        if key.startswith("esc-") and key not in KNOWN:
            kl, kc = doc.node_pos(knode)
            emit(
                UNKNOWN_ESC,
                p,
                kl,
                kc,
                f"unknown metadata key '{key}'; known esc-* keys are {', '.join(KNOWN)} (typo?)",
            )
        elif key == "esc-version" and value != "1":
            emit(
                BAD_VERSION,
                p,
                line,
                col,
                f"esc-version is '{value}'; this linter knows "
                'version "1": write esc-version: "1"',
            )
        elif key == "esc-origin" and value not in ORIGINS:
            emit(
                BAD_ORIGIN, p, line, col, f"esc-origin '{value}' is not one of {', '.join(ORIGINS)}"
            )
        elif key == "esc-evidence-ius" and not value.isdigit():
            emit(
                BAD_IUS,
                p,
                line,
                col,
                f"esc-evidence-ius '{value}' must be a whole number in quotes, e.g. \"124\"",
            )
        elif key in LABEL_FIELDS:
            _check_labels(doc, key, value, line, col, emit)


def _check_labels(doc: SkillDoc, key: str, value: str, line: int, col: int, emit: Emit) -> None:
    labels = [v.strip() for v in value.split(",")]
    if not any(labels):
        emit(
            EMPTY_LABELS,
            doc.path,
            line,
            col,
            f"{key} is empty; list at least one taxonomy id ({_example(key)})",
        )
        return
    valid = taxonomy_ids()[key]
    seen: set[str] = set()
    for label in labels:
        if not label:
            continue
        if label in seen:
            emit(DUP_LABEL, doc.path, line, col, f"{key} lists '{label}' twice; remove one")
        seen.add(label)
        if label not in valid:
            # point at the label itself when it sits on the value's line
            raw = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
            at = raw.find(label, col - 1)
            near = _closest(label, valid)
            hint = f"did you mean '{near}'? " if near else ""
            emit(
                UNKNOWN_LABEL,
                doc.path,
                line,
                at + 1 if at >= 0 else col,
                f"{key}: '{label}' is not a taxonomy id; "
                f"{hint}see `{LABEL_FIELDS[key]}` in schema/taxonomy.yaml",
            )


def _closest(label: str, valid: tuple[str, ...]) -> str | None:
    import difflib

    found = difflib.get_close_matches(label, valid, n=1, cutoff=0.6)
    return found[0] if found else None


def _example(key: str) -> str:
    examples = {
        "esc-version": 'esc-version: "1"',
        "esc-origin": 'esc-origin: "curated"',
        "esc-seeker-states": 'esc-seeker-states: "sadness, hopelessness"',
        "esc-support-actions": 'esc-support-actions: "emotion-reflection, validation"',
        "esc-scenarios": 'esc-scenarios: "grief-and-loss"',
    }
    return examples.get(key, f'{key}: "..."')
