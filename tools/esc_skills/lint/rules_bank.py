"""Bank rules (ESC7xx): run only when a PATH is a bank (a folder of skill folders)."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

from esc_skills.lint.document import SkillDoc
from esc_skills.lint.model import Emit, Severity, rule
from esc_skills.lint.regex_cache import compile_pattern
from esc_skills.lint.similarity import near_duplicate_groups

E, W = Severity.ERROR, Severity.WARNING

DUP_NAME = rule("ESC701", "duplicate-name", E, "two skills share a name", "bank")
NEAR_DUP = rule("ESC702", "near-duplicate", W, "skills overlap heavily (merge or split)", "bank")
NO_CRISIS = rule("ESC703", "crisis-skill-missing", E, "the bank needs a crisis skill", "bank")
NO_RESOURCES = rule(
    "ESC704", "crisis-resources-missing", E, "crisis skill must point to crisis resources", "bank"
)
STRAY = rule("ESC705", "not-a-skill-folder", W, "a folder in the bank has no SKILL.md", "bank")

# Token Jaccard on description + "When to use". Measured: distinct skills in the bank score at
# most 0.16, two independently written skills on the same topic about 0.34, copies 0.6+.
NEAR_DUP_THRESHOLD = 0.35
_WORD = compile_pattern(r"[a-z][a-z'-]{2,}")
_STOP = frozenset(
    """
    the and for are but not you your with this that when use they them their what who has
    have had was were will would can could should about from into onto than then there here
    its it's also just more most very much many some any all each other such only own same
    too out off over under again further once both few how why where which while does did
    doing being been our ours she her him his let seeker seekers supporter skill skills
    person people
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_RESOURCE = compile_pattern(
    r"\b(?:helplines?|hotlines?|crisis (?:lines?|services?|team|text line)|lifeline|samaritans"
    r"|emergency (?:number|services|department|room)|988|911|999|112|116 ?123"
    r"|findahelpline|befrienders)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BankEntry:
    """What the bank rules need of one parsed skill: small, so a worker process can send it."""

    folder: Path
    path: Path
    name: str | None
    usable: bool  # frontmatter closed and the text decoded: comparable for overlap
    tokens: frozenset[str]
    crisis: bool
    risks_name_a_resource: bool
    risks_line: int  # the Risks and escalation heading, else the body's first line

    @classmethod
    def of(cls, doc: SkillDoc) -> BankEntry:
        """The entry of a parsed skill."""
        risks = doc.section("Risks and escalation")
        return cls(
            folder=doc.folder,
            path=doc.path,
            name=doc.field_str("name"),
            usable=doc.fm_closed and doc.text is not None,
            tokens=_tokens(doc),
            crisis=is_crisis_skill(doc),
            risks_name_a_resource=bool(risks and _RESOURCE.search(risks.content)),
            risks_line=risks.line if risks else doc.body_line,
        )


def check_bank(
    root: Path,
    docs: list[BankEntry],
    stray: list[Path],
    emit: Emit,
    enabled: Container[str] | None = None,
) -> None:
    """Duplicate names, near-duplicates, stray folders and the crisis skill.

    Rules missing from ``enabled`` (when given) are skipped, not just filtered: the
    near-duplicate search is the one bank rule whose work grows with the bank.
    """
    for folder in stray:
        emit(
            STRAY,
            folder,
            1,
            1,
            f"folder '{folder.name}' in the bank has no SKILL.md; add "
            "one or move the folder out of the bank",
        )
    _duplicates(docs, emit)
    if enabled is None or NEAR_DUP in enabled:
        _near_duplicates(docs, emit)
    _crisis(root, docs, emit)


def _duplicates(docs: list[BankEntry], emit: Emit) -> None:
    first: dict[str, BankEntry] = {}
    for doc in docs:
        name = doc.name
        if not name:
            continue
        if name in first:
            other = first[name].path
            emit(
                DUP_NAME,
                doc.path,
                2,
                1,
                f"name '{name}' is also used by {other}; agents key "
                "skills by name, so one would hide the other: rename one",
            )
        else:
            first[name] = doc


def _tokens(doc: SkillDoc) -> frozenset[str]:
    when = doc.section("When to use")
    text = f"{doc.field_str('description') or ''} {when.content if when else ''}".lower()
    return frozenset(w.rstrip("s") for w in _WORD.findall(text) if w not in _STOP)


def _near_duplicates(docs: list[BankEntry], emit: Emit) -> None:
    # One finding per group of overlapping skills, on the group's last skill by path (for a
    # pair: the later one, naming the earlier), so the output grows with the groups found.
    t = NEAR_DUP_THRESHOLD
    usable = [d for d in docs if d.usable]
    for group in near_duplicate_groups([d.tokens for d in usable], t):
        members = sorted((usable[i] for i in group.members), key=lambda d: d.path)
        *others, last = members
        names = [f"'{d.folder.name}'" for d in others]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        if len(members) == 2:
            detail = f"Jaccard {group.high:.2f} >= {t} on description + When to use"
        else:
            scores = f"{group.low:.2f}"
            if group.high != group.low:
                scores += f"-{group.high:.2f}"
            detail = (
                f"{len(members)} skills in one near-duplicate group: each has Jaccard >= {t} "
                "on description + When to use with another member; linking pairs score " + scores
            )
        emit(
            NEAR_DUP,
            last.path,
            2,
            1,
            f"overlaps {listed} ({detail}); merge them or sharpen when each applies",
        )


def is_crisis_skill(doc: SkillDoc) -> bool:
    """A skill for crisis states or the crisis-and-self-harm scenario."""
    meta = doc.metadata()
    states = {s.strip() for s in meta.get("esc-seeker-states", "").split(",")}
    scenarios = {s.strip() for s in meta.get("esc-scenarios", "").split(",")}
    return "crisis" in states or "crisis-and-self-harm" in scenarios


def _crisis(root: Path, docs: list[BankEntry], emit: Emit) -> None:
    crisis = [d for d in docs if d.crisis]
    if not crisis:
        emit(
            NO_CRISIS,
            root,
            1,
            1,
            "the bank has no crisis skill; add one whose metadata lists "
            "esc-seeker-states 'crisis' or esc-scenarios 'crisis-and-self-harm', with crisis "
            "lines in its Risks and escalation section",
        )
        return
    if any(doc.risks_name_a_resource for doc in crisis):
        return
    emit(
        NO_RESOURCES,
        crisis[0].path,
        crisis[0].risks_line,
        1,
        "the crisis skill's 'Risks and escalation' section "
        "names no crisis resource; point to a crisis line or helpline (e.g. 988 in the US, "
        "Samaritans 116 123 in the UK) and the local emergency number",
    )
