"""What a battery run produced: conversations, a verdict per criterion and turn, the tallies."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import NotRequired, TypedDict, cast

RESULT_VERSION = 1
OUTCOMES = ("pass", "fail", "error")


class TranscriptTurn(TypedDict):
    """One line of a transcript: the seeker's (with its cues) or the supporter's (skills)."""

    role: str
    content: str
    cues: NotRequired[list[str]]
    skills: NotRequired[list[str]]


class TallyJSON(TypedDict):
    """One criterion's counts: the pinned ``{passed, total}`` plus failed, errors and rate."""

    passed: int
    total: int
    failed: int
    errors: int
    rate: float | None


class VerdictJSON(TypedDict):
    """:class:`Verdict` as JSON."""

    criterion: str
    outcome: str
    by: str
    reason: str
    evidence: str


class TurnJSON(TypedDict):
    """:class:`JudgedTurn` as JSON."""

    profile_id: str
    index: int
    reply: str
    seeker: str
    cues: list[str]
    verdicts: list[VerdictJSON]


class ConversationJSON(TypedDict):
    """:class:`Conversation` as JSON."""

    profile_id: str
    category: str
    language: str
    country: str
    turns: list[TranscriptTurn]
    status: str
    error: str | None


class Finding(TypedDict):
    """A failed (or unjudged) criterion on one reply, with what the seeker had said."""

    profile: str
    turn: int
    criterion: str
    by: str
    reason: str
    reply: str
    evidence: str
    seeker: str


class ConversationError(TypedDict):
    """A conversation a model failure cut short."""

    profile: str
    error: str | None


class BatteryJSON(TypedDict):
    """results.json of a battery run (``--format json`` prints the same)."""

    version: int
    battery: str
    bank: str
    profiles: int
    conversations: int
    errored: int
    quality: str
    seeker: str
    models: dict[str, str]
    criteria: dict[str, TallyJSON]
    failures: list[Finding]
    judge_errors: list[Finding]
    conversation_errors: list[ConversationError]
    turns: list[TurnJSON]
    transcripts: list[ConversationJSON]


@dataclass
class Verdict:
    """One criterion's outcome on one supporter turn, and who decided it (rule or judge)."""

    criterion: str
    outcome: str  # pass | fail | error (the judge could not answer: never counted as a pass)
    by: str  # rule | judge
    reason: str
    evidence: str = ""


@dataclass
class JudgedTurn:
    """A supporter turn, the seeker line it answers, and its verdicts."""

    profile_id: str
    index: int  # position in the conversation (0 = the seeker's opening)
    reply: str
    seeker: str
    cues: list[str] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)


@dataclass
class Conversation:
    """One profile's scripted conversation with the agent."""

    profile_id: str
    category: str
    language: str
    country: str
    turns: list[TranscriptTurn] = field(default_factory=list)
    status: str = "completed"  # completed | errored
    error: str | None = None


@dataclass
class Tally:
    """Counts of one criterion over every turn it applies to."""

    passed: int = 0
    failed: int = 0
    errors: int = 0

    @property
    def total(self) -> int:
        """Turns the criterion applied to (errors included: an error is not a pass)."""
        return self.passed + self.failed + self.errors

    @property
    def rate(self) -> float | None:
        """The pass rate, or None when the criterion never applied."""
        return self.passed / self.total if self.total else None

    def to_dict(self) -> TallyJSON:
        """The pinned form ``{passed, total}`` plus failed, errors and rate."""
        rate = None if self.rate is None else round(self.rate, 4)
        return {
            "passed": self.passed,
            "total": self.total,
            "failed": self.failed,
            "errors": self.errors,
            "rate": rate,
        }


@dataclass
class BatteryResult:
    """A whole battery run on one bank."""

    bank: str
    criteria: list[str]
    profiles: int
    conversations: list[Conversation] = field(default_factory=list)
    turns: list[JudgedTurn] = field(default_factory=list)
    models: dict[str, str] = field(default_factory=dict)  # role -> backend/model
    seeker: str = "script"
    quality: str = "real"  # real | smoke (embedded model) | scripted (fake backend)

    def tallies(self) -> dict[str, Tally]:
        """Per-criterion counts, in the criteria file's order."""
        out = {name: Tally() for name in self.criteria}
        for turn in self.turns:
            for verdict in turn.verdicts:
                tally = out.setdefault(verdict.criterion, Tally())
                if verdict.outcome == "pass":
                    tally.passed += 1
                elif verdict.outcome == "fail":
                    tally.failed += 1
                else:
                    tally.errors += 1
        return out

    def findings(self, outcome: str = "fail") -> list[tuple[JudgedTurn, Verdict]]:
        """Every (turn, verdict) with this outcome, in run order."""
        return [(t, v) for t in self.turns for v in t.verdicts if v.outcome == outcome]

    @property
    def errored(self) -> list[Conversation]:
        """Conversations a model failure cut short."""
        return [c for c in self.conversations if c.status != "completed"]

    def all_passed(self) -> bool:
        """No failed verdict, no judge error and no errored conversation."""
        tallies = self.tallies().values()
        return not self.errored and all(t.failed == 0 and t.errors == 0 for t in tallies)

    def to_dict(self) -> BatteryJSON:
        """The JSON form printed by ``--format json`` and written to results.json."""
        return {
            "version": RESULT_VERSION,
            "battery": "safety",
            "bank": self.bank,
            "profiles": self.profiles,
            "conversations": len(self.conversations),
            "errored": len(self.errored),
            "quality": self.quality,
            "seeker": self.seeker,
            "models": self.models,
            "criteria": {name: tally.to_dict() for name, tally in self.tallies().items()},
            "failures": [_finding(t, v) for t, v in self.findings("fail")],
            "judge_errors": [_finding(t, v) for t, v in self.findings("error")],
            "conversation_errors": [
                {"profile": c.profile_id, "error": c.error} for c in self.errored
            ],
            "turns": [_turn_json(t) for t in self.turns],
            "transcripts": [_conversation_json(c) for c in self.conversations],
        }

    @classmethod
    def from_dict(cls, data: BatteryJSON) -> BatteryResult:
        """Rebuild a result from its JSON form (e.g. a stored base run for the veto)."""
        turns = [
            JudgedTurn(
                profile_id=t["profile_id"],
                index=t["index"],
                reply=t["reply"],
                seeker=t["seeker"],
                cues=list(t.get("cues", [])),
                verdicts=[Verdict(**v) for v in t.get("verdicts", [])],
            )
            for t in data.get("turns", [])
        ]
        return cls(
            bank=data["bank"],
            criteria=list(data["criteria"]),
            profiles=int(data["profiles"]),
            conversations=[Conversation(**c) for c in data.get("transcripts", [])],
            turns=turns,
            models=dict(data.get("models", {})),
            seeker=data.get("seeker", "script"),
            quality=data.get("quality", "real"),
        )


def _turn_json(turn: JudgedTurn) -> TurnJSON:
    return cast(TurnJSON, asdict(turn))  # the dataclass fields are TurnJSON's keys


def _conversation_json(convo: Conversation) -> ConversationJSON:
    return cast(ConversationJSON, asdict(convo))  # likewise


def _finding(turn: JudgedTurn, verdict: Verdict) -> Finding:
    return {
        "profile": turn.profile_id,
        "turn": turn.index,
        "criterion": verdict.criterion,
        "by": verdict.by,
        "reason": verdict.reason,
        "reply": turn.reply,
        "evidence": verdict.evidence,
        "seeker": turn.seeker,
    }
