"""Groups of near-duplicate token sets, found without comparing every pair.

A group is a connected component of the graph whose edges join two sets with Jaccard
similarity >= the threshold. It is found with an exact similarity join (prefix filtering
over an inverted index, as in AllPairs) feeding a union-find:

- Identical sets are joined first, without any comparison.
- Sets are visited smallest first, each set's tokens rarest first. Two sets A (later,
  larger) and B with Jaccard >= t share at least t*|A| tokens, so they must meet within
  A's rarest |A| - ceil(t|A|) + 1 tokens (probed) and B's rarest |B| - ceil(2t/(1+t)|B|) + 1
  tokens (indexed); pairs that cannot reach t are never looked at.
- The index keeps, per token, the sets filed under the group they belonged to when filed.
  A whole filed group that is already in the probing set's group is skipped at once, and a
  set stops probing a group as soon as one member verifies. So a bank where hundreds of
  skills are copies of one another costs about one comparison per skill, not one per pair.

The result is exact: the same groups as comparing every pair (tests check this).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Guards ceil() against float error: 0.55 * 100 is 55.00000000000001, whose ceil is 56.
_EPS = 1e-9


@dataclass(frozen=True)
class Group:
    """Indices (ascending) of two or more sets that are near-duplicates, and the edge scores.

    ``low`` and ``high`` are the lowest and highest Jaccard of the verified links that join
    the group (a spanning set of pairs, not every pair).
    """

    members: tuple[int, ...]
    low: float
    high: float


class _Forest:
    """Union-find with path halving and union by size; tracks each group's link scores."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        self.scores: dict[int, tuple[float, float]] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int, score: float) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        low = high = score
        for root in (ra, rb):
            if root in self.scores:
                lo, hi = self.scores.pop(root)
                low, high = min(low, lo), max(high, hi)
        self.scores[ra] = (low, high)


def near_duplicate_groups(sets: Sequence[frozenset[str]], threshold: float) -> list[Group]:
    """Groups of sets linked by Jaccard >= ``threshold`` (0 < threshold <= 1), in index order."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    t = threshold
    forest = _Forest(len(sets))
    first: dict[frozenset[str], int] = {}
    todo: list[int] = []
    for i, tokens in enumerate(sets):
        if not tokens:
            continue
        j = first.setdefault(tokens, i)
        if j == i:
            todo.append(i)
        else:
            forest.union(j, i, 1.0)
    df: dict[str, int] = {}
    for i in todo:
        for tok in sets[i]:
            df[tok] = df.get(tok, 0) + 1
    # One global token order, rarest first (ties by text), as prefix filtering requires.
    rank = {tok: r for r, tok in enumerate(sorted(df, key=lambda tok: (df[tok], tok)))}
    index_share = 2 * t / (1 + t)
    index: dict[str, dict[int, list[int]]] = {}
    for i in sorted(todo, key=lambda k: len(sets[k])):
        tokens = sets[i]
        n = len(tokens)
        ranked = sorted(tokens, key=rank.__getitem__)
        shortest = math.ceil(t * n - _EPS)  # a smaller set cannot reach t against this one
        tried: set[int] = set()
        root = i  # this set's group, kept current as it joins others
        for tok in ranked[: n - shortest + 1]:
            for key, filed in index.get(tok, {}).items():
                if key == root or forest.find(key) == root:
                    continue  # that whole filed group is already joined to this set
                for j in filed:
                    if j in tried:
                        continue
                    tried.add(j)
                    other = sets[j]
                    if len(other) < shortest:
                        continue
                    common = len(tokens & other)
                    score = common / (n + len(other) - common)
                    if score >= t:
                        forest.union(i, j, score)
                        root = forest.find(i)
                        break
        for tok in ranked[: n - math.ceil(index_share * n - _EPS) + 1]:
            index.setdefault(tok, {}).setdefault(root, []).append(i)
    members: dict[int, list[int]] = {}
    for i in range(len(sets)):
        root = forest.find(i)
        if forest.size[root] > 1:
            members.setdefault(root, []).append(i)
    groups = [Group(tuple(m), *forest.scores[root]) for root, m in members.items()]
    return sorted(groups, key=lambda g: g.members)
