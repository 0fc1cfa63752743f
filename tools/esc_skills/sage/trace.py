"""Conversation traces: one JSON line per simulated conversation (schema/trace.schema.json)."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from esc_skills import atomic, resources
from esc_skills.errors import DataError
from esc_skills.jsonl import read_json_lines

SCHEMA_VERSION = 1
END_REASONS = ("success", "failure", "goodbye", "max_rounds", "errored")
log = logging.getLogger(__name__)


@dataclass
class Turn:
    """One utterance; seeker turns carry emotion and thoughts, supporter turns carry skills."""

    index: int
    role: str  # "seeker" | "supporter"
    content: str
    emotion: int | None = None  # seeker turns: after this turn's judgement
    emotion_before: int | None = None  # seeker turns after the first: before the judgement
    change: int | None = None
    thoughts: dict[str, str] | None = None
    plan: dict[str, str] | None = None
    skills_offered: list[str] | None = None
    skills_applied: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The turn without unset optional fields."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        """Build a turn from its JSON form."""
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


@dataclass
class Trace:
    """A whole simulated (or imported) conversation and its outcome."""

    run_id: str
    profile_id: str
    profile: dict[str, Any]
    bank: str
    agent_model: str
    seeker_model: str
    language: str
    status: str = "completed"  # "completed" | "errored"
    error: str | None = None
    end_reason: str = "max_rounds"
    initial_emotion: int = 40
    final_emotion: int | None = None
    rounds: int = 0
    turns: list[Turn] = field(default_factory=list)
    usage: dict[str, Any] = field(default_factory=dict)
    started_at: str | None = None
    finished_at: str | None = None
    schema_version: int = SCHEMA_VERSION

    @property
    def completed(self) -> bool:
        """True when the conversation counts for the scores."""
        return self.status == "completed" and self.final_emotion is not None

    def emotions(self) -> list[int]:
        """The seeker's emotion after each of its turns (the first is the starting value)."""
        return [t.emotion for t in self.turns if t.role == "seeker" and t.emotion is not None]

    def supporter_turns(self) -> list[Turn]:
        """The supporter's turns, in order."""
        return [t for t in self.turns if t.role == "supporter"]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written to trace files (key order fixed for readable diffs)."""
        return {
            "schema_version": self.schema_version,
            "run_id": self.run_id,
            "profile_id": self.profile_id,
            "profile": self.profile,
            "bank": self.bank,
            "agent_model": self.agent_model,
            "seeker_model": self.seeker_model,
            "language": self.language,
            "status": self.status,
            "error": self.error,
            "end_reason": self.end_reason,
            "initial_emotion": self.initial_emotion,
            "final_emotion": self.final_emotion,
            "rounds": self.rounds,
            "turns": [t.to_dict() for t in self.turns],
            "usage": self.usage,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Trace:
        """Build a trace from its JSON form."""
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data and k != "turns"}
        return cls(**known, turns=[Turn.from_dict(t) for t in data.get("turns", [])])


def validate_trace(trace: Trace | dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when a trace does not match the schema."""
    data = trace.to_dict() if isinstance(trace, Trace) else trace
    resources.validate("trace.schema.json", data)


def _trace_problem(data: Any, validate: bool) -> str | None:
    """Why a decoded line is not a usable trace, or None."""
    if isinstance(data, list):
        return (
            "the line is a JSON array, not a trace; the file must be JSON lines, one "
            "object per line (convert it with: jq -c '.[]' FILE > FILE.jsonl)"
        )
    if not isinstance(data, dict) or "profile_id" not in data:
        return "not a trace (no profile_id); is this a trace file?"
    if validate:
        try:
            validate_trace(data)
        except jsonschema.ValidationError as exc:
            return f"trace fails schema/trace.schema.json: {exc.message}"
    return None


def read_traces(
    path: str | os.PathLike[str], *, validate: bool = False, skipped: list[str] | None = None
) -> list[Trace]:
    """Read a trace file; a truncated last line (a crash mid-write) is skipped with a warning.

    Any other bad line raises DataError, unless ``skipped`` is given: then the line is left
    out and ``FILE:LINE: reason`` is appended to it.
    """
    path = Path(path)
    if not path.exists():
        return []
    traces: list[Trace] = []
    for line in read_json_lines(path, what="trace file"):
        problem: str | None
        if line.error == "json" and line.last:
            log.warning(
                "%s:%d: incomplete last line skipped (interrupted write)", path, line.number
            )
            continue
        if line.error:
            problem = f"{line.detail}; a trace file is UTF-8 JSON lines: repair or remove that line"
        else:
            problem = _trace_problem(line.data, validate)
            if problem is None:
                try:
                    traces.append(Trace.from_dict(line.data))
                    continue
                except (KeyError, TypeError, ValueError) as exc:
                    problem = f"not a complete trace ({exc!r})"
        problem = f"{path}:{line.number}: {problem}"
        if skipped is None:
            raise DataError(problem)
        skipped.append(problem)
    return traces


def repair_tail(path: str | os.PathLike[str]) -> None:
    """Drop an incomplete last line so that new appends start on a fresh line."""
    path = Path(path)
    if not path.exists():
        return
    raw = path.read_bytes()
    if not raw or raw.endswith(b"\n"):
        return
    keep = raw[: raw.rfind(b"\n") + 1]
    tail = raw[len(keep) :]
    try:
        json.loads(tail)
        keep = raw + b"\n"  # a complete record that only lacks its newline
    except (json.JSONDecodeError, UnicodeDecodeError):
        log.warning("%s: dropped an incomplete last record (%d bytes)", path, len(tail))
    atomic.write_bytes(path, keep)


def append_trace(path: str | os.PathLike[str], trace: Trace) -> None:
    """Append one trace as a single line in one write, flushed to disk."""
    line = json.dumps(trace.to_dict(), ensure_ascii=False) + "\n"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND with a single write keeps concurrent writers from interleaving a line.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def write_traces(path: str | os.PathLike[str], traces: Iterable[Trace]) -> None:
    """Write a whole trace file atomically."""
    text = "".join(json.dumps(t.to_dict(), ensure_ascii=False) + "\n" for t in traces)
    atomic.write_bytes(Path(path), text.encode("utf-8"))
