"""The heuristic annotator's risk label: hand-labelled set, negation, idioms, context."""

from __future__ import annotations

from pathlib import Path

import pytest

from esc_skills.data.types import Dialogue, Turn
from esc_skills.errors import DataError
from esc_skills.mine.annotate_heuristic import annotate_dialogue, response_change, seeker_state
from esc_skills.mine.risk import is_risk, risk_cues
from esc_skills.mine.risk_eval import annotator_predicts_risk, load_examples, score
from esc_skills.taxonomy import load_taxonomy

TAX = load_taxonomy()
SET = Path(__file__).with_name("risk_labelled.jsonl")


def test_labelled_set_is_big_enough_and_split() -> None:
    examples = load_examples(SET)
    labels = [e.label for e in examples]
    assert len(examples) >= 120
    assert labels.count("risk") >= 30 and labels.count("hopeless") >= 30
    for split in ("dev", "held-out"):
        assert sum(e.split == split and e.label == "risk" for e in examples) >= 15
    assert len({e.text for e in examples}) == len(examples)


@pytest.mark.parametrize("split", ["held-out", "dev"])
def test_risk_label_recall_and_precision(split: str) -> None:
    s = score(load_examples(SET), annotator_predicts_risk)[split]
    assert s.recall >= 0.95, f"missed {s.missed}"
    assert s.precision >= 0.9, f"false alarms {s.false_alarms}"
    # despair alone is not risk: at most one in ten hopeless utterances flagged
    assert s.hopeless_flagged <= s.hopeless // 10


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal, just worn out.",
        "I would never hurt myself, I promise.",
        "My manager will kill me if I miss this deadline.",
        "I nearly died of embarrassment in that meeting.",
        "My cousin died by suicide two years ago and I still miss him.",
        "I'd like to volunteer for a suicide prevention charity.",
        "I want to end it with him but I'm scared.",
        "I've burned myself out with all these night shifts.",
        "Work took up all of my time this week.",
        "He is better off without me now that we broke up.",
    ],
)
def test_no_risk_in_idioms_negations_and_stories(text: str) -> None:
    assert not is_risk(text), risk_cues(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I can't stop thinking about killing myself.", "intent"),
        ("How many of my sleeping tablets would it take?", "method"),
        ("I've been cutting my arms again.", "self-harm"),
        ("I've written my note and I'm at peace.", "final-acts"),
        ("I gave away my dog and my books, I won't need them anymore.", "indirect"),
    ],
)
def test_each_kind_of_cue(text: str, kind: str) -> None:
    assert kind in risk_cues(text)


def test_vague_words_count_only_after_risk_was_voiced() -> None:
    vague = "I just want to end it. I'll do it tomorrow when they're out."
    assert not is_risk(vague)
    assert risk_cues(vague, after_risk=True) == ["contextual"]
    turns = [
        Turn(0, "seeker", "Sometimes I think about killing myself."),
        Turn(1, "supporter", "Thank you for telling me. Are you safe right now?", "Question"),
        Turn(2, "seeker", "I guess."),
        Turn(3, "supporter", "What has today been like?", "Question"),
        Turn(4, "seeker", vague),
    ]
    d = Dialogue("r", "user", turns, problem_type="ongoing depression", emotion_type="depression")
    ann = annotate_dialogue(d, TAX)
    assert ann.states[0] == "crisis" and ann.states[4] == "crisis"


def test_hopeless_reply_is_not_risk_escalation() -> None:
    before = "Work has been hard lately."
    assert response_change(before, "I feel hopeless, there's no point.", TAX) != "risk-escalation"
    assert response_change(before, "I keep thinking I'd be better off dead.", TAX) == (
        "risk-escalation"
    )
    assert seeker_state("I feel hopeless, there's no point.", TAX) == "hopelessness"


def test_bad_labelled_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "set.jsonl"
    bad.write_text('{"text": "a", "label": "risk", "split": "dev"}\n{"text": "b"}\n')
    with pytest.raises(DataError, match=r"set\.jsonl:2: label must be"):
        load_examples(bad)
