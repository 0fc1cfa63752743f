"""Risk phrase patterns (data for ``esc_skills.agent.risk``), one family per entry.

Each family names a warning sign from safe-messaging and crisis-line practice (direct wishes
to die, being a burden, saying goodbye, putting affairs in order, means, self-harm, someone
else at risk, danger from another person). Patterns run on ``textnorm.normalize`` output:
lower case, contractions expanded ("i am", "do not"), punctuation removed, one space between
words. They match self-directed phrases, never a single word such as "die" or "kill".
The families live by kind in ``direct``, ``indirect`` and ``means``; their order here is the
order ``risk`` tries them in.
"""

from __future__ import annotations

import re

from esc_skills.agent.risk_patterns.base import RiskPattern
from esc_skills.agent.risk_patterns.direct import CORE
from esc_skills.agent.risk_patterns.indirect import BROAD, FINAL, MORE, WAYS
from esc_skills.agent.risk_patterns.means import ABSENCE, COMBINED, COMPOSED, IMAGERY, MEANS

__all__ = ["GIVING", "GIVING_ORDINARY", "PATTERNS", "RiskPattern"]

PATTERNS: tuple[RiskPattern, ...] = (
    CORE + BROAD + WAYS + FINAL + MORE + MEANS + IMAGERY + COMBINED + COMPOSED + ABSENCE
)

# Giving possessions away is a classic warning sign; giving to charity or when moving is not.
GIVING = re.compile(
    r"\b(?:giv(?:e|es|ing|en)|gave) (?:away )?(?:all |most |some )?(?:of )?(?:my )?"
    r"(?:stuff|things|belongings|possessions|everything|favourite|favorite|prized)"
    r"|\b(?:giv(?:e|es|ing|en)|gave) away (?:all |most |some )?(?:of )?my [a-z]+"
    r"|\b(?:giv(?:e|es|ing|en)|gave) (?:my |all my )[a-z]+ away\b"
    r"|\b(?:giv(?:e|es|ing|en)|gave) (?:all )?my (?:[a-z]+ ){1,8}to (?:my |a |her |his |their |the )?"
    r"(?:little |big |younger |older |best )?(?:brother|sister|friends?|neighbou?rs?|mom|dad|kids|"
    r"children|son|daughter|cousin|roommate|flatmate|family|nephew|niece|neighbou?r|colleague|coworker)s?\b"
)
GIVING_ORDINARY = re.compile(
    r"\b(?:old|spare|extra|unused|charity|donat[a-z]*|declutter[a-z]*|moving|move out|garage sale|yard sale|"
    r"thrift|outgrown|spring clean[a-z]*|sell(?:ing)?|secret|spoiler|ending of the|new one|"
    r"upgrad[a-z]*|birthday|christmas|present|gift|lend|lent|borrow[a-z]*|number|address)\b"
)
