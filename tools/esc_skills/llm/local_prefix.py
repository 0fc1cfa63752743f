"""Prompt-prefix reuse for the embedded model: saved llama.cpp states, found by shared tokens.

A SAGE run sends the same long system prompts (the agent's catalog, each seeker's profile)
again and again, interleaved between roles and conversations, so the one context llama.cpp
keeps rarely starts with the next prompt. :class:`PrefixCache` keeps snapshots of the
context after recent calls; llama-cpp-python asks it (``Llama.set_cache``) for the snapshot
sharing the longest token prefix with a new prompt, loads it when it beats what the context
already holds, and then evaluates only the rest of the prompt.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from esc_skills.errors import ConfigError

# Off by default only when this says so: "0", "off", "false" or "no".
PROMPT_CACHE_ENV = "ESC_SKILLS_LOCAL_PROMPT_CACHE"
# SmolLM2-135M keeps about 23 KB per token of context, so a 5,800-token agent prompt is
# ~135 MB; 1 GiB holds the prompt families of a small run (the agent's, and each seeker's).
DEFAULT_CAPACITY_MB = 1024
# A new state replaces an older one that shares this much of the older one's tokens: it
# serves the same prompts (the next turn of the same conversation) at least as well.
SUPERSEDE_SHARE = 0.9
_OFF = frozenset({"0", "off", "false", "no"})

Tokens = tuple[int, ...]


def prompt_cache_enabled(option: object) -> bool:
    """Whether to reuse prompt prefixes: the environment variable wins over the config option."""
    value = os.environ.get(PROMPT_CACHE_ENV)
    where = f"${PROMPT_CACHE_ENV}"
    if value is None:
        if option is None or isinstance(option, bool):
            return option is not False
        value, where = str(option), "the prompt_cache option of the local backend"
    text = value.strip().lower()
    if text in _OFF:
        return False
    if text in {"1", "on", "true", "yes"}:
        return True
    raise ConfigError(f"{where} is {value!r}; use 1 (reuse prompt prefixes) or 0 (off)")


def shared_prefix(a: Iterable[int], b: Iterable[int]) -> int:
    """How many leading tokens ``a`` and ``b`` have in common."""
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


@dataclass
class PrefixStats:
    """What the cache did: lookups, states it offered, states stored and evicted."""

    lookups: int = 0
    offered: int = 0
    stored: int = 0
    superseded: int = 0
    evicted: int = 0


def _covers(new: Tokens, old: Tokens) -> bool:
    """Whether a state of ``new`` makes the state of ``old`` redundant."""
    return shared_prefix(new, old) >= SUPERSEDE_SHARE * len(old)


class PrefixCache:
    """Least recently used llama.cpp states keyed by the tokens they hold, within a byte budget.

    It implements the mapping protocol llama-cpp-python's ``BaseLlamaCache`` defines: a
    lookup returns the state whose tokens share the longest prefix with the key. Contexts
    of one model running in parallel threads share it; a lock keeps its tables consistent
    (stored states are never changed, so a state may be loaded into two contexts at once).
    """

    def __init__(self, capacity_bytes: int = DEFAULT_CAPACITY_MB << 20) -> None:
        self.capacity_bytes = capacity_bytes
        self._states: OrderedDict[Tokens, Any] = OrderedDict()
        self._sizes: dict[Tokens, int] = {}
        self.stats = PrefixStats()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._states)

    def __bool__(self) -> bool:
        # llama-cpp-python tests ``if self.cache:``; an empty cache must still be consulted.
        return True

    @property
    def cache_size(self) -> int:
        """Bytes held by the stored states."""
        with self._lock:
            return self._held()

    def _held(self) -> int:
        return sum(self._sizes.values())

    def _longest(self, key: Sequence[int]) -> tuple[Tokens | None, int]:
        best: Tokens | None = None
        best_len = 0
        for tokens in self._states:
            length = shared_prefix(tokens, key)
            if length > best_len:
                best, best_len = tokens, length
        return best, best_len

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, Sequence):
            return False
        with self._lock:
            return self._longest(key)[0] is not None

    def __getitem__(self, key: Sequence[int]) -> Any:
        with self._lock:
            self.stats.lookups += 1
            best, _ = self._longest(key)
            if best is None:
                raise KeyError("no stored state shares a prefix with this prompt")
            self._states.move_to_end(best)
            self.stats.offered += 1
            return self._states[best]

    def __setitem__(self, key: Sequence[int], state: Any) -> None:
        tokens = tuple(key)
        # Without logits_all the saved logits rows are never read (sampling uses the logits
        # of the suffix evaluated after loading), yet they are n_batch x n_vocab floats
        # (~100 MB for SmolLM2): keep one row, which load_state broadcasts back.
        scores = getattr(state, "scores", None)
        if scores is not None and getattr(scores, "ndim", 0) == 2 and len(scores) > 1:
            state.scores = scores[-1:].copy()
        size = int(state.llama_state_size) + int(getattr(state.scores, "nbytes", 0))
        with self._lock:
            for old in [k for k in self._states if _covers(tokens, k)]:
                del self._states[old], self._sizes[old]
                self.stats.superseded += 1
            self._states[tokens] = state
            self._sizes[tokens] = size
            self.stats.stored += 1
            # The newest state always stays, even alone over budget: the likeliest reuse.
            while self._held() > self.capacity_bytes and len(self._states) > 1:
                oldest, _ = self._states.popitem(last=False)
                del self._sizes[oldest]
                self.stats.evicted += 1


def snapshot(llm: Any) -> Any:
    """The state of ``llm``'s context, copied once.

    ``Llama.save_state`` copies the KV cache three times and the whole logits buffer
    (n_batch x n_vocab floats, ~100 MB for SmolLM2) whose rows are never read back: a
    resumed prompt evaluates at least its last two tokens, which writes fresh logits.
    """
    from llama_cpp import LlamaState
    from llama_cpp import llama_cpp as lib

    size = int(lib.llama_state_get_size(llm.ctx))
    buffer = (ctypes.c_uint8 * size)()
    written = int(lib.llama_state_get_data(llm.ctx, buffer, size))
    if written > size:
        raise RuntimeError("llama.cpp wrote more state than it announced")
    return LlamaState(
        input_ids=llm.input_ids.copy(),
        scores=llm.scores[-1:].copy(),
        n_tokens=llm.n_tokens,
        llama_state=buffer,  # type: ignore[arg-type]  # restore() reads it without a copy
        llama_state_size=written,
        seed=llm._seed,
    )


def restore(llm: Any, state: Any) -> None:
    """Load a :func:`snapshot` (or a ``Llama.save_state``) into ``llm``'s context without copies."""
    data = state.llama_state
    if not isinstance(data, ctypes.Array):  # bytes from Llama.save_state
        data = (ctypes.c_uint8 * state.llama_state_size).from_buffer_copy(data)
    from llama_cpp import llama_cpp as lib

    if lib.llama_state_set_data(llm.ctx, data, state.llama_state_size) != state.llama_state_size:
        raise RuntimeError("llama.cpp did not accept the saved state")
    llm.input_ids = state.input_ids.copy()
    llm.n_tokens = state.n_tokens
    llm._seed = state.seed
    llm._requires_eval = True
