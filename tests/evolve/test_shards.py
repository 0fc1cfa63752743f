"""Sharded verification (shards pre-run slices, a merge step decides) equals an unsharded one."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from esc_skills.errors import DataError, UserError
from esc_skills.evolve.shards import merge_shards, parse_shard, shard_of

from .helpers import BAD, GOOD, build_loop, git
from .test_landing_e2e import propose, setup

MARKERS = {"practical-advice-support": BAD, "exam-stress-coaching": GOOD}
SKILLS = ("exam-stress-coaching", "practical-advice-support")


def _records(origin: Path) -> dict[str, dict[str, object]]:
    out = {}
    for skill in SKILLS:
        path = f"evolve/r1/{skill}:evolution_reports/r1/{skill}/verification.json"
        rec = json.loads(git(origin, "show", path))
        out[skill] = {k: rec[k] for k in ("decision", "reason", "baseline", "attempts", "paired")}
    return out


def test_parse_and_slice() -> None:
    assert parse_shard("2/8") == (2, 8)
    for bad in ("0/3", "4/3", "two", "1/0"):
        with pytest.raises(UserError, match=r"--shard .* must be K/N"):
            parse_shard(bad)
    ids = [f"p{i}" for i in range(7)]
    parts = [shard_of(ids, (k, 3)) for k in (1, 2, 3)]
    assert sorted(p for part in parts for p in part) == sorted(ids)
    assert parts[0] == ["p0", "p3", "p6"]


def test_sharded_and_unsharded_decide_the_same(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    _, origin, loop, backend = setup(tmp_path / "one", MARKERS, max_new=1)
    propose(loop, tmp_path / "one")
    asyncio.run(loop.verify())
    reference, whole = _records(origin), len(backend.calls)

    tmp = tmp_path / "sharded"
    tmp.mkdir()
    _, origin, loop, backend = setup(tmp, MARKERS, max_new=1)
    propose(loop, tmp)
    before = len(backend.calls)
    for k in (1, 2):
        shard, shard_backend = build_loop(tmp, MARKERS, max_new=1, state_root=tmp / f"s{k}")
        outcomes = asyncio.run(shard.verify(shard=(k, 2)))
        assert all("profile(s) simulated" in o for _, o in outcomes)
        assert shard_backend.calls and all(c.role != "generator" for c in shard_backend.calls)
    assert git(origin, "log", "--all", "--format=%s").count("verify") == 0  # shards commit nothing
    with pytest.raises(UserError, match=r"found shard\(s\) 1 of .*every shard K/N"):
        merge_shards([tmp / "s1"], tmp / "state")  # a missing shard is refused
    assert merge_shards([tmp / "s1", tmp / "s2"], tmp / "state") > 0
    assert merge_shards([tmp], tmp / "state") == 0  # found one level down; idempotent
    asyncio.run(loop.verify())
    assert _records(origin) == reference
    # The merge step ran only what needs every shard's results: attempts after the first.
    assert len(backend.calls) - before < whole / 2


def test_simulate_shards_join_to_the_unsharded_traces(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from esc_skills.cli.main import cli

    from .helpers import write_profiles

    write_profiles(tmp_path / "p.jsonl", 5)
    common = ["simulate", "--profiles", str(tmp_path / "p.jsonl"), "--model", "fake/x",
              "--no-cache", "--max-rounds", "2", "--bank", "none", "--no-progress"]  # fmt: skip

    def traces(*outs: Path) -> dict[str, list[object]]:
        rows = [json.loads(line) for out in outs for line in out.read_text().splitlines()]
        return {r["profile_id"]: [t["content"] for t in r["turns"]] for r in rows}

    whole, one, two = tmp_path / "whole.jsonl", tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    for out, extra in ((whole, []), (one, ["--shard", "1/2"]), (two, ["--shard", "2/2"])):
        result = CliRunner().invoke(cli, [*common, "--out", str(out), *extra])
        assert result.exit_code == 0, result.output
    assert len(traces(one)) == 3 and len(traces(two)) == 2
    assert traces(one, two) == traces(whole)


def _shard(root: Path, k: int, n: int, lines: list[str]) -> None:
    (root / f"s{k}" / "conv").mkdir(parents=True)
    (root / f"s{k}" / "shard.json").write_text(json.dumps({"shard": [k, n]}))
    (root / f"s{k}" / "conv" / "c.jsonl").write_text("".join(line + "\n" for line in lines))


def test_merging_keeps_lines_whole_and_names_a_torn_one(tmp_path: Path) -> None:
    # U+2028 inside a string is legal JSON; a line-splitter that cuts there would tear it.
    first = json.dumps({"profile_id": "p1", "text": "a\u2028b"}, ensure_ascii=False)
    _shard(tmp_path, 1, 2, [first])
    _shard(tmp_path, 2, 2, [json.dumps({"profile_id": "p2"}), '{"profile_id": "p3", "tur'])
    with pytest.raises(DataError, match=r"s2/conv/c\.jsonl:2: not valid JSON"):
        merge_shards([tmp_path / "s1", tmp_path / "s2"], tmp_path / "state")
    (tmp_path / "s2" / "conv" / "c.jsonl").write_text(json.dumps({"profile_id": "p2"}) + "\n")
    assert merge_shards([tmp_path / "s1", tmp_path / "s2"], tmp_path / "state") == 2
    merged = (tmp_path / "state" / "conv" / "c.jsonl").read_text("utf-8")
    assert merged.splitlines(keepends=False)[0].startswith('{"profile_id": "p1"')
    assert [json.loads(x)["profile_id"] for x in merged.split("\n") if x] == ["p1", "p2"]


def test_a_broken_shard_mark_is_named(tmp_path: Path) -> None:
    _shard(tmp_path, 1, 1, [])
    (tmp_path / "s1" / "shard.json").write_text("{}")
    with pytest.raises(DataError, match=r"shard\.json: not a shard mark"):
        merge_shards([tmp_path / "s1"], tmp_path / "state")
