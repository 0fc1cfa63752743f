"""A tiny invented ESConv-format data folder: unit tests need neither real data nor a model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Invented utterances (never dataset text): (speaker, text, strategy or None).
DIALOGUES = [
    [
        ("sys", "Hello, how are you feeling today?", "Question"),
        ("usr", "Not great, my exams went badly.", None),
        ("sys", "That sounds really discouraging.", "Reflection of feelings"),
        ("sys", "What happened in the exams?", "Question"),
        ("usr", "I froze and forgot everything.", None),
        (
            "sys",
            "Many students freeze under pressure; it does not mean you are not capable.",
            "Affirmation and Reassurance",
        ),
    ],
    [
        ("usr", "I feel lonely since I moved to a new city.", None),
        ("sys", "Moving away can feel isolating. How long have you been there?", "Question"),
        ("usr", "Three months and I still know nobody.", None),
        ("sys", "You could try a club around a hobby you enjoy.", "Providing Suggestions"),
    ],
    [
        ("usr", "My dog died last week and I cannot stop crying.", None),
        ("sys", "I am so sorry, losing a companion hurts deeply.", "Reflection of feelings"),
        ("usr", "Thank you, it helps to say it.", None),
        ("sys", "I lost a pet as a child and I remember how hard it was.", "Self-disclosure"),
        ("sys", "Take care, and talk to me whenever you want.", "Others"),
    ],
]


def write_split(root: Path, split: str, dialogues: list[list[tuple[str, str, str | None]]]) -> None:
    """Write dialogues as the HF esconv JSON-lines split ``root/esconv_hf/<split>.txt``."""
    folder = root / "esconv_hf"
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for turns in dialogues:
        dialog = []
        for speaker, text, strategy in turns:
            item: dict[str, str] = {"text": text, "speaker": speaker}
            if strategy:
                item["strategy"] = strategy
            dialog.append(item)
        record = {
            "emotion_type": "sadness",
            "problem_type": "other",
            "situation": "invented",
            "dialog": dialog,
        }
        lines.append(json.dumps(record))
    (folder / f"{split}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """A data dir whose train and test splits are the three invented dialogues."""
    root = tmp_path / "data"
    write_split(root, "train", DIALOGUES)
    write_split(root, "test", DIALOGUES)
    return root
