"""Stage fingerprints: a killed run resumes, an unchanged stage is skipped."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from esc_skills import atomic

STATE_FILE = ".stages.json"
RUN_FILES = (
    "annotations.jsonl",
    "ius.jsonl",
    "prototypes.json",
    "clusters.json",
    "summary.json",
    "report.md",
    "report.json",
)


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


def claim_run_folder(out: Path, flag: str = "--out") -> None:
    """Make ``out`` a run folder, refusing one that holds files this pipeline did not write.

    A run folder is marked by its STATE_FILE from the start, so a run killed before its first
    stage finished still resumes; any other non-empty folder is the user's and stays untouched.
    """
    from esc_skills.errors import DataError
    from esc_skills.outputs import check_output_folder

    if out.exists() and not out.is_dir():
        raise DataError(f"{flag} {out}: is a file, not a folder; pass a folder for the run")
    check_output_folder(out, flag)  # read-only or under a file: refused before any work
    if (out / STATE_FILE).is_file():
        return
    names = {p.name for p in out.iterdir()} if out.is_dir() else set()
    # Stage records deleted by hand: still a run if only our files (and temp files) are there.
    ours = {n for n in names if n in RUN_FILES or n.startswith(tuple(f".{f}." for f in RUN_FILES))}
    if names and not ("annotations.jsonl" in names and ours == names):
        raise DataError(
            f"{flag} {out}: the folder holds files that `mine` did not write (no {STATE_FILE}); "
            "they were left untouched: pass a new or empty folder"
        )
    try:
        atomic.write_json(out / STATE_FILE, {})
    except OSError as exc:
        raise DataError(
            f"{flag} {out}: cannot write the run folder ({exc.strerror or exc}); "
            "pass a writable folder"
        ) from None


class Stages:
    """Remembers each stage's input fingerprint in OUT/.stages.json."""

    def __init__(self, out: Path) -> None:
        self.path = out / STATE_FILE
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            data = {}
        # Damaged records only cost a recomputation: every stage is then run again.
        self.data: dict[str, str] = data if isinstance(data, dict) else {}

    def fresh(self, stage: str, fp: str, *outputs: Path) -> bool:
        """True when ``stage`` ran with fingerprint ``fp`` and its outputs still exist."""
        return self.data.get(stage) == fp and all(p.exists() for p in outputs)

    def done(self, stage: str, fp: str) -> None:
        """Record that ``stage`` finished with fingerprint ``fp``."""
        self.data[stage] = fp
        atomic.write_json(self.path, self.data)
