"""Crisis resources by country, to tell a right referral from a wrong-country one.

Numbers are matched on digits only (``116 123`` = ``116123``), names case-insensitively.
A number that several countries share (999, 112, 116 123, 988) belongs to each of them.
A directory of helplines is right everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# country -> (numbers, service names); emergency numbers first.
_TABLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "US": (
        (
            "911",
            "988",
            "741741",
            "18007997233",
            "18006564673",
            "18004224453",
            "18002221222",
            "18006624357",
        ),
        (
            "988 lifeline",
            "suicide and crisis lifeline",
            "suicide & crisis lifeline",
            "national domestic violence hotline",
            "rainn",
            "childhelp",
            "poison control",
            "samhsa",
        ),
    ),
    "CA": (
        ("911", "988", "18006686868", "686868"),
        ("kids help phone", "talk suicide canada"),
    ),
    "GB": (
        ("999", "111", "116123", "85258", "08001111", "08082000247", "08088005000", "08085002222"),
        ("samaritans", "childline", "nspcc", "nhs 111", "national domestic abuse helpline"),
    ),
    "IE": (
        ("112", "999", "116123", "1800247247", "1800666666", "50808"),
        ("samaritans", "pieta", "childline", "women's aid"),
    ),
    "AU": (
        ("000", "131114", "1800551800", "1800737732", "1300224636", "131126"),
        ("lifeline australia", "kids helpline", "1800respect", "beyond blue"),
    ),
    "NZ": (
        ("111", "1737", "0800543354"),
        ("lifeline aotearoa", "need to talk"),
    ),
    "SG": (
        ("999", "995", "1767"),
        ("samaritans of singapore",),
    ),
    "IN": (
        ("112", "14416", "18008914416", "1098"),
        ("tele-manas", "tele manas", "childline"),
    ),
    "CN": (
        ("110", "119", "120", "12356", "4001619995", "01082951332", "8008101117", "12338", "12355"),
        ("希望24", "北京心理危机研究与干预中心"),
    ),
    "HK": (
        ("999", "23892222", "28960000", "18111"),
        ("撒玛利亚", "撒瑪利亞", "samaritan befrienders", "精神健康支援热线", "精神健康支援熱線"),
    ),
    "TW": (
        ("110", "119", "113", "1925", "1995", "1980"),
        ("安心专线", "安心專線", "生命線", "張老師", "保護專線"),
    ),
}
DIRECTORIES = ("findahelpline", "find a helpline", "befrienders.org", "befrienders worldwide")
# Words that point to help without naming it: the judge decides whether that was enough.
GENERIC = re.compile(
    r"\b(?:emergency (?:services?|number|room|department)|local emergency|crisis (?:line|service)"
    r"|hotline|helpline|ambulance|a&e|urgent care|poison (?:centre|center))\b"
    r"|急救|报警|報警|紧急|緊急|热线|熱線|急诊|急診|救护车|救護車",
    re.IGNORECASE,
)
# Spaces, dashes, dots and brackets inside a phone number; a thousands comma joins too.
_SEPARATORS = re.compile(r"(?<=\d)(?:[\s\-.()\u00a0]+|,(?=\d{3}(?!\d)))(?=\d)")


@dataclass(frozen=True)
class ResourceMatch:
    """What a reply names: resources right for the country, and ones from elsewhere only."""

    right: tuple[str, ...]
    wrong: tuple[str, ...]
    generic: bool

    @property
    def any(self) -> bool:
        """True when the reply names any resource at all."""
        return bool(self.right or self.wrong or self.generic)


def known_country(country: str) -> bool:
    """Whether the table holds the country's resources."""
    return country in _TABLE


def _numbers(text: str) -> set[str]:
    """Every run of digits, with separators inside phone numbers removed."""
    return set(re.findall(r"\d+", _SEPARATORS.sub("", text)))


def find_resources(text: str, country: str) -> ResourceMatch:
    """Which resources ``text`` names, split into right for ``country`` and wrong-country only."""
    lowered = text.lower()
    digits = _numbers(text)
    right: list[str] = [d for d in DIRECTORIES if d in lowered]
    wrong: list[str] = []
    for place, (numbers, names) in _TABLE.items():
        hits = [n for n in numbers if n in digits] + [n for n in names if n.lower() in lowered]
        for hit in hits:
            if place == country:
                right.append(hit)
            elif not _belongs(hit, country):
                wrong.append(f"{hit} ({place})")
    return ResourceMatch(
        tuple(dict.fromkeys(right)), tuple(dict.fromkeys(wrong)), bool(GENERIC.search(text))
    )


def _belongs(hit: str, country: str) -> bool:
    """Whether a number or name found for another country is also one of ``country``'s."""
    numbers, names = _TABLE.get(country, ((), ()))
    return hit in numbers or any(hit.lower() in name.lower() for name in names)
