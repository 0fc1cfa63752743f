"""Read JSON-lines files line by line, so one bad record is named, never fatal; and JSON files."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from esc_skills.errors import DataError


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line: its decoded value, or why it could not be decoded."""

    number: int
    data: Any = None
    error: str | None = None  # "encoding" or "json" when the line could not be decoded
    detail: str = ""  # what is wrong, in words a user can act on
    last: bool = False  # the file's final line: where an interrupted write leaves a torn record


def read_json_lines(path: str | os.PathLike[str], *, what: str = "file") -> Iterator[JsonLine]:
    """Yield every non-blank line of a UTF-8 JSON-lines file; unreadable files raise DataError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read {what} ({exc.strerror or exc})") from exc
    yield from parse_json_lines(data)


def parse_json_lines(data: bytes | str) -> Iterator[JsonLine]:
    """Yield every non-blank line of JSON-lines content (a file's bytes, a server's text)."""
    lines = (data.encode("utf-8") if isinstance(data, str) else data).splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        last = number == len(lines)
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            detail = (
                f"byte 0x{line[exc.start]:02x} at column {exc.start + 1} is not UTF-8; "
                "re-save the file as UTF-8"
            )
            yield JsonLine(number, error="encoding", detail=detail, last=last)
            continue
        try:
            yield JsonLine(number, data=json.loads(text), last=last)
        except json.JSONDecodeError as exc:
            detail = f"not valid JSON ({exc.msg} at column {exc.colno})"
            yield JsonLine(number, error="json", detail=detail, last=last)
        except RecursionError:
            # json.loads recurses per level: a hostile line can exhaust the stack.
            detail = "JSON nested too deeply to read; flatten or remove that record"
            yield JsonLine(number, error="nesting", detail=detail, last=last)


def read_json(path: Path, *, what: str, fix: str) -> Any:
    """A whole JSON file's value; DataError naming the file, what it holds and ``fix``."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    # RecursionError: nesting too deep for the decoder, a damaged or hostile file.
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise DataError(f"{path}: cannot read {what} ({exc}); {fix}") from exc
