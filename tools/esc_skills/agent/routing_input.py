"""Checked inputs for routing commands: a bank that lints, seeker text, prior turns."""

from __future__ import annotations

import json
import os
from pathlib import Path

from esc_skills.bank import Skill, load_bank
from esc_skills.errors import DataError, UserError
from esc_skills.jsonl import read_json_lines

ROLES = ("seeker", "supporter")


def linted_bank(path: str | os.PathLike[str], *, flag: str = "--bank") -> list[Skill]:
    """Load a bank only if it lints without errors; else one line naming the first error."""
    from esc_skills.banks import bank_folder
    from esc_skills.lint import has_errors, lint_paths

    resolved = bank_folder(path, flag=flag)
    if resolved is None:
        return []  # "none": no skills to route to
    folder = resolved
    try:
        findings = lint_paths([folder])
    except UserError as exc:
        raise UserError(f"{flag} {folder}: {exc}") from exc
    if has_errors(findings):
        errors = [f for f in findings if f.severity.value == "error"]
        first = errors[0]
        raise DataError(
            f"{flag} {folder}: the bank does not lint ({len(errors)} errors; first "
            f"{first.path}:{first.line} {first.rule}: {first.message}); "
            f"run `esc-skills lint {folder}` and fix them"
        )
    return load_bank(folder)


def seeker_text(text: str, *, what: str = "TEXT") -> str:
    """The message to route: non-empty valid UTF-8 (argv can carry undecodable bytes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UserError(
            f"{what} is not valid UTF-8 (character {exc.start + 1}); pass the message as UTF-8 text"
        ) from exc
    if not text.strip():
        raise UserError(f"{what} is empty; pass the seeker's message, e.g. 'I failed my exam'")
    return text


def context_turns(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """Prior turns from a JSON-lines file of ``{"role": "seeker"|"supporter", "content": ...}``.

    A JSON array of the same objects is accepted too (the shape ``chat`` keeps its history in).
    """
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise DataError(f"--context {file}: cannot read ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"--context {file}: byte {exc.start + 1} is not UTF-8; re-save it") from exc
    if text.lstrip().startswith("["):
        try:
            items = [(i + 1, item) for i, item in enumerate(json.loads(text))]
        except json.JSONDecodeError as exc:
            raise DataError(f"--context {file}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    else:
        items = []
        for line in read_json_lines(file, what="context"):
            if line.error:
                raise DataError(f"--context {file}:{line.number}: {line.detail}")
            items.append((line.number, line.data))
    turns: list[dict[str, str]] = []
    for number, item in items:
        if (
            not isinstance(item, dict)
            or item.get("role") not in ROLES
            or not isinstance(item.get("content"), str)
        ):
            raise DataError(
                f"--context {file}:{number}: each turn must be "
                '{"role": "seeker" or "supporter", "content": "..."}'
            )
        turns.append({"role": item["role"], "content": item["content"]})
    return turns
