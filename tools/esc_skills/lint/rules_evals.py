"""Trigger-eval rules (ESC8xx): a skill's evals/evals.json parses and matches its schema.

The file is optional; when present it must be skill-creator's format (``skill_name``, ``evals``)
plus ``trigger_evals`` of ``{query, should_trigger}``, name this skill, and hold enough trigger
cases of each kind for ``esc-skills eval triggers`` to measure precision and recall.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from esc_skills.lint.document import SkillDoc
from esc_skills.lint.model import Emit, Severity, rule
from esc_skills.lint.rules_files import json_line

E, W = Severity.ERROR, Severity.WARNING
MIN_CASES = 8

EVALS_JSON = rule("ESC801", "evals-not-json", E, "evals/evals.json must be UTF-8 JSON")
EVALS_SCHEMA = rule("ESC802", "evals-schema", E, "evals.json must match schema/evals.schema.json")
EVALS_NAME = rule("ESC803", "evals-skill-mismatch", E, "evals.json 'skill_name' must equal name")
EVALS_FEW = rule(
    "ESC804", "evals-too-few-triggers", W, f"at least {MIN_CASES} positive and negative triggers"
)


@lru_cache(maxsize=1)
def evals_schema() -> dict[str, Any]:
    """schema/evals.schema.json, loaded and checked once."""
    from esc_skills import resources
    from esc_skills.lint.minischema import check_supported

    schema = resources.schema("evals.schema.json")
    check_supported(schema)
    return schema


def check_evals(doc: SkillDoc, emit: Emit) -> None:
    """evals/evals.json, when present: JSON, schema, skill name, trigger case counts."""
    path = doc.folder / "evals" / "evals.json"
    if not path.is_file() or path.is_symlink():
        return
    raw = doc.read_file(path)  # the bytes the folder and safety rules read too
    try:
        if raw is None:
            raw = path.read_bytes()  # fails again, with the reason to show
        # As read_text("utf-8") would: universal newlines, and a BOM stays (not JSON).
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        data = json.loads(text)
    except UnicodeDecodeError:
        return  # reported by the folder rules (ESC401)
    except OSError as exc:
        emit(EVALS_JSON, path, 1, 1, f"cannot read evals.json ({exc.strerror}); fix permissions")
        return
    except json.JSONDecodeError as exc:
        emit(EVALS_JSON, path, exc.lineno, exc.colno, f"evals.json is not JSON: {exc.msg}")
        return
    from esc_skills.lint.minischema import validate

    problems = validate(data, evals_schema())
    for where, message in problems[:5]:
        shown = "/".join(str(x) for x in where) or "(top level)"
        emit(
            EVALS_SCHEMA,
            path,
            json_line(text, where),
            1,
            f"evals.json at {shown}: {message}; see schema/evals.schema.json",
        )
    if problems or not isinstance(data, dict):
        return
    name = doc.field_str("name")
    if name and data["skill_name"] != name:
        emit(
            EVALS_NAME,
            path,
            json_line(text, ("skill_name",)),
            1,
            f"evals.json is for '{data['skill_name']}' but SKILL.md names '{name}'; fix skill_name",
        )
    cases = data["trigger_evals"]
    positive = sum(1 for c in cases if c["should_trigger"])
    negative = len(cases) - positive
    if positive < MIN_CASES or negative < MIN_CASES:
        emit(
            EVALS_FEW,
            path,
            json_line(text, ("trigger_evals",)),
            1,
            f"{positive} should-trigger and {negative} should-not-trigger cases; write at least "
            f"{MIN_CASES} of each (near-misses from neighbouring skills make good negatives)",
        )
