"""The literals a regex requires: read off its parsed tree, as RE2's prefilter does.

A literal run is required, an alternation requires one of its branches' literals, an
optional part requires nothing. prefilter builds its plans from these literals and finds
them all in one pass with a trie regex (trie_regex).
"""

from __future__ import annotations

import re

# The regex parser (re._parser, Python 3.11+) gives the parsed tree the literals come from.
import re._constants as _sc
import re._parser as _sp
from collections.abc import Sequence
from typing import Any


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
COMMON = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "not", "does", "for",
    "from", "have", "he", "her", "his", "i", "if", "in", "is", "it", "its", "me", "my", "no",
    "of", "on", "or", "she", "so", "that", "the", "their", "them", "then", "they", "this",
    "to", "was", "we", "were", "what", "when", "with", "you", "your", "see", "turn", "dial",
    "top", "cut", "push", "self", "name", "ask", "about", "check", "feeling", "feel", "help",
    "tell", "say", "one", "way", "can", "will", "would", "should", "could", "over", "share",
    "safe", "fine", "risk", "avoid",
])
# fmt: on


def score(literals: frozenset[str]) -> tuple[int, int, int]:
    """How selective a set of literals is (higher is better): shortest, fewest common, fewest."""
    common = sum(x.strip() in COMMON for x in literals)
    # A common word still selects fewer blocks than one letter ("safe" beats "s").
    worst = min(len(x.strip()) if x.strip() not in COMMON else 2 for x in literals)
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
    return max(candidates, key=score) if candidates else None


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


def trie_regex(words: Sequence[str]) -> str:
    """One regex source matching any of ``words``, as a trie (the longest at a position)."""
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
