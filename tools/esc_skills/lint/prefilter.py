"""Run many regexes over a file fast: each runs only on blocks holding one of its literals.

Every pattern is split at its top-level alternatives, and for each alternative the literal
strings that any match must contain are read off the parsed regex (the way RE2's
prefilter does): a literal run is required, an alternation requires one of its branches'
literals, an optional part requires nothing. One scan of the text for all those literals
(a trie, overlapping) decides which alternatives run on which block; an alternative with
no required literal runs everywhere. The result is exactly what running every pattern on
every block would give (tests/lint/test_lint_safety_context.py checks it).

Parsing ~400 patterns at every start-up cost most of a lint run, so the derived plan is
cached in the generated data file lint/prefilter_plans.json (shipped like the schemas;
rebuilt by prefilter_gen, checked by ``prefilter_gen --check`` and
tests/lint/test_lint_prefilter_plans.py) under a hash of the pattern sources: an edited
pattern misses the cache and is derived afresh, never scanned with a stale plan.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from esc_skills.lint.prefilter_literals import (
    COMMON,
    no_newline,
    required_literals,
    score,
    split_top,
    trie_regex,
)
from esc_skills.lint.regex_cache import compile_pattern
from esc_skills.resources import resource_dir

# What a scan yields: the pattern's key and the match's start and end in the text.
Hit = tuple[Any, int, int]
_MIN_LEN = 4  # shorter required literals select too much; prefer a longer slot
_WORDY = compile_pattern(r"\w")
_MEMO_MAX = 500_000  # distinct blocks remembered per scanner (~15 per skill)


class PatternLike(Protocol):
    """What a scanner reads of a pattern: its source and flags (re.Pattern, LazyPattern)."""

    @property
    def pattern(self) -> str: ...

    @property
    def flags(self) -> int: ...


@dataclass(frozen=True)
class Plan:
    """Which part of which pattern runs where: derived once, cached in prefilter_plans.json."""

    parts: tuple[tuple[int, int], ...]  # (pattern index, top-level branch or -1: whole)
    always: tuple[int, ...]  # parts with no required literal
    by_literal: dict[str, tuple[int, ...]]  # literal -> parts to run where it occurs


def plan_key(patterns: Sequence[tuple[Any, PatternLike]]) -> str:
    """Hash of the pattern sources, flags and tuning a plan is derived from."""
    digest = hashlib.sha256(repr((_MIN_LEN, sorted(COMMON))).encode())
    for _, pattern in patterns:
        digest.update(repr((pattern.pattern, pattern.flags)).encode())
    return digest.hexdigest()[:32]


def derive_plan(patterns: Sequence[tuple[Any, PatternLike]]) -> Plan:
    """Split each pattern where needed and read off the literals each part requires."""
    parts: list[tuple[int, int]] = []
    always: list[int] = []
    by_literal: dict[str, set[int]] = {}
    for number, (_, pattern) in enumerate(patterns):
        source = no_newline(pattern.pattern)
        # Split only where a top-level alternative has a short literal ("you ..."):
        # compiling costs start-up time, and most patterns are selective as they are.
        literals = required_literals(source)
        pieces: list[tuple[int, frozenset[str] | None]]
        if literals is not None and score(literals)[0] >= _MIN_LEN:
            pieces = [(-1, literals)]
        else:
            pieces = [(i, required_literals(b)) for i, b in enumerate(split_top(source))]
        for branch, found in pieces:
            index = len(parts)
            parts.append((number, branch))
            if found is None:
                always.append(index)
            for literal in found or ():
                by_literal.setdefault(literal, set()).add(index)
    # The trie finds the longest literal at a position: it also stands for every
    # required literal inside it ("overdose" holds "dose").
    for literal in by_literal:
        for inner, found_parts in list(by_literal.items()):
            if inner in literal:
                by_literal[literal] = by_literal[literal] | found_parts
    return Plan(
        tuple(parts), tuple(always), {k: tuple(sorted(v)) for k, v in sorted(by_literal.items())}
    )


def plans_file() -> Path:
    """lint/prefilter_plans.json: the plans prefilter_gen derived (shipped like the schemas)."""
    return resource_dir("lint") / "prefilter_plans.json"


@cache
def cached_plans() -> dict[str, Plan]:
    """The shipped plans by plan_key; empty when the file is missing or unreadable."""
    try:
        data = json.loads(plans_file().read_text(encoding="utf-8"))
        return {
            key: Plan(
                tuple((number, branch) for number, branch in plan["parts"]),
                tuple(plan["always"]),
                {literal: tuple(parts) for literal, parts in plan["by_literal"].items()},
            )
            for key, plan in data.items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # every scanner derives its plan: slower start-up, the same matches


class Scanner:
    """Keyed patterns, split and prefiltered; ``scan`` yields (key, match) per block.

    The plan comes from prefilter_plans.json when it holds one for exactly these patterns (else
    it is derived here, slower); parts and finders compile on first use, so a run pays only
    for the patterns its text calls for.
    """

    def __init__(self, patterns: Sequence[tuple[Any, PatternLike]]) -> None:
        cached = cached_plans().get(plan_key(patterns))
        plan = cached if cached is not None else derive_plan(patterns)
        self.patterns = patterns
        self.parts = plan.parts
        self.keys: list[Any] = [patterns[number][0] for number, _ in plan.parts]
        self.compiled: list[re.Pattern[str] | None] = [None] * len(self.parts)
        self._split: dict[int, list[str]] = {}
        self.always = plan.always
        self.by_literal = plan.by_literal
        self._finders: list[re.Pattern[str]] | None = None
        self._memo: dict[str, tuple[tuple[int, int, int], ...]] = {}
        self._memo_first: dict[str, tuple[tuple[int, int, int], ...]] = {}

    def part(self, index: int) -> re.Pattern[str]:
        """The compiled part ``index`` (compiled on first use)."""
        compiled = self.compiled[index]
        if compiled is None:
            number, branch = self.parts[index]
            pattern = self.patterns[number][1]
            # Blocks are joined by newlines and hold none: "\s" must not cross into the next
            # block, so a pattern run once over the whole text finds what it finds per block.
            if branch < 0:
                source = no_newline(pattern.pattern)
            else:
                if number not in self._split:
                    self._split[number] = split_top(no_newline(pattern.pattern))
                source = self._split[number][branch]
            compiled = self.compiled[index] = compile_pattern(source, pattern.flags)
        return compiled

    @property
    def finders(self) -> list[re.Pattern[str]]:
        """Regexes that find every literal of the plan (built on first use)."""
        if self._finders is None:
            # A literal that starts with a letter is looked for only where a word starts:
            # these patterns put their literals after \b, white space or punctuation, never
            # inside a word (the equality test over the corpora guards that).
            wordy = sorted(w for w in self.by_literal if _WORDY.match(w))
            other = sorted(w for w in self.by_literal if not _WORDY.match(w))
            # Every such literal starts with a word character, so "\b" here is exactly
            # "(?<!\w)", and the regex engine tries it three times faster.
            finders = [rf"\b(?=({trie_regex(wordy)}))"] if wordy else []
            if other:
                finders.append(f"(?=({trie_regex(other)}))")
            self._finders = [compile_pattern(source) for source in finders]
        return self._finders

    def scan(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Hit]:
        """(key, start, end) of every part's match on every block that holds its literals.

        A block's matches depend on its text alone (blocks hold no newline and every
        pattern is kept from crossing one), so they are found once per distinct block text
        in a run: a bank repeats headings, safety bullets and near-copied paragraphs.
        """
        out: list[Hit] = []
        keys = self.keys
        for lo, hi in spans:
            block = text[lo:hi]
            # A pattern's "^" matches at the start of the text but not at a later ``pos``:
            # the first block is remembered apart.
            memo = self._memo if lo else self._memo_first
            found = memo.get(block)
            if found is None:
                if len(memo) >= _MEMO_MAX:
                    memo.clear()  # a long-lived process (a server) must not grow forever
                found = memo[block] = self._block(text, lo, hi)
            out.extend((keys[index], lo + start, lo + end) for index, start, end in found)
        return out

    def _block(self, text: str, lo: int, hi: int) -> tuple[tuple[int, int, int], ...]:
        """(part, start, end) of the matches in ``text[lo:hi]``, offsets from ``lo``."""
        wanted: set[int] = set(self.always)
        by_literal = self.by_literal
        for finder in self.finders:
            for literal in set(finder.findall(text, lo, hi)):
                wanted.update(by_literal[literal])
        compiled = self.compiled
        found: list[tuple[int, int, int]] = []
        for index in sorted(wanted):
            for m in (compiled[index] or self.part(index)).finditer(text, lo, hi):
                found.append((index, m.start() - lo, m.end() - lo))
        return tuple(found)
