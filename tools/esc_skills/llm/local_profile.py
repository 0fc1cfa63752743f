"""Per-call figures of the embedded model, for ``benchmarks/bench_local.py``.

With ``ESC_SKILLS_LOCAL_PROFILE=<file>`` set, the local backend appends one JSON line per
call: prompt tokens, how many it evaluated, how many were *novel* (shared as a prefix with
no earlier profiled prompt or answer of that model), output tokens, and the seconds spent
reading the prompt and in the whole call. When profiling is on from the model's first call
(a fresh process), the novel count is what even a perfect prefix cache must evaluate: it
bounds what prompt-prefix reuse can save on a workload.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from esc_skills.llm.local_prefix import shared_prefix

PROFILE_ENV = "ESC_SKILLS_LOCAL_PROFILE"


@dataclass(frozen=True)
class CallFigures:
    """What one completion of the embedded model cost."""

    schema: str
    prompt_tokens: int
    evaluated: int
    novel: int
    output_tokens: int
    prompt_seconds: float
    seconds: float
    finish: str


class NoveltyCounter:
    """Counts the tokens of a prompt that no earlier sequence starts with."""

    def __init__(self) -> None:
        self._seen: list[tuple[int, ...]] = []

    def novel(self, prompt: Sequence[int]) -> int:
        """Tokens of ``prompt`` after its longest shared prefix with any earlier sequence."""
        best = max((shared_prefix(seen, prompt) for seen in self._seen), default=0)
        return len(prompt) - best

    def add(self, tokens: Sequence[int]) -> None:
        """Remember a sequence the model's context held (a prompt and its answer)."""
        self._seen.append(tuple(tokens))


def profile_path() -> Path | None:
    """Where to append per-call figures, or None when profiling is off."""
    value = os.environ.get(PROFILE_ENV, "").strip()
    return Path(value) if value else None


def append(path: Path, figures: CallFigures) -> None:
    """Append one call's figures as a JSON line (one write, so lines never interleave)."""
    line = json.dumps(asdict(figures), ensure_ascii=False) + "\n"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line)
