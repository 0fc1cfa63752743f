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
from esc_skills.errors import DataError, UserError
from esc_skills.evolve.records import Proposal
from esc_skills.evolve.verify import Simulator, baseline_path
from esc_skills.jsonl import parse_json_lines


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


def _read(path: Path) -> bytes:
    """A shard file's bytes (b"" when it does not exist yet); unreadable is a DataError."""
    try:
        return path.read_bytes() if path.exists() else b""
    except OSError as exc:
        raise DataError(f"{path}: cannot read it ({exc.strerror or exc})") from None


def _conversations(path: Path, data: bytes) -> list[tuple[str, str]]:
    """(profile id, line) of each conversation in ``data``, a shard's JSON-lines file, in order.

    A torn or foreign line is an error naming it: merging must not drop or invent one.
    """
    # Bytes split as the parser does: str.splitlines would also cut at U+2028 inside a string.
    lines = data.splitlines()
    out: list[tuple[str, str]] = []
    for record in parse_json_lines(data):
        pid = record.data.get("profile_id") if isinstance(record.data, dict) else None
        if record.error or not isinstance(pid, str):
            problem = record.detail or "no profile_id"
            raise DataError(
                f"{path}:{record.number}: {problem}; rerun that shard (its --state-dir) and "
                "merge again"
            )
        out.append((pid, lines[record.number - 1].decode("utf-8")))
    return out


T = TypeVar("T")
MARKER = "shard.json"  # written at the root of a shard's state directory


def mark(state_root: Path, shard: tuple[int, int]) -> None:
    """Label a state directory as shard K of N (what --merge-shards looks for)."""
    state_root.mkdir(parents=True, exist_ok=True)
    atomic.write_text(state_root / MARKER, json.dumps({"shard": list(shard)}) + "\n")


def _shard_mark(path: Path) -> tuple[int, int]:
    """The K and N a shard.json holds; anything else is an error naming the file."""
    try:
        k, n = json.loads(path.read_text("utf-8"))["shard"]
        if isinstance(k, int) and isinstance(n, int) and 1 <= k <= n:
            return k, n
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError):
        pass
    raise DataError(f'{path}: not a shard mark ({{"shard": [K, N]}}); rerun that shard')


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
                k, n = _shard_mark(path / MARKER)
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
    """Copy every shard's conversations into ``state_root``; how many were added.

    Every file is read and checked before any is written, so a bad shard merges nothing.
    """
    new: dict[Path, list[str]] = {}
    old: dict[Path, bytes] = {}  # each target as it is now, read once
    have: dict[Path, set[str]] = {}  # profile ids each target holds or will hold
    for folder in find_shards(shard_dirs):
        for source in sorted(folder.rglob("*.jsonl")):
            target = state_root / source.relative_to(folder)
            if target not in have:
                old[target] = _read(target)
                have[target] = {pid for pid, _ in _conversations(target, old[target])}
            for pid, line in _conversations(source, _read(source)):
                if pid not in have[target]:
                    have[target].add(pid)
                    new.setdefault(target, []).append(line)
    for target, lines in new.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        before = old[target].decode("utf-8")
        if before and not before.endswith("\n"):
            before += "\n"  # a last record written without its newline stays its own line
        atomic.write_text(target, before + "".join(line + "\n" for line in lines))
    return sum(len(lines) for lines in new.values())


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
