"""What a risk family is, and the phrase fragments the families are built from.

Patterns run on ``textnorm.normalize`` output: lower case, contractions expanded ("i am",
"do not"), punctuation removed, one space between words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Reusable fragments: up to N filler words, people other than the seeker, pill words.
GAP = r"(?:[a-z0-9]+ ){0,%d}"
SELF = r"(?:my ?self|my own self)"
OTHER_SELF = r"(?:him ?self|her ?self|them ?sel(?:f|ves))"
PILLS = r"(?:pills?|tablets?|meds|medications?|painkillers?|sleeping pills|prescriptions?|paracetamol|tylenol|antidepressants?|opioids?|insulin|sedatives?)"
NOT_WANT = (
    r"(?:do not|does not|did not|never|no longer|not|not really) (?:want|wanting|wish|feel like)"
)
LIVE = r"(?:live|be alive|be here|exist|wake up|go on|keep living|keep going|be around)"


TRIVIAL = r"lol|lmao|haha+|jk|by accident|accidentally"


PERSON = r"(?:everyone|everybody|them|you|people|my family|my friends|my kids|my parents|the world|all of them|others)"
THINGS = r"(?:things|stuff|belongings|cat|dog|pets?|kids|children|plants|car|room|money|savings|guitar|games|books)"


@dataclass(frozen=True)
class RiskPattern:
    """One family of risk phrases: an id shown in explanations, and its regular expression."""

    cue: str
    regex: re.Pattern[str]
    unless: re.Pattern[str] | None = None  # an everyday context that cancels this family

    def find(self, text: str) -> str | None:
        """The matched phrase, or None (also when the everyday context is present)."""
        match = self.regex.search(text)
        if match is None or (self.unless is not None and self.unless.search(text)):
            return None
        return match.group(0)


def family(cue: str, pattern: str, unless: str | None = None) -> RiskPattern:
    """A family matching ``pattern`` as whole words, cancelled by ``unless`` when given."""
    guard = re.compile(r"\b(?:" + unless + r")\b") if unless else None
    return RiskPattern(cue, re.compile(r"\b(?:" + pattern + r")\b"), guard)


def alt(*choices: str) -> str:
    """One non-capturing group matching any of ``choices``, tried in the order given."""
    return "(?:" + "|".join(choices) + ")"


def either_order(first: str, second: str, gap: str, gap_back: str) -> str:
    """``first`` then ``second`` across ``gap``, or ``second`` then ``first`` across ``gap_back``."""
    return first + gap + second + "|" + second + gap_back + first
