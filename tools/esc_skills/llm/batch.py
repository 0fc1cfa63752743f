"""Batch APIs for one-shot stages: Anthropic Message Batches and OpenAI's Batch API.

A stage that knows its requests up front (annotation, ESConv responses, post-hoc judging)
calls :func:`prefetch` with them. Requests already in the cache are skipped; the rest go
to the backend's batch API (about half the price), the batch id is saved in a state file
so a crashed run polls the same batch instead of paying twice, and every answer that comes
back is written into the ordinary LLM cache. The stage then runs as usual: its calls hit
the cache, and items the batch failed or let expire simply go out interactively — nothing
is dropped. Multi-turn simulation stays interactive (each turn depends on the last).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, cast

from esc_skills import atomic
from esc_skills.errors import ConfigError
from esc_skills.jsonl import parse_json_lines
from esc_skills.llm.errors import LLMError
from esc_skills.llm.types import LLMRequest, LLMResponse, RawJSON, Usage

if TYPE_CHECKING:  # the SDK backends load only when a batch is sent
    from esc_skills.llm.anthropic_backend import AnthropicBackend
    from esc_skills.llm.client import LLMClient
    from esc_skills.llm.openai_backend import OpenAIBackend

# The batch APIs bill about half the interactive price.
BATCH_DISCOUNT = 0.5
# How often a pending batch is polled; ESC_SKILLS_BATCH_POLL_SECONDS overrides it.
DEFAULT_POLL_SECONDS = 30.0


class BatchAPI(Protocol):
    """What a backend offers for batches."""

    async def submit(self, items: Sequence[tuple[str, LLMRequest]]) -> str:
        """Send the items; return the batch id."""
        ...

    async def poll(self, batch_id: str) -> tuple[bool, str]:
        """(finished, a short status for the log)."""
        ...

    async def collect(
        self, batch_id: str, items: dict[str, LLMRequest]
    ) -> tuple[dict[str, LLMResponse], dict[str, str]]:
        """Answers by custom id, and failures (errored, expired, canceled) with the reason."""
        ...


class PrefetchJSON(TypedDict):
    """:class:`PrefetchReport` as JSON."""

    requested: int
    cached: int
    submitted: int
    succeeded: int
    failed: dict[str, str]
    batches: list[str]
    resumed: bool


@dataclass
class PrefetchReport:
    """What a prefetch did."""

    requested: int = 0
    cached: int = 0
    submitted: int = 0
    succeeded: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # custom id -> reason
    batches: list[str] = field(default_factory=list)
    resumed: bool = False

    def to_dict(self) -> PrefetchJSON:
        """JSON-ready."""
        return cast(PrefetchJSON, asdict(self))  # the fields are PrefetchJSON's keys


class AnthropicBatches:
    """Message Batches through the official SDK of an :class:`AnthropicBackend`."""

    def __init__(self, backend: AnthropicBackend) -> None:
        self.backend = backend

    def _params(self, request: LLMRequest) -> RawJSON:
        params, _ = self.backend.build(request)
        extra = params.pop("extra_body", None) or {}
        return {**params, **extra}

    async def submit(self, items: Sequence[tuple[str, LLMRequest]]) -> str:
        """Create one message batch."""
        batch = await self.backend._client().messages.batches.create(
            requests=[{"custom_id": cid, "params": self._params(r)} for cid, r in items]
        )
        return str(batch.id)

    async def poll(self, batch_id: str) -> tuple[bool, str]:
        """Ended or not."""
        batch = await self.backend._client().messages.batches.retrieve(batch_id)
        return batch.processing_status == "ended", str(batch.processing_status)

    async def collect(
        self, batch_id: str, items: dict[str, LLMRequest]
    ) -> tuple[dict[str, LLMResponse], dict[str, str]]:
        """Read the results file; every item not succeeded is a failure with its type."""
        from esc_skills.llm.anthropic_backend import _answer_text

        answers: dict[str, LLMResponse] = {}
        failed: dict[str, str] = {}
        results = await self.backend._client().messages.batches.results(batch_id)
        async for entry in results:
            request = items.get(entry.custom_id)
            if request is None:
                continue
            result = entry.result
            if result.type != "succeeded":
                detail = getattr(getattr(result, "error", None), "error", None)
                failed[entry.custom_id] = f"{result.type}: {getattr(detail, 'message', '')}"
                continue
            message = result.message
            _, wrapped = self.backend.build(request)
            usage = message.usage
            answers[entry.custom_id] = LLMResponse(
                text=_answer_text(message, structured=request.schema is not None, wrapped=wrapped),
                usage=Usage(int(usage.input_tokens or 0), int(usage.output_tokens or 0), 0),
                model=request.model,
                raw_response={"batch": batch_id, "custom_id": entry.custom_id},
            )
        for cid in items:
            if cid not in answers and cid not in failed:
                failed[cid] = "missing from the batch results"
        return answers, failed


class OpenAIBatches:
    """The Batch API (files + batches) through the official SDK of an :class:`OpenAIBackend`."""

    endpoint = "/v1/chat/completions"

    def __init__(self, backend: OpenAIBackend) -> None:
        self.backend = backend

    async def submit(self, items: Sequence[tuple[str, LLMRequest]]) -> str:
        """Upload the JSONL input file and create the batch."""
        lines = []
        for cid, request in items:
            body = self.backend.build(request, self.backend._mode_for(request))
            lines.append(
                json.dumps({"custom_id": cid, "method": "POST", "url": self.endpoint, "body": body})
            )
        client = self.backend._client()
        upload = await client.files.create(
            file=("batch.jsonl", ("\n".join(lines) + "\n").encode()), purpose="batch"
        )
        batch = await client.batches.create(
            input_file_id=upload.id, endpoint=self.endpoint, completion_window="24h"
        )
        return str(batch.id)

    async def poll(self, batch_id: str) -> tuple[bool, str]:
        """Finished once completed, failed, expired or cancelled."""
        batch = await self.backend._client().batches.retrieve(batch_id)
        status = str(batch.status)
        return status in ("completed", "failed", "expired", "cancelled"), status

    async def collect(
        self, batch_id: str, items: dict[str, LLMRequest]
    ) -> tuple[dict[str, LLMResponse], dict[str, str]]:
        """Read the output and error files."""
        client = self.backend._client()
        batch = await client.batches.retrieve(batch_id)
        answers: dict[str, LLMResponse] = {}
        failed: dict[str, str] = {}
        for file_id in (batch.output_file_id, batch.error_file_id):
            if not file_id:
                continue
            content = await client.files.content(file_id)
            for line in parse_json_lines(content.text):
                record = line.data
                if line.error or not isinstance(record, dict):
                    raise LLMError(
                        f"batch {batch_id}: line {line.number} of file {file_id} is not a "
                        f"result record ({line.detail or 'not an object'}); rerun without --batch"
                    )
                cid = str(record.get("custom_id"))
                request = items.get(cid)
                if request is None:
                    continue
                response = record.get("response") or {}
                body = response.get("body") or {}
                if record.get("error") or response.get("status_code") != 200:
                    error = record.get("error") or body.get("error") or {}
                    failed[cid] = f"error: {error.get('message', response.get('status_code'))}"
                    continue
                usage = body.get("usage") or {}
                answers[cid] = LLMResponse(
                    text=body["choices"][0]["message"].get("content") or "",
                    usage=Usage(
                        int(usage.get("prompt_tokens", 0)),
                        int(usage.get("completion_tokens", 0)),
                        0,
                    ),
                    model=request.model,
                    raw_response={"batch": batch_id, "custom_id": cid},
                )
        for cid in items:
            if cid not in answers and cid not in failed:
                failed[cid] = f"batch {batch.status}: no result for this item"
        return answers, failed


BATCH_APIS: dict[str, Callable[[Any], BatchAPI]] = {
    "anthropic": AnthropicBatches,
    "openai": OpenAIBatches,
}


def batch_api_for(backend: Any) -> BatchAPI | None:
    """The batch API of a backend object, or None when it has none (local, fake…)."""
    from esc_skills.llm.anthropic_backend import AnthropicBackend
    from esc_skills.llm.openai_backend import OpenAIBackend

    if isinstance(backend, AnthropicBackend):
        return AnthropicBatches(backend)
    if isinstance(backend, OpenAIBackend):
        return OpenAIBatches(backend)
    return None


class SavedBatch(TypedDict):
    """A submitted batch, kept so a rerun resumes it instead of paying again."""

    batch_id: str
    items: list[str]  # custom ids
    at: float  # when it was submitted (epoch seconds)


def _read_state(path: Path) -> dict[str, SavedBatch]:
    """The batches in flight by backend ({} when there is no readable state file)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}  # a torn state file: submit again rather than guess
    return data if isinstance(data, dict) else {}


async def prefetch(
    client: LLMClient,
    requests: Sequence[LLMRequest],
    *,
    state_path: Path,
    poll_seconds: float | None = None,
    max_wait_seconds: float | None = None,
    log: Callable[[str], None] | None = None,
) -> PrefetchReport:
    """Answer ``requests`` through batch APIs into the client's cache (see the module doc)."""
    say = log or (lambda _: None)
    if poll_seconds is None:
        poll_seconds = _poll_seconds_from_env()
    report = PrefetchReport(requested=len(requests))
    if client.cache is None:
        raise LLMError("batch mode needs the LLM cache (drop --no-cache): answers land there")
    pending: dict[str, LLMRequest] = {}
    for request in requests:
        if client.cache.get(request) is not None:
            report.cached += 1
        else:
            pending.setdefault(request.cache_key()[:32], request)
    by_backend: dict[str, dict[str, LLMRequest]] = {}
    for cid, request in pending.items():
        by_backend.setdefault(request.backend, {})[cid] = request
    state = _read_state(state_path)
    for name, items in sorted(by_backend.items()):
        api = batch_api_for(client._backend_for(next(iter(items.values())).model))
        if api is None:
            say(f"batch: backend {name} has no batch API; its {len(items)} calls run interactively")
            continue
        saved = state.get(name)
        if saved and saved.get("batch_id") and set(saved.get("items", [])) == set(items):
            batch_id = str(saved["batch_id"])
            report.resumed = True
            say(f"batch: resuming {name} batch {batch_id} ({len(items)} requests)")
        else:
            batch_id = await api.submit(sorted(items.items()))
            state[name] = {"batch_id": batch_id, "items": sorted(items), "at": time.time()}
            atomic.write_json(state_path, state)  # before waiting: a crash resumes this batch
            say(f"batch: submitted {len(items)} requests to {name} as {batch_id}")
        report.submitted += len(items)
        report.batches.append(batch_id)
        started = time.monotonic()
        while True:
            done, status = await api.poll(batch_id)
            if done:
                break
            if max_wait_seconds is not None and time.monotonic() - started > max_wait_seconds:
                raise LLMError(
                    f"batch {batch_id} still {status} after {max_wait_seconds:.0f}s; rerun the "
                    f"same command to keep waiting (its id is saved in {state_path})"
                )
            await asyncio.sleep(poll_seconds)
        answers, failed = await api.collect(batch_id, items)
        for cid, response in answers.items():
            request = items[cid]
            client.cache.put(request, response)
            cost = client.accounting.record_call(request.role, request.model, response.usage)
            if cost:  # the discount applies to what was just added
                client.accounting.roles[request.role].cost -= cost * (1 - BATCH_DISCOUNT)
        report.succeeded += len(answers)
        report.failed.update(failed)
        if failed:
            say(f"batch: {len(failed)} of {len(items)} requests failed in {batch_id} "
                "(they will be sent interactively)")  # fmt: skip
        state.pop(name, None)
        atomic.write_json(state_path, state)
    return report


def _poll_seconds_from_env() -> float:
    """$ESC_SKILLS_BATCH_POLL_SECONDS as a finite number of seconds above 0."""
    raw = os.environ.get("ESC_SKILLS_BATCH_POLL_SECONDS")
    if raw is None:
        return float(DEFAULT_POLL_SECONDS)
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(
            f"$ESC_SKILLS_BATCH_POLL_SECONDS={raw!r} must be a number of seconds above 0; "
            "fix or unset it"
        )
    return value
