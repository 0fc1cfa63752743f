"""JSON answers under llama.cpp's grammar: the schema as the grammar can enforce it well.

llama-cpp-python honours ``{"type": "json_object", "schema": ...}`` but ignores integer
minimum/maximum, so integer ranges are turned into enums before the schema is sent.
"""

from __future__ import annotations

from typing import Any

MAX_ENUM_SPAN = 1000  # larger integer ranges stay unconstrained; the client still validates
# A small model under a grammar happily lists turns 1, 2, 3, ... until max_tokens cuts the
# JSON short; arrays without maxItems get this bound (the original schema is still checked).
DEFAULT_MAX_ITEMS = 3
# String length bounds are left to validation: each becomes one grammar rule per character
# (maxLength 400 took 12 s to set up against 4 s for 100), and H6 saw maxLength 1024 and
# minLength segfault llama-cpp-python 0.3.36's grammar sampler. "Not empty" (minLength 1)
# is the exception: it is one rule (char+), and without it SmolLM2 sometimes answers an
# empty reply on every re-ask, which errors the whole conversation.
STRING_BOUNDS = ("minLength", "maxLength")
KEPT_MIN_LENGTH = 1
GRAMMAR_VERSION = 2


def grammar_schema(schema: Any, *, max_items: int = DEFAULT_MAX_ITEMS) -> Any:
    """A copy of ``schema`` that llama.cpp's grammar enforces well.

    Integer ranges become enums, unbounded arrays get ``max_items``, and string length
    bounds are dropped but "not empty" (the client validates the answer against the
    original).
    """
    if isinstance(schema, list):
        return [grammar_schema(s, max_items=max_items) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: grammar_schema(v, max_items=max_items) for k, v in schema.items()}
    if out.get("type") == "array" and "maxItems" not in out:
        out["maxItems"] = max(int(out.get("minItems", 0)), max_items)
    if out.get("type") == "string":
        nonempty = out.get("minLength") == KEPT_MIN_LENGTH
        for bound in STRING_BOUNDS:
            out.pop(bound, None)
        if nonempty:
            out["minLength"] = KEPT_MIN_LENGTH
    if out.get("type") == "integer" and "enum" not in out:
        low = out.get("minimum")
        high = out.get("maximum")
        if "exclusiveMinimum" in out:
            low = int(out["exclusiveMinimum"]) + 1
        if "exclusiveMaximum" in out:
            high = int(out["exclusiveMaximum"]) - 1
        if low is not None and high is not None and 0 <= high - low <= MAX_ENUM_SPAN:
            out["enum"] = list(range(int(low), int(high) + 1))
    return out
