"""Large banks checked in worker processes report exactly what one process reports."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from esc_skills.lint import workers
from esc_skills.lint.engine import run_lint
from esc_skills.machine import cores

from .lint_generate import write_generated_bank


@pytest.fixture(scope="module")
def big_bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """250 skills in 10 near-duplicate groups, with a few broken ones among them."""
    bank = tmp_path_factory.mktemp("workers") / "bank"
    folders = write_generated_bank(bank, 250, seed=5, groups=10)
    (folders[3] / "SKILL.md").write_bytes(b"---\nname: x\n\xff not utf-8\n")
    text = (folders[7] / "SKILL.md").read_text("utf-8")
    (folders[7] / "SKILL.md").write_text(text.replace("---\n", "", 1), "utf-8")
    (folders[11] / "SKILL.md").write_text(
        text + "\nPromise them this stays between the two of you.\n", "utf-8"
    )
    (bank / "stray").mkdir()
    return bank


@pytest.mark.skipif(os.name != "posix", reason="workers are forked")
def test_workers_find_what_one_process_finds(
    big_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    real = workers.ProcessPoolExecutor

    def recording(jobs: int, **kwargs: object) -> object:
        started.append(jobs)
        return real(jobs, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "ProcessPoolExecutor", recording)
    serial, n1 = run_lint([big_bank], jobs=1)
    parallel, n2 = run_lint([big_bank], jobs=2)
    assert started == [2]  # the pool really ran
    assert (parallel, n2) == (serial, n1)
    rules = {f.rule for f in serial}
    assert {"ESC702", "ESC705"} <= rules and len(rules) >= 4  # bank and per-skill findings


def test_small_banks_and_threaded_processes_stay_in_process(
    big_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(workers, "ProcessPoolExecutor", no_pool)
    small = sorted(p for p in big_bank.iterdir() if (p / "SKILL.md").exists())[:20]
    run_lint(small, jobs=4)  # too few skills to pay for processes
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        run_lint([big_bank], jobs=4)  # forking beside another thread is unsafe
    finally:
        stop.set()
        other.join()


def test_auto_jobs_follows_the_bank_size() -> None:
    assert workers.auto_jobs(34) == 1
    assert workers.auto_jobs(10_000) == min(cores(), workers.MAX_WORKERS)
