"""`esc-skills lint --review`: the reviewer model reads each skill against a safety rubric.

One call per skill through the shared LLM client (cached, rate-limited, schema-checked and
re-asked on an invalid answer). Each reported passage becomes a Finding (ESC901-911) at the
file and line where its quote is found; an answer that stays invalid, a failed call or a
finding that points at nothing becomes ESC900 at the skill, so a review never passes
silently. Nothing here runs unless --review is given.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from esc_skills import resources
from esc_skills.lint.document import parse_skill
from esc_skills.lint.engine import resolve
from esc_skills.lint.model import RULES, Finding
from esc_skills.lint.review_rules import CATEGORIES, REVIEW_FAILED
from esc_skills.lint.safety_text import GUIDANCE, skill_files
from esc_skills.llm import LLMClient, LLMError

PROMPT = "review_safety.md"
ROLE = "reviewer"
_MAX_CHARS = 60_000  # a skill is small; past this the listing is cut (and says so)

REVIEW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["findings"],
    "additionalProperties": False,
    "properties": {
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["category", "file", "line", "quote", "explanation"],
                "additionalProperties": False,
                "properties": {
                    "category": {"enum": sorted(CATEGORIES)},
                    "file": {"type": "string"},
                    "line": {"type": "integer", "minimum": 1},
                    "quote": {"type": "string"},
                    "explanation": {"type": "string", "minLength": 1},
                },
            },
        }
    },
}


def listing(folder: Path) -> tuple[str, dict[str, Path]]:
    """The skill's guidance files with numbered lines, and listed name -> path."""
    doc = parse_skill(folder)
    parts: list[str] = []
    names: dict[str, Path] = {}
    size = 0
    for tf in skill_files(doc):
        if tf.kind != GUIDANCE:
            continue
        name = tf.path.relative_to(folder).as_posix()
        names[name] = tf.path
        numbered = "\n".join(f"{i:>4}| {line}" for i, line in enumerate(tf.lines, 1))
        part = f"### File `{name}`\n\n{numbered}\n"
        if size + len(part) > _MAX_CHARS:
            parts.append(f"(listing cut at {_MAX_CHARS} characters)")
            break
        parts.append(part)
        size += len(part)
    return "\n".join(parts), names


def _prompt(folder: Path, files: str) -> str:
    template = resources.prompt(PROMPT)  # read once per process, shipped-resource errors
    return template.replace("{{skill}}", folder.name).replace("{{files}}", files)


def _locate(path: Path, quote: str, line: int) -> tuple[int, int] | None:
    """Line and column of ``quote`` in the file (first match), else the model's line if real."""
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    needle = " ".join(quote.split()).lower()[:80]
    if needle:
        for i, text in enumerate(lines, 1):
            col = " ".join(text.split()).lower().find(needle)
            if col >= 0:
                return i, text.lower().find(needle.split(" ")[0]) + 1 or 1
    return (line, 1) if 1 <= line <= len(lines) else None


async def review_skill(folder: Path, client: LLMClient) -> list[Finding]:
    """Ask the reviewer about one skill; findings, or one ESC900 finding when that fails."""
    files, names = listing(folder)
    skill_md = folder / "SKILL.md"
    failed = RULES[REVIEW_FAILED]
    try:
        response = await client.complete(
            ROLE,
            [{"role": "user", "content": _prompt(folder, files)}],
            schema=REVIEW_SCHEMA,
            schema_name="safety_review",
        )
    except LLMError as exc:
        message = f"safety review failed, so this skill is not reviewed: {exc}; fix the "
        message += "reviewer model (--role-model reviewer=...) and rerun"
        return [Finding(skill_md, 1, 1, failed.id, failed.severity, message)]
    out: list[Finding] = []
    for item in response.data["findings"]:
        rule_id = CATEGORIES[item["category"]]
        path = names.get(str(item["file"]).strip("`").lstrip("./"), skill_md)
        where = _locate(path, item["quote"], item["line"])
        if where is None:
            message = (
                f"reviewer reported {item['category']} at {item['file']}:{item['line']}, which "
                f"is not in the skill (quote: {item['quote'][:80]!r}); rerun the review"
            )
            out.append(Finding(skill_md, 1, 1, failed.id, failed.severity, message))
            continue
        quote = " ".join(item["quote"].split())[:120]
        message = f'{item["explanation"].strip()} (reviewer quotes: "{quote}")'
        out.append(Finding(path, where[0], where[1], rule_id, RULES[rule_id].severity, message))
    return out


async def review_all(folders: list[Path], client: LLMClient, concurrency: int) -> list[Finding]:
    """Review many skills, ``concurrency`` at a time; findings in input order."""
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(folder: Path) -> list[Finding]:
        async with gate:
            return await review_skill(folder, client)

    results = await asyncio.gather(*(one(f) for f in folders))
    return [f for group in results for f in group]


def review_paths(
    paths: Iterable[str | os.PathLike[str]], client: LLMClient, *, concurrency: int = 4
) -> list[Finding]:
    """Review every skill the PATHs name (skills, SKILL.md files, banks); sorted findings."""
    folders: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        for folder in resolve(Path(p)).skills:
            if folder.resolve() not in seen:
                seen.add(folder.resolve())
                folders.append(folder)
    return sorted(set(asyncio.run(review_all(folders, client, concurrency))))
