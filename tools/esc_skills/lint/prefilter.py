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

# The regex parser (re._parser, Python 3.11+) gives the parsed tree the literals come from.
import re._constants as _sc
import re._parser as _sp
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from esc_skills.lint.regex_cache import compile_pattern
from esc_skills.resources import resource_dir

# What a scan yields: the pattern's key and the match's start and end in the text.
Hit = tuple[Any, int, int]
_MIN_LEN = 4  # shorter required literals select too much; prefer a longer slot
_WORDY = re.compile(r"\w")


class PatternLike(Protocol):
    """What a scanner reads of a pattern: its source and flags (re.Pattern, LazyPattern)."""

    @property
    def pattern(self) -> str: ...

    @property
    def flags(self) -> int: ...


def split_top(source: str) -> list[str]:
    """The top-level alternatives of a regex source (outside groups and classes)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if source[i + 1 : i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


# Words in almost every block select little: a literal made of them scores as two letters.
# fmt: off
_COMMON = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "not", "does", "for",
    "from", "have", "he", "her", "his", "i", "if", "in", "is", "it", "its", "me", "my", "no",
    "of", "on", "or", "she", "so", "that", "the", "their", "them", "then", "they", "this",
    "to", "was", "we", "were", "what", "when", "with", "you", "your", "see", "turn", "dial",
    "top", "cut", "push", "self", "name", "ask", "about", "check", "feeling", "feel", "help",
    "tell", "say", "one", "way", "can", "will", "would", "should", "could", "over", "share",
    "safe", "fine", "risk", "avoid",
])
# fmt: on


def _score(literals: frozenset[str]) -> tuple[int, int, int]:
    common = sum(x.strip() in _COMMON for x in literals)
    # A common word still selects fewer blocks than one letter ("safe" beats "s").
    worst = min(len(x.strip()) if x.strip() not in _COMMON else 2 for x in literals)
    return worst, -common, -len(literals)


def no_newline(source: str) -> str:
    """``source`` with every ``\\s`` made to skip newlines (inside a class too)."""
    out, i, in_class = [], 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            pair = source[i : i + 2]
            if pair == r"\s":
                out.append(r" \t\r\f\v" if in_class else r"[^\S\n]")
            else:
                out.append(pair)
            i += 2
            continue
        if in_class and ch == "]":
            in_class = False
        elif not in_class and ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if source[i : i + 1] == "^":
                out.append("^")
                i += 1
            if source[i : i + 1] == "]":
                out.append("]")
                i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    return max(candidates, key=_score) if candidates else None


def _factors(items: Any, ok: bool = True) -> frozenset[str] | None:
    """Literals one of which every match of the parsed sequence ``items`` contains.

    ``ok`` says whether the sequence starts where a word may start. A literal run that
    starts with a letter is kept only there (after \b, a space or punctuation): the scan
    looks for such literals at word starts only.
    """
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    run_ok = ok

    def flush() -> None:
        if run and (run_ok or not (run[0].isalnum() or run[0] == "_")):
            candidates.append(frozenset({"".join(run)}))
        run.clear()

    for op, arg in items:
        if op is _sc.LITERAL:
            if not run:
                run_ok = ok
            run.append(chr(arg))
            ok = not (chr(arg).isalnum() or chr(arg) == "_")
            continue
        glued = "".join(run) if run and (run_ok or not _wordy_char(run[0])) else ""
        flush()
        if op is _sc.AT:
            ok = ok or arg in (_sc.AT_BOUNDARY, _sc.AT_BEGINNING, _sc.AT_BEGINNING_LINE)
            continue
        if op in (_sc.ASSERT, _sc.ASSERT_NOT):
            continue
        if op is _sc.SUBPATTERN:
            found = _factors(arg[-1], ok)
        elif op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
            found = _factors(arg[2], ok) if arg[0] >= 1 else None
        elif op is _sc.BRANCH:
            branches = [_factors(b, ok) for b in arg[1]]
            found = None
            if all(b is not None for b in branches):
                found = frozenset(x for b in branches if b is not None for x in b)
            if glued:
                # The parser factors "safe|secure" into "s(?:afe|ecure)": the run before the
                # branch, glued to each branch's leading literal, is required as well.
                candidates.append(frozenset(glued + _lead(b) for b in arg[1]))
        else:
            found = None
        if found:
            candidates.append(found)
        # After it a word may start if it ends with a space or punctuation, and, when it
        # can match nothing ("(?:a )?"), only if one could start before it too.
        ok = _ends_nonword(op, arg) and (ok or _always_present(op, arg))
    flush()
    return _best(candidates)


def _wordy_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _lead(items: Any) -> str:
    """The literal characters a parsed sequence starts with."""
    lead = []
    for op, arg in items:
        if op is not _sc.LITERAL:
            break
        lead.append(chr(arg))
    return "".join(lead)


def _nonword(op: Any, arg: Any) -> bool:
    """True when the element always matches one non-word character (a space, a quote)."""
    if op is _sc.LITERAL:
        return not (chr(arg).isalnum() or chr(arg) == "_")
    if op is _sc.IN:
        if arg and arg[0][0] is _sc.NEGATE:  # [^\S\n]: white space but a newline
            return (_sc.CATEGORY, _sc.CATEGORY_NOT_SPACE) in arg
        cats = (_sc.CATEGORY_SPACE, _sc.CATEGORY_NOT_WORD)
        return all(
            (a is _sc.CATEGORY and b in cats)
            or (a is _sc.LITERAL and not (chr(b).isalnum() or chr(b) == "_"))
            for a, b in arg
        )
    return False


def _always_present(op: Any, arg: Any) -> bool:
    """True when the element always consumes at least one character."""
    if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
        return bool(arg[0] >= 1 and all(_always_present(o, a) for o, a in arg[2]))
    if op is _sc.SUBPATTERN:
        return any(_always_present(o, a) for o, a in arg[-1])
    if op is _sc.BRANCH:
        return all(any(_always_present(o, a) for o, a in b) for b in arg[1])
    return op in (_sc.LITERAL, _sc.IN, _sc.ANY, _sc.NOT_LITERAL)


def _ends_nonword(op: Any, arg: Any) -> bool:
    """True when, if the element matches anything, its last character is not a word one."""
    if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
        items = list(arg[2])
        return bool(items) and _ends_nonword(*items[-1])
    if op is _sc.SUBPATTERN:
        items = list(arg[-1])
        return bool(items) and _ends_nonword(*items[-1])
    if op is _sc.BRANCH:
        return all(bool(b) and _ends_nonword(*list(b)[-1]) for b in arg[1])
    return _nonword(op, arg)


def required_literals(source: str) -> frozenset[str] | None:
    """Literals one of which every match of ``source`` contains; None when there are none."""
    return _factors(_sp.parse(source))


def _trie_regex(words: Sequence[str]) -> str:
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + render(sub) for ch, sub in sorted(node.items()) if ch]
        if "" in node:
            return f"(?:{'|'.join(branches)})?" if branches else ""
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return render(trie)


@dataclass(frozen=True)
class Plan:
    """Which part of which pattern runs where: derived once, cached in prefilter_plans.json."""

    parts: tuple[tuple[int, int], ...]  # (pattern index, top-level branch or -1: whole)
    always: tuple[int, ...]  # parts with no required literal
    by_literal: dict[str, tuple[int, ...]]  # literal -> parts to run where it occurs


def plan_key(patterns: Sequence[tuple[Any, PatternLike]]) -> str:
    """Hash of the pattern sources, flags and tuning a plan is derived from."""
    digest = hashlib.sha256(repr((_MIN_LEN, sorted(_COMMON))).encode())
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
        if literals is not None and _score(literals)[0] >= _MIN_LEN:
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
            finders = [rf"\b(?=({_trie_regex(wordy)}))"] if wordy else []
            if other:
                finders.append(f"(?=({_trie_regex(other)}))")
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
