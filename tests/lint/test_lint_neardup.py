"""ESC702 near-duplicates: exact groups without pairwise work, one finding per group."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from esc_skills.lint import lint_paths, rules_bank
from esc_skills.lint.engine import run_lint
from esc_skills.lint.similarity import Group, near_duplicate_groups

from .lint_generate import WORDS, write_generated_bank

POSITIVE = Path(__file__).parent / "positive"


class CountingSet(frozenset[str]):
    """A frozenset that counts the intersections computed with it (one per comparison)."""

    calls = 0

    def __and__(self, other: object) -> frozenset[str]:
        CountingSet.calls += 1
        return frozenset(self).__and__(other)  # type: ignore[operator]


def _brute_force(sets: list[frozenset[str]], t: float) -> list[tuple[int, ...]]:
    # Connected components of the "Jaccard >= t" graph, comparing every pair.
    parent = list(range(len(sets)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for i, a in enumerate(sets):
        for j in range(i + 1, len(sets)):
            b = sets[j]
            if a and b and len(a & b) / len(a | b) >= t:
                parent[find(j)] = find(i)
    comps: dict[int, list[int]] = {}
    for i in range(len(sets)):
        comps.setdefault(find(i), []).append(i)
    return sorted(tuple(c) for c in comps.values() if len(c) > 1)


def _random_sets(seed: int, n: int, vocab: int) -> list[frozenset[str]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocab)]
    sets: list[frozenset[str]] = []
    for _ in range(n):
        if sets and rng.random() < 0.4:  # a variant of an earlier set: chains and groups
            base = list(rng.choice(sets))
            keep = rng.sample(base, max(0, len(base) - rng.randint(0, 6)))
            sets.append(frozenset(keep + rng.sample(words, rng.randint(0, 5))))
        else:
            sets.append(frozenset(rng.sample(words, rng.randint(0, 25))))
    return sets


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("t", [0.2, 0.35, 0.5, 0.8, 1.0])
def test_groups_are_exactly_the_brute_force_components(seed: int, t: float) -> None:
    sets = _random_sets(seed, 150, 80)
    got = near_duplicate_groups(sets, t)
    assert [g.members for g in got] == _brute_force(sets, t)
    for g in got:
        assert t <= g.low <= g.high <= 1.0


def test_pairs_exactly_at_the_threshold_are_found() -> None:
    # 55/100 == 0.55, while 0.55 * 100 in floating point is 55.00000000000001.
    big = frozenset(f"a{i:03d}" for i in range(100))
    small = frozenset(sorted(big)[:55])
    assert near_duplicate_groups([small, big], 0.55) == [Group((0, 1), 0.55, 0.55)]
    assert near_duplicate_groups([big, small], 0.56) == []


def test_copies_cost_about_one_comparison_each_not_one_per_pair() -> None:
    rng = random.Random(3)
    theme = rng.sample(WORDS, 30)
    n = 2000
    sets: list[frozenset[str]] = []
    for _ in range(n):
        words = list(theme)
        for k in rng.sample(range(30), 4):
            words[k] = rng.choice(WORDS)
        sets.append(CountingSet(words))
    CountingSet.calls = 0
    (group,) = near_duplicate_groups(sets, 0.35)
    assert group.members == tuple(range(n))
    assert CountingSet.calls < 3 * n  # comparing every pair would be about 2,000,000


def test_sets_sharing_a_few_words_are_not_compared() -> None:
    # 300 sets of 30 words from 400: most pairs share a rare word, none is near another.
    rng = random.Random(4)
    words = [f"w{k}" for k in range(400)]
    sets = [CountingSet(rng.sample(words, 30)) for _ in range(300)]
    CountingSet.calls = 0
    assert near_duplicate_groups(sets, 0.35) == []
    assert CountingSet.calls < 300  # the counting filter drops nearly all of ~45,000 pairs


def test_identical_sets_are_grouped_without_comparing() -> None:
    same = [CountingSet({"a", "b", "c"}) for _ in range(50)]
    CountingSet.calls = 0
    (group,) = near_duplicate_groups([*same, frozenset({"x"})], 0.9)
    assert group == Group(tuple(range(50)), 1.0, 1.0) and CountingSet.calls == 0


def test_empty_sets_never_group() -> None:
    assert near_duplicate_groups([frozenset(), frozenset()], 0.35) == []
    with pytest.raises(ValueError, match="threshold"):
        near_duplicate_groups([], 0)


def _bank_with_copies(tmp_path: Path, copies: dict[str, int]) -> Path:
    # The positive bank plus ``n`` renamed copies of each named skill.
    bank = tmp_path / "skills"
    shutil.copytree(POSITIVE, bank)
    for source, n in copies.items():
        for k in range(n):
            dest = bank / f"{source}-copy-{k}"
            shutil.copytree(bank / source, dest)
            path = dest / "SKILL.md"
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(f"name: {source}", f"name: {dest.name}", 1))
    return bank


def test_one_finding_per_group_naming_every_member(tmp_path: Path) -> None:
    names = sorted(p.name for p in POSITIVE.iterdir() if (p / "SKILL.md").is_file())
    first, second = names[0], names[1]
    bank = _bank_with_copies(tmp_path, {first: 3, second: 1})
    findings = [f for f in lint_paths([bank]) if f.rule == "ESC702"]
    assert len(findings) == 2
    by_file = {f.path.parent.name: f.message for f in findings}
    group = [first, *(f"{first}-copy-{k}" for k in range(3))]
    assert set(by_file) == {f"{first}-copy-2", f"{second}-copy-0"}
    message = by_file[f"{first}-copy-2"]
    assert all(f"'{name}'" in message for name in group[:-1]) and "4 skills" in message
    assert "merge them or sharpen" in message
    pair = by_file[f"{second}-copy-0"]
    assert f"overlaps '{second}' (Jaccard 1.00 >= 0.35" in pair


def test_output_grows_with_the_groups_not_the_pairs(tmp_path: Path) -> None:
    bank = tmp_path / "gen"
    write_generated_bank(bank, 121, seed=2, groups=4)  # 4 groups of 30 near-copies each
    findings = [f for f in lint_paths([bank]) if f.rule == "ESC702"]
    assert len(findings) == 4  # pairwise reporting would give 4 * 435
    assert all("30 skills in one near-duplicate group" in f.message for f in findings)


@pytest.mark.parametrize(
    "options", [{"ignore": ["ESC702"]}, {"select": ["ESC701"]}, {"ignore": ["ESC7"]}]
)
def test_a_deselected_rule_does_no_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, list[str]]
) -> None:
    bank = _bank_with_copies(tmp_path, {"grief-companioning": 2})

    def fail(*_args: object) -> Callable[..., object]:
        raise AssertionError("near-duplicate search ran for a deselected rule")

    monkeypatch.setattr(rules_bank, "near_duplicate_groups", fail)
    findings, _ = run_lint([bank], **options)
    assert all(f.rule != "ESC702" for f in findings)
    monkeypatch.undo()
    assert any(f.rule == "ESC702" for f in lint_paths([bank]))
