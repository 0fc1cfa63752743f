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
    from esc_skills.lint.minischema import check_supported
    from esc_skills.paths import schema_path

    schema: dict[str, Any] = json.loads(
        schema_path("evals.schema.json").read_text(encoding="utf-8")
    )
    check_supported(schema)
    return schema


def _line_of(text: str, where: tuple[Any, ...]) -> int:
    keys = [k for k in where if isinstance(k, str)]
    i = text.find(f'"{keys[-1]}"') if keys else -1
    return text.count("\n", 0, i) + 1 if i >= 0 else 1


def check_evals(doc: SkillDoc, emit: Emit) -> None:
    """evals/evals.json, when present: JSON, schema, skill name, trigger case counts."""
    path = doc.folder / "evals" / "evals.json"
    if not path.is_file() or path.is_symlink():
        return
    try:
        text = path.read_text(encoding="utf-8")
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
            _line_of(text, where),
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
            _line_of(text, ("skill_name",)),
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
            _line_of(text, ("trigger_evals",)),
            1,
            f"{positive} should-trigger and {negative} should-not-trigger cases; write at least "
            f"{MIN_CASES} of each (near-misses from neighbouring skills make good negatives)",
        )
