"""Atomic writes and stage fingerprints: a killed run resumes, an unchanged stage is skipped."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

STATE_FILE = ".stages.json"


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temp file and os.replace (never a half-file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_json(path: Path, data: Any) -> None:
    """Write JSON (sorted keys, 2-space indent) atomically."""
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes ('' when missing)."""
    if not path.is_file():
        return ""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fingerprint(*parts: Any) -> str:
    """A stable hash of JSON-serialisable parts (inputs, options, code version)."""
    blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Stages:
    """Remembers each stage's input fingerprint in OUT/.stages.json."""

    def __init__(self, out: Path) -> None:
        self.path = out / STATE_FILE
        try:
            self.data: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def fresh(self, stage: str, fp: str, *outputs: Path) -> bool:
        """True when ``stage`` ran with fingerprint ``fp`` and its outputs still exist."""
        return self.data.get(stage) == fp and all(p.exists() for p in outputs)

    def done(self, stage: str, fp: str) -> None:
        """Record that ``stage`` finished with fingerprint ``fp``."""
        self.data[stage] = fp
        atomic_write_json(self.path, self.data)
