"""The lint path's small JSON Schema validator agrees with jsonschema on evidence files."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import jsonschema
import pytest

from esc_skills.lint.minischema import check_supported, validate
from esc_skills.paths import SCHEMA_DIR

SCHEMA = json.loads((SCHEMA_DIR / "evidence.schema.json").read_text(encoding="utf-8"))
VALID = json.loads(
    (Path(__file__).parent / "positive/grief-companioning/references/evidence.json").read_text()
)
REFERENCE = jsonschema.Draft202012Validator(SCHEMA)


def _mutations(seed: int, count: int) -> list[object]:
    rng = random.Random(seed)
    values: list[object] = [None, True, 0, -1, 1.5, "", "x", [], {}, ["a"], {"a": 1}, "positive"]
    out: list[object] = []
    for _ in range(count):
        doc = copy.deepcopy(VALID)
        target: object = doc
        path: list[object] = []
        # walk a random path into the document, then replace or delete what is there
        while isinstance(target, dict | list) and target and rng.random() < 0.7:
            key = (
                rng.choice(list(target)) if isinstance(target, dict) else rng.randrange(len(target))
            )
            path.append(key)
            target = target[key]  # type: ignore[index]
        parent: object = doc
        for key in path[:-1]:
            parent = parent[key]  # type: ignore[index]
        if not path:
            out.append(rng.choice(values))
            continue
        if isinstance(parent, dict) and rng.random() < 0.3:
            del parent[path[-1]]
        else:
            parent[path[-1]] = rng.choice(values)  # type: ignore[index]
        out.append(doc)
    return out


def test_schema_uses_only_supported_keywords() -> None:
    check_supported(SCHEMA)
    with pytest.raises(ValueError, match="unsupported"):
        check_supported({"type": "object", "oneOf": []})


@pytest.mark.parametrize("seed", range(5))
def test_agrees_with_jsonschema(seed: int) -> None:
    for doc in [VALID, *_mutations(seed, 200)]:
        ours = validate(doc, SCHEMA)
        reference = list(REFERENCE.iter_errors(doc))
        assert bool(ours) == bool(reference), (doc, ours, [e.message for e in reference])
