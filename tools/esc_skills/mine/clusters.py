"""Cluster prototypes into candidate skills by the similarity of their states and actions.

Each prototype becomes a vector: one-hots of its state, its action and the action's ESConv
strategy, TF-IDF of the state's and action's taxonomy definitions (so related labels sit
close), and its response-change profile. Ward agglomerative clustering (scipy's linkage, cut
into exactly N groups) over these vectors is deterministic for a given input order, which is
sorted. scipy is used rather than scikit-learn because importing sklearn alone costs seconds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, cast

from esc_skills.mine.records import Cluster, ClusterSet, Prototype, RiskyPattern
from esc_skills.taxonomy import Taxonomy

# Relative weights of the feature blocks: states and actions decide a skill, the effect
# profile only separates helpful from risky uses of the same pairing.
W_STATE, W_ACTION, W_STRATEGY, W_TEXT, W_EFFECT = 1.0, 1.0, 0.5, 0.7, 0.5
MAX_REFS = 20


_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "be",
        "it",
        "its",
        "that",
        "this",
        "one",
        "their",
        "them",
        "they",
        "what",
        "who",
        "how",
        "when",
        "about",
        "more",
        "than",
        "not",
        "no",
        "own",
    ]
)


def tfidf(docs: list[str]) -> Any:
    """L2-normalised TF-IDF rows (smoothed idf, as scikit-learn's default) of short texts."""
    import re

    import numpy as np

    tokens = [[w for w in re.findall(r"[a-z]{2,}", d.lower()) if w not in _STOP] for d in docs]
    vocab = {w: i for i, w in enumerate(sorted({w for t in tokens for w in t}))}
    tf = np.zeros((len(docs), max(len(vocab), 1)))
    for row, toks in enumerate(tokens):
        for w in toks:
            tf[row, vocab[w]] += 1
    df = (tf > 0).sum(axis=0)
    idf = np.log((1 + len(docs)) / (1 + df)) + 1
    m = tf * idf
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1, norms)


def _features(protos: list[Prototype], tax: Taxonomy) -> Any:
    import numpy as np

    states = list(tax.seeker_states)
    actions = list(tax.support_actions)
    strategies = list(tax.esconv_strategies) or sorted(
        {a.strategy or "Others" for a in tax.support_actions.values()}
    )
    changes = list(tax.response_changes)
    docs = []
    for p in protos:
        s, a = tax.seeker_states.get(p["state"]), tax.support_actions.get(p["action"])
        docs.append(
            " ".join(
                x
                for x in (
                    s.name if s else p["state"],
                    s.definition if s else "",
                    a.name if a else p["action"],
                    a.definition if a else "",
                )
            )
        )
    text = tfidf(docs)
    rows = []
    for i, p in enumerate(protos):
        one_s = np.zeros(len(states))
        if p["state"] in states:
            one_s[states.index(p["state"])] = 1
        one_a = np.zeros(len(actions))
        if p["action"] in actions:
            one_a[actions.index(p["action"])] = 1
        one_g = np.zeros(len(strategies))
        strat = tax.strategy_of(p["action"]) if p["action"] in tax.support_actions else "Others"
        if strat in strategies:
            one_g[strategies.index(strat)] = 1
        eff = np.array([p["changes"].get(c, 0) for c in changes], dtype=float)
        eff = eff / max(eff.sum(), 1.0)
        rows.append(
            np.concatenate(
                [
                    W_STATE * one_s,
                    W_ACTION * one_a,
                    W_STRATEGY * one_g,
                    W_TEXT * text[i],
                    W_EFFECT * eff,
                ]
            )
        )
    return np.vstack(rows)


def _weighted(protos: list[Prototype], field: str) -> dict[str, int]:
    """A label field (state, action) weighted by IU count, or a distribution field summed."""
    c: Counter[str] = Counter()
    for p in protos:
        value = cast(Mapping[str, object], p)[field]  # a Prototype key of either kind
        if isinstance(value, dict):
            c.update(value)
        else:
            c[str(value)] += p["count"]
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


def _summarise(cid: str, members: list[Prototype], negative: set[str]) -> Cluster:
    members = sorted(members, key=lambda p: (-p["count"], p["id"]))
    total = sum(p["count"] for p in members)
    pos = sum(p["positive"] for p in members)
    neg = sum(p["negative"] for p in members)
    refs: list[str] = []
    for rank in range(max(len(p["examples"]) for p in members)):
        for p in members:
            if rank < len(p["examples"]) and len(refs) < MAX_REFS:
                refs.append(p["examples"][rank])
    risky: list[RiskyPattern] = [
        {
            "prototype": p["id"],
            "negative": p["negative"],
            "negative_rate": p["negative_rate"],
            "changes": {k: v for k, v in p["changes"].items() if k in negative},
            "examples": p["negative_examples"],
        }
        for p in sorted(members, key=lambda p: (-p["negative"], p["id"]))
        if p["negative"] > 0
    ]
    states = _weighted(members, "state")
    actions = _weighted(members, "action")
    return {
        "id": cid,
        "label": f"{next(iter(states))} / {next(iter(actions))}",
        "prototypes": [p["id"] for p in members],
        "states": states,
        "actions": actions,
        "count": total,
        "positive": pos,
        "negative": neg,
        "positive_rate": round(pos / total, 4) if total else 0.0,
        "negative_rate": round(neg / total, 4) if total else 0.0,
        "changes": _weighted(members, "changes"),
        "scenarios": _weighted(members, "scenarios"),
        "risky_patterns": risky[:5],
        "representative_ius": refs,
    }


def build_clusters(protos: list[Prototype], tax: Taxonomy, *, n_clusters: int = 27) -> ClusterSet:
    """Cluster prototypes into at most ``n_clusters`` groups and summarise each."""
    negative = {k for k, v in tax.response_changes.items() if v.valence == "negative"}
    protos = sorted(protos, key=lambda p: p["id"])
    if not protos:
        return {"n_clusters": 0, "requested": n_clusters, "clusters": []}
    k = max(1, min(n_clusters, len(protos)))
    if k == len(protos):
        labels = list(range(k))
    else:
        from scipy.cluster.hierarchy import cut_tree, linkage

        tree = linkage(_features(protos, tax), method="ward")
        labels = cut_tree(tree, n_clusters=k).ravel().tolist()
    groups: dict[int, list[Prototype]] = {}
    for p, lab in zip(protos, labels, strict=True):
        groups.setdefault(int(lab), []).append(p)
    # Number clusters by size so ids do not depend on sklearn's label order.
    ordered = sorted(
        groups.values(), key=lambda ms: (-sum(p["count"] for p in ms), min(p["id"] for p in ms))
    )
    clusters = [_summarise(f"C{i + 1:02d}", ms, negative) for i, ms in enumerate(ordered)]
    return {"n_clusters": len(clusters), "requested": n_clusters, "clusters": clusters}
