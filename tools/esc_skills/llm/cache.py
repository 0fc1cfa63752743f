"""The on-disk answer cache: SQLite in WAL mode, keyed by the canonical request's hash.

Safe for many writers: every thread gets its own connection, SQLite serialises
writers across processes, and a busy timeout makes a writer wait instead of failing.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from esc_skills.errors import ConfigError
from esc_skills.llm.errors import LLMError
from esc_skills.llm.types import LLMRequest, LLMResponse, Usage
from esc_skills.outputs import is_writable

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    request TEXT NOT NULL,
    text TEXT NOT NULL,
    usage TEXT NOT NULL,
    created REAL NOT NULL
)
"""


class CacheUnusable(LLMError, ConfigError):
    """The cache path cannot hold a SQLite database (a folder, another file, no permission)."""


# An empty existing file becomes a database only under a name that says it is one: an empty
# notes.txt named by mistake must not be turned into SQLite (the user's file is not ours).
DATABASE_SUFFIXES = frozenset({".sqlite", ".sqlite3", ".db", ".cache"})


def _refuse_empty_foreign_file(path: Path) -> None:
    """Refuse an existing empty file whose name does not say it is a database."""
    if path.is_file() and path.stat().st_size == 0 and path.suffix.lower() not in DATABASE_SUFFIXES:
        raise CacheUnusable(
            f"the LLM cache path {path} is an existing empty file that is not named like a "
            f"database ({', '.join(sorted(DATABASE_SUFFIXES))}); it is left untouched. Set "
            "ESC_SKILLS_CACHE to a new path such as ~/.cache/esc-skills/llm.sqlite or pass "
            "--no-cache"
        )


class ResponseCache:
    """Stores what a backend answered for a request; a hit replaces the call."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        _refuse_empty_foreign_file(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            target = self.path if self.path.exists() else self.path.parent
            if not is_writable(target):
                raise PermissionError(f"{target} is read-only")
            self._connect()
        except (OSError, sqlite3.Error) as exc:
            raise CacheUnusable(
                f"cannot open the LLM cache at {self.path}: {exc}; set ESC_SKILLS_CACHE to a "
                "writable path or pass --no-cache"
            ) from None

    def _connect(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL is durable enough for a cache and several times faster than FULL.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(_SCHEMA)
            conn.commit()
            self._local.conn = conn
            with self._guard:
                self._connections.append(conn)
        return conn

    def get(self, request: LLMRequest) -> LLMResponse | None:
        """The stored answer of ``request``, marked ``cached=True``, or None."""
        row = (
            self._connect()
            .execute(
                "SELECT model, text, usage FROM responses WHERE key = ?", (request.cache_key(),)
            )
            .fetchone()
        )
        if row is None:
            return None
        model, text, usage = row
        counts = json.loads(usage)
        return LLMResponse(
            text=text,
            usage=Usage(**counts),
            model=model,
            cached=True,
            cost_usd=0.0,
            raw_request=request.canonical(),
            raw_response={"text": text, "cache_key": request.cache_key()},
        )

    def put(self, request: LLMRequest, response: LLMResponse) -> None:
        """Store the answer; a concurrent identical write is harmless (same key, same answer)."""
        usage = response.usage
        counts = {
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "cached_tokens": usage.cached_tokens,
        }
        conn = self._connect()
        with conn:
            conn.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?)",
                (
                    request.cache_key(),
                    response.model or request.model,
                    json.dumps(request.canonical(), ensure_ascii=False, sort_keys=True),
                    response.text,
                    json.dumps(counts),
                    time.time(),
                ),
            )

    def stats(self) -> dict[str, Any]:
        """Entries and file size, for `backends list` and run summaries."""
        (entries,) = self._connect().execute("SELECT COUNT(*) FROM responses").fetchone()
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        return {"path": str(self.path), "entries": int(entries), "bytes": size}

    def close(self) -> None:
        """Close every connection this cache opened."""
        with self._guard:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()
