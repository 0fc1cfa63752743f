"""Stage fingerprints: a killed run resumes, an unchanged stage is skipped."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from esc_skills import atomic

STATE_FILE = ".stages.json"


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
        atomic.write_json(self.path, self.data)
