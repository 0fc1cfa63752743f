"""Rules files for the fake backend: scripted answers without writing Python.

A rules file is JSON lines (or a JSON list); each rule is an object with

- ``answer`` (required): the text, or a JSON object; for a request with a schema an object
  is laid over a minimal valid instance, so a rule only names the fields it cares about;
- ``role`` (optional): only requests of this role (agent, seeker, generator, analyzer, ...);
- ``match`` (optional): only requests whose text contains this string;
- ``in`` (optional): where ``match`` is looked for: ``any`` message (default), ``system``
  (the first, system message) or ``last_user`` (the newest user message).

The first rule that fits answers; a request no rule fits gets the plain fake's answer.
Point the fake at a file with ``$ESC_SKILLS_FAKE_RULES`` or ``rules = "FILE"`` in the
``[backends.fake]`` section of esc-skills.toml.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from esc_skills.backend_types import FAKE_RULES_ENV as RULES_ENV
from esc_skills.errors import ConfigError
from esc_skills.jsonl import parse_json_lines
from esc_skills.llm.fake import Answer, example_for_schema
from esc_skills.llm.types import LLMRequest

_WHERE = ("any", "system", "last_user")


def load_rules(path: str | Path) -> list[dict[str, Any]]:
    """Read and check a rules file; a bad rule is one error naming file:line."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"fake rules file {file} cannot be read ({exc.strerror}); fix ${RULES_ENV} or "
            "the `rules` option of [backends.fake]"
        ) from None
    rows = _list_rows(file, data) if data.lstrip().startswith(b"[") else _line_rows(file, data)
    rules = []
    for number, rule in rows:
        where = f"{file}:{number}"
        if not isinstance(rule, dict) or "answer" not in rule:
            raise ConfigError(f"{where}: a rule is an object with an `answer` field")
        unknown = set(rule) - {"role", "match", "in", "answer", "note"}
        if unknown:
            raise ConfigError(
                f"{where}: unknown field(s) {', '.join(sorted(unknown))}; a rule has role, "
                "match, in, answer (and an optional note)"
            )
        if rule.get("in", "any") not in _WHERE:
            raise ConfigError(f"{where}: `in` must be one of {', '.join(_WHERE)}")
        rules.append(rule)
    return rules


def _list_rows(file: Path, data: bytes) -> list[tuple[int, Any]]:
    """The rules of a JSON list, numbered from 1."""
    try:
        return list(enumerate(json.loads(data.decode("utf-8")), start=1))
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{file}: byte {exc.start + 1} is not UTF-8; re-save the file as UTF-8"
        ) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{file}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:  # json.loads recurses per level of nesting
        raise ConfigError(f"{file}: JSON nested too deeply to read; flatten the rules") from None


def _line_rows(file: Path, data: bytes) -> list[tuple[int, Any]]:
    """The rules of a JSON-lines file by line number; ``#`` lines are comments."""
    # Blank the comments rather than drop them, so the shared reader keeps line numbers.
    lines = [b"" if line.lstrip().startswith(b"#") else line for line in data.splitlines()]
    rows = []
    for line in parse_json_lines(b"\n".join(lines)):
        if line.error:
            raise ConfigError(f"{file}:{line.number}: {line.detail}; one rule object a line")
        rows.append((line.number, line.data))
    return rows


def _text(request: LLMRequest, where: str) -> str:
    if where == "system":
        return request.messages[0].content if request.messages else ""
    if where == "last_user":
        return next((m.content for m in reversed(request.messages) if m.role == "user"), "")
    return "\n".join(m.content for m in request.messages)


def rules_script(rules: Sequence[dict[str, Any]]) -> Callable[[LLMRequest], Answer]:
    """A fake-backend script answering by the first rule that fits each request."""

    def answer(request: LLMRequest) -> Answer:
        for rule in rules:
            if rule.get("role") not in (None, "*", request.role):
                continue
            if "match" in rule and rule["match"] not in _text(request, rule.get("in", "any")):
                continue
            given = rule["answer"]
            if isinstance(given, dict) and request.schema is not None:
                base = example_for_schema(request.schema)
                return {**base, **given} if isinstance(base, dict) else given
            return given
        if request.schema is not None:
            return example_for_schema(request.schema)
        last = request.messages[-1].content if request.messages else ""
        return f"(fake reply to: {last[:60]})"

    return answer
