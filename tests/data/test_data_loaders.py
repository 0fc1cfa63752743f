"""Loaders: the shared ESConv/FailedESConv files, the original and user formats, bad records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esc_skills.data import (
    LoadReport,
    load_esconv,
    load_esconv_original,
    load_failed_esconv,
    load_user_dialogues,
    normalize_strategy,
)
from esc_skills.data.esconv import STRATEGIES
from esc_skills.errors import DataError


def test_esconv_splits_match_the_published_counts(data_dir: Path) -> None:
    counts = {s: load_esconv(data_dir, s) for s in ("train", "valid", "test")}
    assert [len(v) for v in counts.values()] == [910, 195, 195]
    assert sum(len(d.turns) for v in counts.values() for d in v) == 38365
    test = counts["test"]
    assert test[7].id == "esconv-test-0007" and test[7].split == "test"
    strategies = {t.strategy for d in counts["train"] for t in d.turns if t.speaker == "supporter"}
    assert strategies == set(STRATEGIES)
    assert all(t.strategy is None for d in test for t in d.seeker_turns())
    assert [t.index for t in test[0].turns] == list(range(len(test[0].turns)))


def test_failed_esconv_is_normalised(data_dir: Path) -> None:
    report = LoadReport()
    failed = load_failed_esconv(data_dir, report)
    assert len(failed) == 196 and not report.skips
    assert sum(len(d.turns) for d in failed) == 5230
    assert {t.speaker for d in failed for t in d.turns} == {"seeker", "supporter"}
    assert {t.strategy for d in failed for t in d.supporter_turns()} <= set(STRATEGIES)
    feedback = [t.feedback for d in failed for t in d.turns if t.feedback is not None]
    assert len(feedback) == 987 and set(feedback) <= {1, 2, 3, 4, 5}


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("Questions", "Question"),
        ("Other", "Others"),
        ("Direct Guidance", "Providing Suggestions"),
        ("Approval and Reassurance", "Affirmation and Reassurance"),
        ("Restatement", "Restatement or Paraphrasing"),
        ("[Reflection of feelings]", "Reflection of feelings"),
        ("something new", "Others"),
        (None, None),
    ],
)
def test_normalize_strategy(raw: str | None, want: str | None) -> None:
    assert normalize_strategy(raw) == want


def _utt(speaker: str, content: str, **ann: str) -> dict[str, object]:
    return {"speaker": speaker, "annotation": ann, "content": content}


def test_original_format_keeps_feedback(tmp_path: Path) -> None:
    path = tmp_path / "ESConv.json"
    records = [
        {
            "problem_type": "job crisis",
            "emotion_type": "anxiety",
            "situation": "Worried about work.",
            "dialog": [
                _utt("seeker", "Hi, I am stressed."),
                _utt("supporter", "What is going on?", strategy="Question"),
                _utt("seeker", "My job.", feedback="4"),
            ],
        }
    ]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    (d,) = load_esconv_original(path)
    assert [t.speaker for t in d.turns] == ["seeker", "supporter", "seeker"]
    assert d.turns[1].strategy == "Question" and d.turns[2].feedback == 4


def test_bad_records_are_skipped_and_counted(tmp_path: Path) -> None:
    good = {
        "id": "a",
        "turns": [
            {"speaker": "seeker", "text": "hello"},
            {"speaker": "supporter", "text": "hi", "strategy": "Question"},
        ],
    }
    lines = [
        json.dumps(good).encode(),
        b"{not json",
        json.dumps({"id": "b", "turns": [{"speaker": "robot", "text": "x"}]}).encode(),
        json.dumps({"id": "c", "turns": []}).encode(),
        json.dumps({"id": "d"}).encode(),
        b'{"id": "e", "turns": [{"speaker": "seeker", "text": "caf\xe9"}]}',
        json.dumps({**good, "id": "f"}).encode(),
    ]
    path = tmp_path / "mine.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    report = LoadReport()
    dialogues = load_user_dialogues(path, report)
    assert [d.id for d in dialogues] == ["a", "f"]
    reasons = {line: reason for _, line, reason in report.skips}
    assert set(reasons) == {2, 3, 4, 5, 6}
    assert reasons[2].startswith("bad JSON")
    assert reasons[3].startswith("unknown speaker")
    assert reasons[4].startswith("empty dialogue")
    assert reasons[5].startswith("missing field")
    assert reasons[6].startswith("bad encoding")
    assert all(file == str(path) for file, _, _ in report.skips)
    assert "5 skipped" in report.summary()


def test_broken_array_element_keeps_earlier_records(tmp_path: Path) -> None:
    ok = {"dialog": [_utt("speaker", "hello"), _utt("listener", "hi", strategy="Questions")]}
    text = "[\n" + json.dumps(ok) + ",\n" + json.dumps({"dialog": "nope"}) + ",\n{broken\n]"
    path = tmp_path / "esconv" / "FailedESConv.json"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    report = LoadReport()
    dialogues = load_failed_esconv(tmp_path, report)
    assert len(dialogues) == 1 and dialogues[0].turns[1].strategy == "Question"
    assert [(line, r.split(":")[0]) for _, line, r in report.skips] == [
        (3, "missing field"),
        (4, "bad JSON"),
    ]


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="data fetch"):
        load_esconv(tmp_path, "train")
    with pytest.raises(DataError, match="unknown ESConv split"):
        load_esconv(tmp_path, "dev")
