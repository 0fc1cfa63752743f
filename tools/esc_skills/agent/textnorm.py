"""Plain-language text normalisation shared by the risk detector and the offline rankers.

Seekers write "I'm", "cant", "don’t" and "exams"; skills write "I am", "cannot" and "exam".
Everything that matches cues on seeker text goes through ``normalize`` (lower case, straight
apostrophes, contractions expanded, punctuation to spaces) and ``stems`` (Porter stems).
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.stem.porter import PorterStemmer

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
# Whole-word contractions first (irregular ones), then the regular suffixes.
_IRREGULAR = {
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "won't": "will not",
    "wont": "will not",
    "shan't": "shall not",
    "ain't": "am not",
    "dont": "do not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "wasnt": "was not",
    "im": "i am",
    "he's": "he is",
    "she's": "she is",
    "it's": "it is",
    "that's": "that is",
    "there's": "there is",
    "what's": "what is",
    "who's": "who is",
    "let's": "let us",
    "ive": "i have",
    "idk": "i do not know",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "kinda": "kind of",
    "tbh": "to be honest",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "mum": "mom",
    "uni": "university",
}
_SUFFIXES = (
    ("n't", " not"),
    ("'m", " am"),
    ("'re", " are"),
    ("'ve", " have"),
    ("'ll", " will"),
    ("'d", " would"),
)
_WORD = re.compile(r"[a-z0-9']+|[\u4e00-\u9fff]+")
_STEMMER = PorterStemmer()


def _expand(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, full in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)] + full
    if word.endswith("'s"):
        base = word[:-2]  # possessive or "is": neither carries meaning for routing
        return _IRREGULAR.get(base, base)
    return word.strip("'")


def normalize(text: str) -> str:
    """Lower case, straight apostrophes, contractions expanded, one space between words."""
    words = _WORD.findall(text.lower().translate(_APOSTROPHES))
    return " ".join(w for w in (_expand(word) for word in words) if w)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter stem of one lower-case word ("exams" and "examination" -> "exam")."""
    return _STEMMER.stem(word)


def stems(text: str) -> list[str]:
    """The Porter stems of the normalised words of ``text``, in order."""
    return [stem(w) for w in normalize(text).split()]
