"""Per-turn examples: the history up to each supporter utterance, its text and its strategy.

Every supporter utterance of a dialogue is one example, as in the ESConv literature: the
history is the gold dialogue before it (seeker and supporter utterances, including the
supporter's own earlier utterances of the same turn), never a model's earlier output.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from esc_skills.data import Dialogue, LoadReport, Turn, load_esconv
from esc_skills.errors import DataError

START = "<start>"  # the "previous strategy" of a dialogue's first supporter utterance
SPEAKER_NAMES = {"seeker": "Seeker", "supporter": "Supporter"}


@dataclass(frozen=True)
class TurnExample:
    """One supporter utterance to predict, with the gold history before it."""

    dialogue_id: str  # e.g. esconv-test-0007
    dialogue_index: int  # position of the dialogue in its split
    turn: int  # position of the utterance inside the dialogue
    history: tuple[Turn, ...]
    gold_response: str
    gold_strategy: str
    previous_strategy: str  # strategy of the latest earlier supporter utterance, or START
    emotion_type: str = ""
    problem_type: str = ""
    situation: str = ""

    @property
    def key(self) -> str:
        """Stable id of the example: ``<dialogue id>:<turn>``."""
        return f"{self.dialogue_id}:{self.turn}"

    def seeker_texts(self, last: int = 2) -> list[str]:
        """The texts of the latest ``last`` seeker utterances (all when 0), oldest first."""
        texts = [t.text for t in self.history if t.speaker == "seeker"]
        return texts[-last:] if last else texts

    def supporter_turns_so_far(self) -> int:
        """How many supporter utterances precede this one."""
        return sum(t.speaker == "supporter" for t in self.history)


def load_split(data_dir: str | os.PathLike[str], split: str) -> list[Dialogue]:
    """Load one ESConv split (HF JSON-lines) through the shared loader; no record may be lost."""
    report = LoadReport()
    dialogues = load_esconv(data_dir, split, report=report)
    if report.skips:
        file, line, reason = report.skips[0]
        raise DataError(
            f"{file}:{line}: {reason} ({len(report.skips)} records unreadable); the evaluation "
            "needs every dialogue of the split, so fix or re-fetch the file (esc-skills data fetch)"
        )
    if not dialogues:
        raise DataError(f"the ESConv {split} split under {data_dir} holds no dialogue")
    return dialogues


def examples_of(dialogue: Dialogue, index: int) -> Iterator[TurnExample]:
    """One example per supporter utterance of ``dialogue`` (the ``index``-th of its split)."""
    previous = START
    for position, turn in enumerate(dialogue.turns):
        if turn.speaker != "supporter":
            continue
        strategy = turn.strategy or "Others"
        yield TurnExample(
            dialogue_id=dialogue.id,
            dialogue_index=index,
            turn=turn.index,
            history=tuple(dialogue.turns[:position]),
            gold_response=turn.text,
            gold_strategy=strategy,
            previous_strategy=previous,
            emotion_type=dialogue.emotion_type,
            problem_type=dialogue.problem_type,
            situation=dialogue.situation,
        )
        previous = strategy


def build_examples(dialogues: Iterable[Dialogue], limit: int | None = None) -> list[TurnExample]:
    """Examples of the first ``limit`` dialogues (all when None), in file order."""
    chosen = list(dialogues)
    if limit is not None:
        chosen = chosen[:limit]
    return [ex for i, dialogue in enumerate(chosen) for ex in examples_of(dialogue, i)]


def format_history(history: Iterable[Turn], max_utterances: int | None = None) -> str:
    """The history as ``Seeker:`` / ``Supporter:`` lines, the latest ``max_utterances``."""
    items = list(history)
    if max_utterances is not None:
        items = items[-max_utterances:] if max_utterances else []
    return "\n".join(f"{SPEAKER_NAMES.get(t.speaker, t.speaker)}: {t.text}" for t in items)
