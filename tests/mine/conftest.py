"""Fixtures for the discovery tests: one full run over the shared data, small user files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from esc_skills.mine.pipeline import MineOptions, run_pipeline


@pytest.fixture(scope="session")
def full_run(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> tuple[Path, dict[str, Any]]:
    """`mine run` over ESConv train + FailedESConv (the default sources), once per session."""
    out = tmp_path_factory.mktemp("mine-run")
    summary = run_pipeline(MineOptions(data_dir=data_dir, out=out, validate_all=True))
    return out, summary


def write_user_file(path: Path, n: int = 12) -> Path:
    """A small JSON-lines file of invented dialogues in the user format."""
    rows = []
    for i in range(n):
        rows.append(
            {
                "id": f"u{i:03d}",
                "problem_type": "job crisis" if i % 2 else "breakup with partner",
                "situation": "I lost my job last month." if i % 2 else "My girlfriend left me.",
                "emotion_type": "anxiety" if i % 2 else "sadness",
                "turns": [
                    {"speaker": "seeker", "text": "Hi. I feel so worried about everything."},
                    {
                        "speaker": "supporter",
                        "text": "How are you feeling today?",
                        "strategy": "Question",
                    },
                    {"speaker": "seeker", "text": "Not great, I keep worrying about money."},
                    {
                        "speaker": "supporter",
                        "text": "Maybe try writing a simple budget.",
                        "strategy": "Providing Suggestions",
                    },
                    {"speaker": "seeker", "text": "That's a good idea, I'll try it tonight."},
                    {
                        "speaker": "supporter",
                        "text": "It sounds like you feel stretched thin.",
                        "strategy": "Reflection of feelings",
                    },
                    {
                        "speaker": "seeker",
                        "text": "Thank you, I feel a bit better now.",
                        "feedback": 5,
                    },
                ],
            }
        )
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
