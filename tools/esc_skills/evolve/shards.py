"""Shard a verification by profile: each shard pre-runs its slice, a merge step decides.

A shard (``evolve verify --shard K/N``) simulates the baseline and the first attempt for
every N-th profile of each candidate, starting at the K-th, into its own state directory,
and commits nothing. ``evolve verify --merge-shards DIR...`` copies the shards'
conversations into the state directory, where verification resumes from them: the same
conversations, seeds and traces as an unsharded run, so the same decision; only attempts
after the first (which need all of the first's results) run in the merge step.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from esc_skills import atomic
from esc_skills.bank import Skill
from esc_skills.errors import UserError
from esc_skills.evolve.records import Proposal
from esc_skills.evolve.verify import Simulator, baseline_path


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/8"`` -> (2, 8); anything else is a one-line error naming the flag."""
    found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not found or not 1 <= int(found.group(1)) <= int(found.group(2)):
        raise UserError(f"--shard {text!r} must be K/N with 1 <= K <= N, e.g. --shard 2/8")
    return int(found.group(1)), int(found.group(2))


def shard_of(items: Sequence[T], shard: tuple[int, int]) -> list[T]:
    """What shard K of N runs: every N-th item (profile), starting at the K-th."""
    k, n = shard
    return list(items[k - 1 :: n])


def _ids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {json.loads(line)["profile_id"] for line in path.read_text("utf-8").splitlines() if line}


T = TypeVar("T")
MARKER = "shard.json"  # written at the root of a shard's state directory


def mark(state_root: Path, shard: tuple[int, int]) -> None:
    """Label a state directory as shard K of N (what --merge-shards looks for)."""
    state_root.mkdir(parents=True, exist_ok=True)
    (state_root / MARKER).write_text(json.dumps({"shard": list(shard)}) + "\n", encoding="utf-8")


def find_shards(given: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """The shard directories named, or found one level below a named folder (artifacts).

    All N shards of a split must be there: a missing one would silently shrink the set.
    """
    found: dict[int, Path] = {}
    total: set[int] = set()
    for folder in map(Path, given):
        if not folder.is_dir():
            raise UserError(f"--merge-shards {folder}: no such directory (a shard's --state-dir)")
        candidates = [folder] if (folder / MARKER).exists() else sorted(folder.iterdir())
        for path in candidates:
            if (path / MARKER).exists():
                k, n = json.loads((path / MARKER).read_text("utf-8"))["shard"]
                found[k] = path
                total.add(n)
    if not found or len(total) != 1 or sorted(found) != list(range(1, total.pop() + 1)):
        have = ", ".join(str(k) for k in sorted(found)) or "none"
        raise UserError(
            f"--merge-shards: found shard(s) {have} of {given}; every shard K/N of one split "
            "must be there (each shard's --state-dir holds shard.json)"
        )
    return [found[k] for k in sorted(found)]


def merge_shards(shard_dirs: Sequence[str | os.PathLike[str]], state_root: Path) -> int:
    """Copy every shard's conversations into ``state_root``; how many were added."""
    added = 0
    for folder in find_shards(shard_dirs):
        for source in sorted(folder.rglob("*.jsonl")):
            target = state_root / source.relative_to(folder)
            have = _ids(target)
            lines = [
                line
                for line in source.read_text("utf-8").splitlines()
                if line and json.loads(line)["profile_id"] not in have
            ]
            if not lines:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            old = target.read_text("utf-8") if target.exists() else ""
            atomic.write_text(target, old + "".join(line + "\n" for line in lines))
            added += len(lines)
    return added


async def run_shard(
    simulator: Simulator,
    proposal: Proposal,
    base_bank: Sequence[Skill],
    candidate_bank: Sequence[Skill],
    state_root: Path,
    work: Path,
    shard: tuple[int, int],
) -> str:
    """Pre-run a shard's slice of the baseline and first attempt (nothing is committed).

    The files are the ones an unsharded verification writes and resumes from.
    """
    mark(state_root, shard)
    ids = shard_of(proposal["verify_profiles"], shard)
    seed = proposal["seed"]
    out = baseline_path(
        state_root / "baselines", base_bank, proposal["verify_profiles"], seed, simulator
    )
    await simulator.run(ids, base_bank, out=out, seed=seed)
    await simulator.run(ids, candidate_bank, out=work / "attempt-1" / "traces.jsonl", seed=seed)
    return f"shard {shard[0]}/{shard[1]}: {len(ids)} profile(s) simulated"
