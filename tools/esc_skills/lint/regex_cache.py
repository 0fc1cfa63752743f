"""Compiled safety patterns kept between runs, as Python keeps compiled modules in .pyc files.

Compiling the prefilter's finder and the parts a bank calls for took a fifth of a lint run:
``re`` parses each pattern and builds the matcher's code every time a process starts. This
module keeps that code (the list ``re._compiler`` hands to ``_sre.compile``) in one file in
the user's cache folder and rebuilds a pattern from it without parsing. A pattern built so
is equal to ``re.compile``'s (tests/lint/test_lint_regex_cache.py checks it); ``_sre``
validates the code it is given, and the file is keyed by the interpreter and ``_sre``'s
version, so another Python never reads it. A missing, unreadable or unwritable cache
only costs the compile time.

Set ``ESC_SKILLS_REGEX_CACHE`` to another file, or to ``off`` to compile every time.
"""

from __future__ import annotations

import _sre
import atexit
import marshal
import os
import re
import re._compiler as _compiler
import re._parser as _parser
import sys
from array import array
from pathlib import Path

from esc_skills.atomic import write_bytes
from esc_skills.paths import user_cache_dir

# (flags, code, groups, groupindex, indexgroup): the arguments of _sre.compile after the
# pattern source, the code packed as machine words (loading bytes is a copy; loading a list
# of ints allocates every int, and most of the cache is never used by a given run).
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_WORD = next(code for code in "IL" if array(code).itemsize == _sre.CODESIZE)
_TAG = f"{sys.implementation.cache_tag}-sre{_sre.MAGIC}-{_sre.CODESIZE}-v2"
_entries: dict[tuple[str, int], Entry] | None = None
_dirty = False


def cache_file() -> Path | None:
    """Where compiled patterns are kept, or None when ESC_SKILLS_REGEX_CACHE is ``off``."""
    chosen = os.environ.get("ESC_SKILLS_REGEX_CACHE", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = user_cache_dir()
    return None if base is None else base / f"lint-regex-{_TAG}.marshal"


def _load() -> dict[tuple[str, int], Entry]:
    path = cache_file()
    try:
        data = marshal.loads(path.read_bytes()) if path is not None else None
    except (OSError, EOFError, ValueError, TypeError):
        data = None  # missing or damaged: compile afresh and rewrite it
    if isinstance(data, tuple) and len(data) == 2 and data[0] == _TAG:
        entries: dict[tuple[str, int], Entry] = data[1]
        return entries
    return {}


def _entry(source: str, flags: int) -> Entry:
    # What re._compiler.compile does before calling _sre.compile (Python 3.11+).
    parsed = _parser.parse(source, flags)
    code = array(_WORD, _compiler._code(parsed, flags)).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    groups = parsed.state.groups - 1
    return int(flags | parsed.state.flags), code, groups, groupindex, tuple(indexgroup)


def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, from the cache when this interpreter compiled it before."""
    global _entries, _dirty
    if _entries is None:
        _entries = _load()
    key = (source, int(flags))
    entry = _entries.get(key)
    if entry is None:
        try:
            entry = _entries[key] = _entry(source, int(flags))
        except (AttributeError, TypeError):
            # A Python whose private compiler steps differ: compile as everyone does.
            return re.compile(source, flags)
        if not _dirty:
            _dirty = True
            atexit.register(save)
    try:
        final_flags, code, groups, groupindex, indexgroup = entry
        words = array(_WORD, code).tolist()
        pattern: re.Pattern[str] = _sre.compile(
            source, final_flags, words, groups, groupindex, indexgroup
        )
    except (TypeError, RuntimeError, ValueError, OverflowError):
        # A damaged entry (_sre rejects invalid code): compile it the ordinary way.
        pattern = re.compile(source, flags)
    return pattern


def save() -> None:
    """Write the cache when this run compiled something new (at exit; errors are ignored)."""
    global _dirty
    path = cache_file()
    if not _dirty or _entries is None or path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, marshal.dumps((_TAG, _entries)))
        _dirty = False
    except (OSError, ValueError):
        pass  # a read-only home or a full disk: the next run compiles again
