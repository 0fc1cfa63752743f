"""Cassettes: recorded answers replayed by canonical request, so tests never call out.

A cassette is JSON lines ``{"key", "request", "response"}``; the key is the request's
cache key. Record modes (as in vcrpy): ``none`` replays only and fails on a miss,
``once`` records only when the cassette does not exist yet, ``new`` replays what it has
and records the rest, ``all`` always calls and re-records. Nothing about authentication
is ever written: requests are stored in their canonical form (no headers, no keys).
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from esc_skills.errors import ConfigError, DataError
from esc_skills.jsonl import JsonLine, read_json_lines
from esc_skills.llm.errors import CassetteMiss
from esc_skills.llm.types import Backend, BaseBackend, LLMRequest, LLMResponse, Usage

MODES = ("none", "once", "new", "all")
_SECRET_FIELDS = {"authorization", "api_key", "api-key", "x-api-key", "headers"}


def scrub(value: Any) -> Any:
    """Drop any field that could carry credentials, at any depth."""
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if k.lower() not in _SECRET_FIELDS}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


class ReplayBackend(BaseBackend):
    """Answers from a cassette; records through ``inner`` when the mode allows it."""

    name = "replay"

    def __init__(
        self,
        path: str | Path,
        *,
        mode: str = "none",
        inner: Backend | None = None,
        strip_prefix: bool = False,
    ) -> None:
        if mode not in MODES:
            raise ConfigError(f"record mode '{mode}' is not one of {', '.join(MODES)}")
        if mode != "none" and inner is None:
            raise ConfigError(
                f"record mode '{mode}' needs a real backend to record from; set cassette and "
                "record in that backend's [backends.<name>] section"
            )
        self.path = Path(path)
        self.inner = inner
        # replay/<backend>/<model> looks up what was recorded for <backend>/<model>.
        self.strip_prefix = strip_prefix
        # "once": a cassette that exists is complete; only a missing one is recorded.
        self.mode = ("none" if self.path.exists() else "all") if mode == "once" else mode
        self._entries: dict[str, dict[str, Any]] | None = None
        self._lock = threading.Lock()  # not asyncio's: the client may outlive one loop

    async def aclose(self) -> None:
        """Close the recorded backend's connections."""
        if self.inner is not None:
            await self.inner.aclose()

    def __repr__(self) -> str:
        return f"ReplayBackend(path={str(self.path)!r}, mode={self.mode!r})"

    def entries(self) -> dict[str, dict[str, Any]]:
        """The recorded answers by key (loaded once)."""
        if self._entries is None:
            self._entries = {}
            if self.path.exists():
                for line in self._records():
                    if line.error == "encoding":
                        raise ConfigError(
                            f"cassette {self.path}:{line.number}: cannot read it ({line.detail}, "
                            "or re-record the cassette)"
                        )
                    if line.error:
                        continue  # a line cut short by a killed recorder: record it again
                    if not _is_entry(line.data):
                        raise ConfigError(
                            f"{self.path}:{line.number}: not a cassette entry (needs key and "
                            "response.text); re-record the cassette or remove that line"
                        )
                    self._entries[line.data["key"]] = line.data
        return self._entries

    def _records(self) -> list[JsonLine]:
        try:
            return list(read_json_lines(self.path, what="cassette"))
        except DataError as exc:
            reason = exc.__cause__ if isinstance(exc.__cause__, OSError) else exc
            raise ConfigError(
                f"cassette {self.path}: cannot read it "
                f"({getattr(reason, 'strerror', None) or reason}); set ESC_SKILLS_CASSETTE or "
                "[backends.<name>] cassette to a JSON-lines cassette file"
            ) from None

    async def complete(self, request: LLMRequest) -> LLMResponse:
        """Replay the recorded answer, or record one, as the mode says."""
        if self.strip_prefix and "/" in request.model_name:
            request = replace(request, model=request.model_name)
        key = request.cache_key()
        entry = None if self.mode == "all" else self.entries().get(key)
        if entry is not None:
            answer = entry["response"]
            return LLMResponse(
                text=answer["text"],
                usage=Usage(**answer.get("usage", {})),
                model=request.model,
                raw_request=request.canonical(),
                raw_response={"cassette": str(self.path), "key": key},
            )
        if self.mode == "none" or self.inner is None:
            last = next((m.content for m in reversed(request.messages) if m.role == "user"), "")
            raise CassetteMiss(
                f"cassette {self.path} has no answer for {request.model} request {key[:12]} "
                f"(last user message starts '{last[:50]}'); record it with record = \"new\" "
                "and a real backend, or fix the test's request"
            )
        response = await self.inner.complete(request)
        await self._append(request, response)
        return response

    async def _append(self, request: LLMRequest, response: LLMResponse) -> None:
        usage = response.usage
        entry = scrub(
            {
                "key": request.cache_key(),
                "request": request.canonical(),
                "response": {
                    "text": response.text,
                    "usage": {
                        "input_tokens": usage.input_tokens,
                        "output_tokens": usage.output_tokens,
                        "cached_tokens": usage.cached_tokens,
                    },
                },
            }
        )
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Appending whole lines keeps earlier recordings intact if we are killed.
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
            self.entries()[entry["key"]] = entry


def _is_entry(entry: Any) -> bool:
    """A cassette line that can be replayed: a key and a response with text (and usage counts)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
        return False
    response = entry.get("response")
    if not isinstance(response, dict) or not isinstance(response.get("text"), str):
        return False
    usage = response.get("usage", {})
    fields = {"input_tokens", "output_tokens", "cached_tokens"}
    return (
        isinstance(usage, dict)
        and usage.keys() <= fields
        and all(isinstance(v, int) and not isinstance(v, bool) for v in usage.values())
    )
