"""Loaders for ESConv (HF JSON lines, original ESConv.json), FailedESConv and user dialogues.

Every loader returns ``Dialogue`` records with one speaker vocabulary (seeker/supporter),
strategies normalised to ESConv's eight labels, and feedback as an int. A malformed record
is skipped and noted in a ``LoadReport`` (file, line, reason); only a missing or unreadable
file raises ``DataError``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from esc_skills.data.types import Dialogue, LoadReport, Speaker, Turn
from esc_skills.errors import DataError
from esc_skills.jsonl import read_json_lines

STRATEGIES = (
    "Question",
    "Restatement or Paraphrasing",
    "Reflection of feelings",
    "Self-disclosure",
    "Affirmation and Reassurance",
    "Providing Suggestions",
    "Information",
    "Others",
)
# FailedESConv's noisy variants, lower-cased, mapped to the ESConv label they mean.
_STRATEGY_ALIASES = {
    "questions": "Question",
    "other": "Others",
    "direct guidance": "Providing Suggestions",
    "approval and reassurance": "Affirmation and Reassurance",
    "restatement": "Restatement or Paraphrasing",
    "paraphrasing": "Restatement or Paraphrasing",
    "reflection of feeling": "Reflection of feelings",
    "suggestion": "Providing Suggestions",
    "suggestions": "Providing Suggestions",
    "self disclosure": "Self-disclosure",
}
_CANON = {s.lower(): s for s in STRATEGIES}
_SPEAKERS: dict[str, Speaker] = {
    "usr": "seeker",
    "seeker": "seeker",
    "speaker": "seeker",
    "user": "seeker",
    "sys": "supporter",
    "supporter": "supporter",
    "listener": "supporter",
    "assistant": "supporter",
}
SPLITS = ("train", "valid", "test")


class _Skip(Exception):
    """A record that cannot be used; the message is the reason."""


def normalize_strategy(raw: str | None) -> str | None:
    """Map a strategy label (ESConv's or FailedESConv's noisy variant) to ESConv's eight."""
    if raw is None:
        return None
    key = " ".join(str(raw).strip().strip("[]").lower().split())
    if not key:
        return None
    return _CANON.get(key) or _STRATEGY_ALIASES.get(key) or "Others"


def _feedback(raw: Any) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if 1 <= value <= 5 else None


def _turn(index: int, speaker_raw: Any, text: Any, strategy: Any, feedback: Any) -> Turn:
    speaker = _SPEAKERS.get(str(speaker_raw).strip().lower())
    if speaker is None:
        raise _Skip(f"unknown speaker: {speaker_raw!r} in utterance {index}")
    if not isinstance(text, str):
        raise _Skip(f"missing text: utterance {index} has no text")
    if speaker == "supporter":
        return Turn(
            index, speaker, " ".join(text.split()), normalize_strategy(strategy) or "Others"
        )
    return Turn(index, speaker, " ".join(text.split()), None, _feedback(feedback))


def _dialogue(rec: Any, *, did: str, source: str, split: str | None, style: str) -> Dialogue:
    if not isinstance(rec, dict):
        raise _Skip("not an object: expected a JSON object per dialogue")
    raw_turns = rec.get("dialog", rec.get("turns"))
    if not isinstance(raw_turns, list):
        raise _Skip("missing field: no 'dialog' (or 'turns') list")
    turns: list[Turn] = []
    for i, u in enumerate(raw_turns):
        if not isinstance(u, dict):
            raise _Skip(f"bad utterance: utterance {i} is not an object")
        if style == "hf":
            turn = _turn(i, u.get("speaker"), u.get("text"), u.get("strategy"), u.get("feedback"))
        elif style == "original":  # ESConv.json / FailedESConv.json
            raw_ann = u.get("annotation")
            ann: dict[str, Any] = raw_ann if isinstance(raw_ann, dict) else {}
            turn = _turn(
                i, u.get("speaker"), u.get("content"), ann.get("strategy"), ann.get("feedback")
            )
        else:  # user format
            text = u.get("text", u.get("content"))
            turn = _turn(i, u.get("speaker"), text, u.get("strategy"), u.get("feedback"))
        if turn.text:
            turns.append(turn)
    if not turns:
        raise _Skip("empty dialogue: no utterances with text")
    raw_survey = rec.get("survey_score")
    survey: dict[str, Any] = raw_survey if isinstance(raw_survey, dict) else {}
    return Dialogue(
        id=did,
        source=source,
        turns=turns,
        situation=str(rec.get("situation") or ""),
        problem_type=str(rec.get("problem_type") or ""),
        emotion_type=str(rec.get("emotion_type") or ""),
        experience_type=str(rec.get("experience_type") or ""),
        survey=survey,
        split=split,
    )


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise DataError(f"{path}: file not found; check --data-dir or run `esc-skills data fetch`")
    try:
        return path.read_bytes().decode("utf-8", errors="surrogateescape")
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc


def _json_lines(path: Path, report: LoadReport) -> Iterator[tuple[int, Any]]:
    """Yield (line number, parsed object); bad lines are noted and skipped."""
    if not path.is_file():
        raise DataError(f"{path}: file not found; check --data-dir or run `esc-skills data fetch`")
    for line in read_json_lines(path):
        if line.error:
            kind = "bad encoding" if line.error == "encoding" else "bad JSON"
            report.skip(str(path), line.number, f"{kind}: {line.detail}")
        else:
            yield line.number, line.data


def _json_array(path: Path, report: LoadReport) -> Iterator[tuple[int, Any]]:
    """Yield (line number, element) of a top-level JSON array, element by element.

    Decoding each element on its own lets one broken record be reported with its line
    instead of losing the whole file.
    """
    text = _read_text(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
        report.skip(str(path), 1, "bad encoding: invalid UTF-8 bytes replaced")
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    if not text[pos : pos + 1] == "[":
        raise DataError(f"{path}: expected a JSON array of dialogues")
    pos += 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return
        lineno = text.count("\n", 0, pos) + 1
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            report.skip(str(path), lineno, f"bad JSON: {exc.msg}; rest of file not read")
            return
        except RecursionError:
            report.skip(str(path), lineno, "JSON nested too deeply; rest of file not read")
            return
        yield lineno, obj


Reader = Callable[[Path, LoadReport], Iterator[tuple[int, Any]]]
Maker = Callable[[int, Any], Dialogue]


def _load(path: Path, report: LoadReport | None, read: Reader, make: Maker) -> list[Dialogue]:
    """Dialogues ``read`` from ``path`` and built by ``make``; bad ones are skipped, reported."""
    rep = report if report is not None else LoadReport()
    out: list[Dialogue] = []
    for n, (lineno, rec) in enumerate(read(path, rep)):
        try:
            out.append(make(n, rec))
        except _Skip as exc:
            rep.skip(str(path), lineno, str(exc))
    rep.loaded += len(out)
    return out


def _numbered(prefix: str, source: str, split: str | None, style: str) -> Maker:
    """Builds dialogues of one public source, numbered ``<prefix>-0000`` onwards."""
    return lambda n, rec: _dialogue(
        rec, did=f"{prefix}-{n:04d}", source=source, split=split, style=style
    )


def load_esconv(
    data_dir: str | os.PathLike[str], split: str = "train", report: LoadReport | None = None
) -> list[Dialogue]:
    """ESConv in the Hugging Face JSON-lines format: ``<data_dir>/esconv_hf/<split>.txt``."""
    if split not in SPLITS:
        raise DataError(f"unknown ESConv split {split!r}; use one of {', '.join(SPLITS)}")
    path = Path(data_dir) / "esconv_hf" / f"{split}.txt"
    return _load(path, report, _json_lines, _numbered(f"esconv-{split}", "esconv", split, "hf"))


def load_failed_esconv(
    data_dir: str | os.PathLike[str], report: LoadReport | None = None
) -> list[Dialogue]:
    """FailedESConv (``<data_dir>/esconv/FailedESConv.json``), labels normalised."""
    path = Path(data_dir) / "esconv" / "FailedESConv.json"
    return _load(path, report, _json_array, _numbered("failed", "failed-esconv", None, "original"))


def load_esconv_original(
    path: str | os.PathLike[str], report: LoadReport | None = None
) -> list[Dialogue]:
    """The original ``ESConv.json`` (seeker/supporter speakers, per-turn seeker feedback)."""
    return _load(Path(path), report, _json_array, _numbered("esconv", "esconv", None, "original"))


def load_user_dialogues(
    path: str | os.PathLike[str], report: LoadReport | None = None
) -> list[Dialogue]:
    """A user's own dialogues in JSON lines (format in docs/discovery.md)."""

    def make(n: int, rec: Any) -> Dialogue:
        did = str(rec.get("id") or f"user-{n:04d}") if isinstance(rec, dict) else ""
        source = str(rec.get("source") or "user") if isinstance(rec, dict) else "user"
        return _dialogue(rec, did=did, source=source, split=None, style="user")

    return _load(Path(path), report, _json_lines, make)


def load_source(
    name: str, data_dir: str | os.PathLike[str], report: LoadReport | None = None
) -> list[Dialogue]:
    """Load a named source: esconv-train|esconv-valid|esconv-test|failed-esconv|esconv-json|PATH."""
    if name.startswith("esconv-") and name[7:] in SPLITS:
        return load_esconv(data_dir, name[7:], report)
    if name == "failed-esconv":
        return load_failed_esconv(data_dir, report)
    if name == "esconv-json":
        return load_esconv_original(Path(data_dir) / "esconv" / "ESConv.json", report)
    path = Path(name)
    if path.suffix == ".json":
        return load_esconv_original(path, report)
    return load_user_dialogues(path, report)
