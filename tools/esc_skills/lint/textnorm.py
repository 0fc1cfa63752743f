"""Fold text before the safety rules match it, and find what a reader cannot see.

Rules match on a folded copy of each line: compatibility forms (NFKC: fullwidth, maths
letters, ligatures), accents, Cyrillic and Greek look-alikes and curly quotes become plain
ASCII-like text, and invisible format characters are dropped, so "іgnоre" (Cyrillic) or
"ig\u200bnore" cannot slip past a word list. A column map turns folded offsets back into
the columns of the original line for the findings.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from esc_skills.lint.regex_cache import compile_pattern

# Characters that render as nothing (or as white space) but change what a model reads:
# every format character (Cf: zero-width, bidi controls, soft hyphen, word joiner, BOM,
# the tag block U+E0000-E007F), variation selectors, the combining grapheme joiner, Hangul
# fillers, the Mongolian vowel separator and the line/paragraph separators.
_INVISIBLE_EXTRA = (
    "\u034f\u115f\u1160\u180e\u2028\u2029\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef"
)


# Unicode 14 category Cf as ranges (computing it walks every code point: too slow at import);
# the whole tag block E0000-E007F is listed, assigned or not.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
INVISIBLE = compile_pattern(f"[{_FORMAT}{_INVISIBLE_EXTRA}]")

# Look-alike letters of other scripts, folded to the Latin letter they imitate.
_CONFUSABLE_PAIRS = (
    # Cyrillic
    "аa вb сc еe һh іi јj кk мm нh оo рp ԛq ѕs тt уy хx ԝw ӏl ԁd ɡg ѵv ү y"
    " АA ВB СC ЕE НH ІI ЈJ КK МM ОO РP ЅS ТT УY ХX ԜW"
    # Greek
    " αa βb εe ηn ιi κk νv οo ρp τt υu χx ωw ϲc ϳj"
    " ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX"
    # Latin letters that pass for others, and typographic punctuation
    " ıi ɩi ɑa ʏy ᴀa ‘' ’' ‚' ′' “\" ”\" „\" ″\" –- —- ‐- ‑- ‒- −- …."
)
CONFUSABLES: dict[str, str] = {}
for _pair in _CONFUSABLE_PAIRS.split(" "):
    if len(_pair) == 2:
        CONFUSABLES[_pair[0]] = _pair[1]
# Same-length replacements applied with str.translate before the slow path (keeps columns).
_SIMPLE = str.maketrans({k: v for k, v in CONFUSABLES.items() if ord(k) < 0x2100})
_NBSP = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u3000": " "})


@dataclass
class Folded:
    """A folded line and, when folding changed lengths, the original column of each char."""

    text: str
    cols: list[int] | None = None  # cols[i] = 0-based column in the original line

    def col(self, i: int) -> int:
        """0-based original column of folded offset ``i``."""
        if self.cols is None:
            return i
        if not self.cols:
            return 0
        return self.cols[min(i, len(self.cols) - 1)]


def fold_line(line: str) -> Folded:
    """NFKC/NFKD-fold, de-accent, un-confuse and strip invisible characters of one line."""
    if line.isascii():
        return Folded(line)
    quick = line.translate(_SIMPLE).translate(_NBSP)
    if quick.isascii():
        return Folded(quick)
    out: list[str] = []
    cols: list[int] = []
    for col, ch in enumerate(quick):
        if ch.isascii():
            out.append(ch)
            cols.append(col)
            continue
        if INVISIBLE.match(ch):
            continue
        for part in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(part):
                continue
            part = CONFUSABLES.get(part, part)
            out.append(part)
            cols.append(col)
    return Folded("".join(out), cols)


# Scripts of the mixed-word check: Latin letters, and Greek and Cyrillic ones that mimic them.
LATIN = compile_pattern(r"[A-Za-z\u00c0-\u024f]")
OTHER_SCRIPT = compile_pattern(r"[\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f]")
_WORD = compile_pattern(r"[^\W\d_]+")


def mixed_script_words(line: str) -> list[tuple[int, str]]:
    """(column, word) of words that mix Latin with Cyrillic/Greek look-alikes.

    Also a word written only in look-alike letters on a line of Latin words ("ѕуѕтеm" in an
    English sentence): real Cyrillic or Greek text does not sit inside English prose.
    """
    if line.isascii() or not OTHER_SCRIPT.search(line):
        return []
    found: list[tuple[int, str]] = []
    words = list(_WORD.finditer(line))
    latin_line = any(
        LATIN.search(w.group(0)) and not OTHER_SCRIPT.search(w.group(0)) for w in words
    )
    for w in words:
        word = w.group(0)
        if not OTHER_SCRIPT.search(word):
            continue
        mixed = bool(LATIN.search(word))
        lookalike = (
            latin_line
            and len(word) > 1
            and all(c in CONFUSABLES or not OTHER_SCRIPT.match(c) for c in word)
        )
        if mixed or lookalike:
            found.append((w.start(), word))
    return found
