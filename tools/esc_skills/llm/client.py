"""The client every caller uses: role -> model, cache, limits, retries, schema checks, accounting.

A call goes: cache lookup -> (identical calls in flight share one) -> per-backend limiter ->
backend with a per-call timeout and retries -> cache write -> JSON Schema validation,
re-asking with the validation error a bounded number of times.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import jsonschema

from esc_skills import resources
from esc_skills.config_sections import ROLES  # one list of roles: the config checks it
from esc_skills.llm.accounting import Accounting
from esc_skills.llm.cache import ResponseCache
from esc_skills.llm.errors import BackendUnreachable, LLMError, Secret, TransientError, redact
from esc_skills.llm.limits import Limiter, estimate_tokens
from esc_skills.llm.retry import RetryPolicy, with_retries
from esc_skills.llm.types import Backend, JSONSchema, LLMRequest, LLMResponse, Message

if TYPE_CHECKING:
    from esc_skills.config import Config

T = TypeVar("T")

__all__ = ["ROLES", "LLMClient", "LLMError", "RoleSettings", "settle"]


@dataclass(frozen=True)
class RoleSettings:
    """Which model a role uses and its sampling parameters."""

    model: str
    temperature: float = 0.0
    max_tokens: int = 1024
    seed: int | None = 0


def _as_message(m: Message | Mapping[str, str]) -> Message:
    return m if isinstance(m, Message) else Message(m["role"], m["content"])  # type: ignore[arg-type]


class LLMClient:
    """Routes role calls to backends; validates structured answers against their schema."""

    def __init__(
        self,
        *,
        roles: Mapping[str, RoleSettings],
        backends: Mapping[str, Backend],
        build: Callable[[str], Backend] | None = None,
        max_schema_retries: int = 2,
        cache: ResponseCache | None = None,
        limiters: Mapping[str, Limiter] | None = None,
        retry: RetryPolicy | Mapping[str, RetryPolicy] | None = None,
        timeouts: Mapping[str, float] | None = None,
        accounting: Accounting | None = None,
        secrets: Iterable[Secret] = (),
        cache_all: bool = False,
    ) -> None:
        self.roles = dict(roles)
        self.backends = dict(backends)
        # Builds a backend by name on first use (make_client), so roles a command never
        # calls need no key and no optional package.
        self._build = build
        self.max_schema_retries = max_schema_retries
        self.cache = cache
        # True when the cache was chosen on purpose (a path given): then even backends that
        # opt out by default (scripted fakes) are cached there.
        self.cache_all = cache_all
        self.limiters = dict(limiters or {})
        self.retry = retry if retry is not None else RetryPolicy()
        self.timeouts = dict(timeouts or {})
        self.accounting = accounting or Accounting()
        self._secrets = tuple(secrets)
        self._inflight: dict[str, asyncio.Future[LLMResponse]] = {}
        self.config: Config | None = None  # set by factory.make_client

    @classmethod
    def with_backend(cls, backend: Backend, model: str | None = None, **kwargs: Any) -> LLMClient:
        """A client that sends every role to one backend (tests, offline runs); no cache."""
        model = model or f"{backend.name}/test"
        name = model.split("/", 1)[0]
        return cls(
            roles={r: RoleSettings(model) for r in ROLES}, backends={name: backend}, **kwargs
        )

    def settings_for(self, role: str) -> RoleSettings:
        """The resolved settings of a role."""
        if role not in self.roles:
            raise LLMError(f"no model configured for role '{role}'")
        return self.roles[role]

    def backend_for_role(self, role: str) -> Backend:
        """The backend a role calls, built now if it was not yet."""
        return self._backend_for(self.settings_for(role).model)

    def _backend_for(self, model: str) -> Backend:
        name = model.split("/", 1)[0]
        if name not in self.backends and self._build is not None:
            self.backends[name] = self._build(name)
        if name not in self.backends:
            raise LLMError(f"backend '{name}' (from model '{model}') is not available")
        return self.backends[name]

    def _limiter_for(self, name: str) -> Limiter:
        if name not in self.limiters:
            self.limiters[name] = Limiter(64)
        return self.limiters[name]

    def _policy_for(self, name: str) -> RetryPolicy:
        if isinstance(self.retry, RetryPolicy):
            return self.retry
        return self.retry.get(name, RetryPolicy())

    async def complete(
        self,
        role: str,
        messages: Sequence[Message | Mapping[str, str]],
        *,
        schema: JSONSchema | None = None,
        schema_name: str = "answer",
        temperature: float | None = None,
        max_tokens: int | None = None,
        seed: int | None = None,
        use_cache: bool = True,
        check: Callable[[LLMResponse], str | None] | None = None,
    ) -> LLMResponse:
        """Ask the model of ``role``; with a schema, ``response.data`` is validated JSON.

        ``check`` may still reject a well-formed answer by returning the reason (e.g. a reply
        that only repeats the prompt's placeholder text): it is re-asked like a schema failure.
        """
        settings = self.settings_for(role)
        msgs = tuple(_as_message(m) for m in messages)
        for attempt in range(self.max_schema_retries + 1):
            request = self.request_for(
                role, msgs, schema=schema, schema_name=schema_name, temperature=temperature,
                max_tokens=max_tokens, seed=seed,
            )  # fmt: skip
            response = await self.send(request, use_cache=use_cache)
            what = f"its schema '{schema_name}'"
            try:
                if schema is not None:
                    # strict=False: models often put raw newlines or tabs inside strings.
                    response.data = json.loads(response.text, strict=False)
                    resources.validator_for(schema).validate(response.data)
                what = "its check"
                reason = check(response) if check is not None else None
            except (json.JSONDecodeError, jsonschema.ValidationError) as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else exc.message
            if reason is None:
                return response
            if attempt == self.max_schema_retries:
                self.accounting.record_error(role, settings.model)
                raise LLMError(
                    f"role '{role}' ({settings.model}) gave an answer that fails {what} "
                    f"after {attempt + 1} tries: {reason}"
                )
            self.accounting.record_reask(role, settings.model)
            again = "Reply with JSON only." if schema is not None else "Answer again."
            msgs = (
                *msgs,
                Message("assistant", response.text),
                Message("user", f"That answer is invalid: {reason}. {again}"),
            )
        raise AssertionError("unreachable")

    def request_for(
        self,
        role: str,
        messages: Sequence[Message | Mapping[str, str]],
        *,
        schema: JSONSchema | None = None,
        schema_name: str = "answer",
        temperature: float | None = None,
        max_tokens: int | None = None,
        seed: int | None = None,
    ) -> LLMRequest:
        """The request ``complete`` sends first for these arguments (batch mode prefetches it)."""
        settings = self.settings_for(role)
        backend = self._backend_for(settings.model)  # fail early, before any waiting
        return LLMRequest(
            model=settings.model,
            messages=tuple(_as_message(m) for m in messages),
            schema=schema,
            schema_name=schema_name,
            temperature=settings.temperature if temperature is None else temperature,
            max_tokens=settings.max_tokens if max_tokens is None else max_tokens,
            seed=settings.seed if seed is None else seed,
            role=role,
            options=tuple(sorted(backend.generation_options.items())),
        )

    async def send(self, request: LLMRequest, *, use_cache: bool = True) -> LLMResponse:
        """One fully resolved request through cache, limiter, timeout and retries (no schema)."""
        cache = self.cache if use_cache else None
        backend = self._backend_for(request.model)
        if cache is not None and not self.cache_all and not backend.cacheable:
            cache = None
        if cache is None:
            return await self._call_backend(request)
        hit = cache.get(request)
        if hit is not None:
            self.accounting.record_hit(request.role, request.model)
            return hit
        key = request.cache_key()
        shared = self._inflight.get(key)
        if shared is not None:
            # The same request is already on its way: wait for it instead of paying twice.
            try:
                response = await asyncio.shield(shared)
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise
                # The task we waited on was cancelled, not us: make the call ourselves.
                return await self.send(request, use_cache=use_cache)
            self.accounting.record_hit(request.role, request.model)
            return _copy(response, request, cached=True)
        future: asyncio.Future[LLMResponse] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            response = await self._call_backend(request)
            cache.put(request, response)
            future.set_result(response)
            return response
        except BaseException as exc:
            # Waiters retry on their own (cancellation) or see the same failure.
            if isinstance(exc, asyncio.CancelledError):
                future.cancel()
            else:
                future.set_exception(exc)
                future.exception()  # mark retrieved: waiters may be gone
            raise
        finally:
            del self._inflight[key]

    async def _call_backend(self, request: LLMRequest) -> LLMResponse:
        name = request.backend
        backend = self._backend_for(request.model)
        limiter = self._limiter_for(name)
        timeout = self.timeouts.get(name)
        chars = sum(len(m.content) for m in request.messages)
        estimate = estimate_tokens(chars, request.max_tokens)

        async def attempt() -> LLMResponse:
            async with limiter.slot(estimate):
                try:
                    if timeout is None:
                        return await backend.complete(request)
                    return await asyncio.wait_for(backend.complete(request), timeout)
                except TimeoutError:
                    raise TransientError(f"no answer within {timeout:g}s") from None

        def on_retry(_: TransientError) -> None:
            self.accounting.record_retry(request.role, request.model)

        try:
            response = await with_retries(
                attempt, self._policy_for(name), what=f"{request.role} ({request.model})",
                on_retry=on_retry,
            )  # fmt: skip
        except TransientError as exc:
            self.accounting.record_error(request.role, request.model)
            message = redact(
                f"role '{request.role}' ({request.model}) failed after "
                f"{self._policy_for(name).max_retries + 1} attempt(s): {exc}",
                self._secrets,
            )
            kind = BackendUnreachable if getattr(exc, "unreachable", False) else LLMError
            raise kind(message) from None
        except LLMError:
            self.accounting.record_error(request.role, request.model)
            raise
        limiter.record_tokens(estimate, response.usage.input_tokens + response.usage.output_tokens)
        response.cost_usd = self.accounting.record_call(request.role, request.model, response.usage)
        return response

    def summary(self) -> str:
        """The run summary: calls, cache hits, tokens and cost per role, and the cache in use."""
        if self.cache is None:
            cache_line = "cache: off"
        else:
            stats = self.cache.stats()
            cache_line = f"cache: {stats['path']} ({stats['entries']} entries)"
        return f"{self.accounting.summary()}\n{cache_line}"

    async def aclose(self) -> None:
        """Close backend connections and the cache."""
        for backend in self.backends.values():
            await backend.aclose()
        self.close()

    def close(self) -> None:
        """Close the cache (backends hold no resources that outlive the event loop)."""
        if self.cache is not None:
            self.cache.close()

    def __repr__(self) -> str:
        models = sorted({s.model for s in self.roles.values()})
        return f"LLMClient(models={models}, cache={self.cache.path if self.cache else None})"


def _copy(response: LLMResponse, request: LLMRequest, *, cached: bool) -> LLMResponse:
    return LLMResponse(
        text=response.text,
        usage=response.usage,
        model=response.model,
        cached=cached,
        cost_usd=0.0,
        raw_request=request.canonical(),
        raw_response=dict(response.raw_response),
    )


async def settle(calls: Iterable[Awaitable[T]]) -> list[T | LLMError]:
    """Run calls concurrently; a failed call yields its LLMError instead of aborting the rest."""
    results = await asyncio.gather(*calls, return_exceptions=True)
    out: list[T | LLMError] = []
    for result in results:
        if isinstance(result, LLMError):
            out.append(result)
        elif isinstance(result, BaseException):
            raise result  # a bug or a cancellation: never swallow those
        else:
            out.append(result)
    return out
