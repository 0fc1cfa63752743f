"""Every file of a skill is read from disk once per lint, whichever rules look at it."""

from __future__ import annotations

import builtins
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from esc_skills.lint import document
from esc_skills.lint.engine import check_skill

ROOT = Path(__file__).resolve().parents[2]


def test_each_skill_file_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: Counter[str] = Counter()
    real_open, read_bytes, read_text = builtins.open, Path.read_bytes, Path.read_text

    def counted_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        reads[str(Path(file).resolve())] += 1
        return real_open(file, *args, **kwargs)

    def counted_bytes(self: Path) -> bytes:
        reads[str(self.resolve())] += 1
        return read_bytes(self)

    def counted_text(self: Path, *args: Any, **kwargs: Any) -> str:
        reads[str(self.resolve())] += 1
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(document, "open", counted_open, raising=False)
    monkeypatch.setattr(Path, "read_bytes", counted_bytes)
    monkeypatch.setattr(Path, "read_text", counted_text)
    folder = next(p for p in sorted((ROOT / "skills").iterdir()) if (p / "evals").is_dir())
    check_skill(folder, lambda *_args: None)
    mine = {path: n for path, n in reads.items() if path.startswith(str(folder.resolve()))}
    assert str((folder / "evals" / "evals.json").resolve()) in mine
    assert mine and set(mine.values()) == {1}, mine
