"""Groups of near-duplicate token sets, found without comparing every pair.

A group is a connected component of the graph whose edges join two sets with Jaccard
similarity >= the threshold t. It is found with an exact similarity join (prefix filtering
over an inverted index, as in AllPairs and PPJoin) feeding a union-find:

- Identical sets are joined first, without any comparison.
- Sets are visited smallest first, each set's tokens in one global order, rarest first.
  Two sets A and B with Jaccard >= t share at least ceil(t|A|) and ceil(t|B|) tokens, so
  their prefixes of |X| - ceil(t|X|) + 1 tokens must meet: a set probes the index with its
  prefix and is then filed under it. Pairs that share no prefix token are never looked at.
- Counting filter: if the prefixes share c tokens, the pair shares at most c + ceil(t|A|) - 1
  tokens (everything after a prefix can match at most once), so a pair whose count cannot
  reach the overlap Jaccard t needs is dropped without comparing the sets. Two unrelated
  skills that happen to share a word or two stop here.
- The index files each set under the group it belonged to when filed. A filed group that
  is already in the probing set's group is skipped at once, and a set stops probing a group
  as soon as one member verifies, so a bank where hundreds of skills are copies of one
  another costs about one comparison per skill, not one per pair.

The result is exact: the same groups as comparing every pair (tests check this).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

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


class _Join:
    """The index and union-find of one run; ``add`` visits the sets smallest first."""

    def __init__(self, sets: Sequence[frozenset[str]], t: float, forest: _Forest) -> None:
        self.sets, self.t, self.forest = sets, t, forest
        self.sizes = [len(s) for s in sets]
        longest = max(self.sizes, default=0)
        # least[m]: the fewest tokens a set within t of an m-token set shares with it;
        # overlap[m]: the fewest tokens two sets of m tokens in all share to reach t.
        self.least = [math.ceil(t * m - _EPS) for m in range(longest + 1)]
        self.overlap = [math.ceil(t * m / (1 + t) - _EPS) for m in range(2 * longest + 1)]
        self.index: dict[str, dict[int, list[int]]] = {}  # token -> group key -> sets
        self.filed_under = [0] * len(sets)  # group key -> how many sets are filed under it

    def add(self, i: int, ranked: list[str]) -> None:
        """Join set ``i`` (tokens in the global order) to the groups it is near; file it."""
        n = self.sizes[i]
        prefix = ranked[: n - self.least[n] + 1]
        index = self.index
        counts = Counter(chain.from_iterable(index[tok] for tok in prefix if tok in index))
        root = self._probe(i, prefix, counts)
        for tok in prefix:
            index.setdefault(tok, {}).setdefault(root, []).append(i)
        self.filed_under[root] += 1

    def _probe(self, i: int, prefix: list[str], counts: Counter[int]) -> int:
        sizes, forest, filed_under = self.sizes, self.forest, self.filed_under
        n = sizes[i]
        least = self.least[n]
        slack = least - 1  # tokens after this set's prefix: matches the count cannot see
        overlap = self.overlap
        root = i
        groups: list[int] = []
        for key, shared in counts.items():
            if filed_under[key] > 1:
                groups.append(key)  # several sets filed under it: try its members below
                continue
            # Only ``key`` itself is filed under ``key``: ``shared`` is that pair's count.
            m = sizes[key]
            if m < least or shared + slack < overlap[n + m]:
                continue
            if forest.find(key) != root and self._join_if_near(i, key):
                root = forest.find(i)
        tried: set[int] = set()
        for key in groups:
            if forest.find(key) == root:
                continue  # that whole filed group is already joined to this set
            filed = (j for tok in prefix for j in self.index.get(tok, {}).get(key, ()))
            for j in filed:
                if j in tried:
                    continue
                tried.add(j)
                if sizes[j] >= least and self._join_if_near(i, j):
                    root = forest.find(i)
                    break  # one member is enough to join the group
        return root

    def _join_if_near(self, i: int, j: int) -> bool:
        common = len(self.sets[i] & self.sets[j])
        score = common / (self.sizes[i] + self.sizes[j] - common)
        if score >= self.t:
            self.forest.union(i, j, score)
            return True
        return False


def near_duplicate_groups(sets: Sequence[frozenset[str]], threshold: float) -> list[Group]:
    """Groups of sets linked by Jaccard >= ``threshold`` (0 < threshold <= 1), in index order."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
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
    join = _Join(sets, threshold, forest)
    for i in sorted(todo, key=lambda k: len(sets[k])):
        join.add(i, sorted(sets[i], key=rank.__getitem__))
    members: dict[int, list[int]] = {}
    for i in range(len(sets)):
        root = forest.find(i)
        if forest.size[root] > 1:
            members.setdefault(root, []).append(i)
    groups = [Group(tuple(m), *forest.scores[root]) for root, m in members.items()]
    return sorted(groups, key=lambda g: g.members)
