"""Conversation traces: one JSON line per simulated conversation (schema/trace.schema.json)."""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from esc_skills import atomic, resources
from esc_skills.errors import DataError
from esc_skills.jsonl import read_json_lines
from esc_skills.outputs import is_writable, nearest_existing

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


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _emotion_problem(name: str, value: Any, *, optional: bool) -> str | None:
    """Emotions are finite numbers 0..100 (the SAGE scale); anything else is never scored."""
    if value is None and optional:
        return None
    if not _is_number(value) or not math.isfinite(value):
        return f"{name} = {value!r} is not a number 0..100"
    if not 0 <= value <= 100:
        return f"{name} = {value!r} is out of range 0..100"
    return None


_TYPES: dict[str, tuple[type, ...]] = {
    "run_id": (str,),
    "profile": (dict,),
    "bank": (str,),
    "agent_model": (str,),
    "seeker_model": (str,),
    "language": (str,),
    "error": (str, type(None)),
    "usage": (dict,),
    "turns": (list,),
    "started_at": (str, type(None)),
    "finished_at": (str, type(None)),
}


def _turn_problem(i: int, turn: Any) -> str | None:
    where = f"turns[{i}]"
    if not isinstance(turn, dict):
        return f"{where} is not an object"
    if not isinstance(turn.get("index"), int) or isinstance(turn.get("index"), bool):
        return f"{where}.index must be a whole number"
    if turn.get("role") not in ("seeker", "supporter") or not isinstance(turn.get("content"), str):
        return f"{where} needs role seeker|supporter and a text content"
    for key in ("emotion", "emotion_before"):
        problem = _emotion_problem(f"{where}.{key}", turn.get(key), optional=True)
        if problem:
            return problem
    change = turn.get("change")
    if change is not None and (not _is_number(change) or not math.isfinite(change)):
        return f"{where}.change = {change!r} is not a finite number"
    for key in ("skills_offered", "skills_applied"):
        value = turn.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            return f"{where}.{key} must be a list of skill names"
    for key in ("thoughts", "plan"):
        if turn.get(key) is not None and not isinstance(turn[key], dict):
            return f"{where}.{key} must be an object"
    return None


def shape_problem(data: dict[str, Any]) -> str | None:
    """Why a trace's fields have the wrong type or range to be scored, or None (cheap, always on).

    The full JSON Schema is slower; this covers every field the scorers and analysers read.
    """
    if not isinstance(data.get("profile_id"), str) or not data["profile_id"]:
        return "profile_id must be a non-empty string"
    for key, types in _TYPES.items():
        if key in data and not isinstance(data[key], types):
            names = " or ".join("null" if t is type(None) else t.__name__ for t in types)
            return f"{key} = {data[key]!r:.60} must be {names.replace('dict', 'an object')}"
    if data.get("status", "completed") not in ("completed", "errored"):
        return f"status = {data.get('status')!r} must be completed or errored"
    if data.get("end_reason", "max_rounds") not in END_REASONS:
        return f"end_reason = {data.get('end_reason')!r} must be one of {', '.join(END_REASONS)}"
    for key, optional in (("initial_emotion", False), ("final_emotion", True)):
        if key in data:
            problem = _emotion_problem(key, data[key], optional=optional)
            if problem:
                return problem
    if data.get("status", "completed") == "completed" and data.get("final_emotion") is None:
        return "a completed trace needs final_emotion (0..100); mark it errored otherwise"
    rounds = data.get("rounds", 0)
    if not isinstance(rounds, int) or isinstance(rounds, bool) or rounds < 0:
        return f"rounds = {rounds!r} must be a whole number >= 0"
    for i, turn in enumerate(data.get("turns", [])):
        problem = _turn_problem(i, turn)
        if problem:
            return problem
    return None


def _trace_problem(data: Any, validate: bool) -> str | None:
    """Why a decoded line is not a usable trace, or None."""
    if isinstance(data, list):
        return (
            "the line is a JSON array, not a trace; the file must be JSON lines, one "
            "object per line (convert it with: jq -c '.[]' FILE > FILE.jsonl)"
        )
    if not isinstance(data, dict) or "profile_id" not in data:
        return "not a trace (no profile_id); is this a trace file?"
    shape = shape_problem(data)
    if shape is not None:
        return f"{shape}; fix or remove that record"
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


def check_trace_output(path: str | os.PathLike[str], flag: str = "--out") -> None:
    """Refuse, before anything is written or paid for, an output that is not ours or not writable.

    An existing file must be a trace file (JSON lines with profile_id; a torn last line is
    fine); anything else is left untouched and named. The folder must be writable.
    """
    path = Path(path)
    if path.is_dir():
        raise DataError(f"{flag} {path}: is a folder; pass a trace file path such as run.jsonl")
    if path.exists():
        if not path.is_file():
            raise DataError(f"{flag} {path}: not a regular file; pass a trace file path")
        for line in read_json_lines(path, what="trace file"):
            if line.error == "json" and line.last:
                continue  # a torn record from an interrupted run: resuming repairs it
            problem = line.detail if line.error else None
            if problem is None and not (isinstance(line.data, dict) and "profile_id" in line.data):
                problem = "not a trace record"
            if problem is not None:
                raise DataError(
                    f"{flag} {path}:{line.number}: this file is not a trace file ({problem}); "
                    "it was left untouched: pass a new file name"
                )
        read_traces(path)  # a record of ours that cannot be resumed from: refuse it now
        if not is_writable(path):
            raise DataError(f"{flag} {path}: the file is not writable; pass another --out")
    folder = nearest_existing(path.parent)
    if not folder.is_dir():
        raise DataError(
            f"{flag} {path}: cannot create its folder {path.parent} (a file is in the way: "
            f"{folder}); pass a path inside a writable folder"
        )
    if not is_writable(folder) and not path.exists():
        raise DataError(
            f"{flag} {path}: folder {folder} is not writable; pass a path inside a writable folder"
        )


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
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
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
