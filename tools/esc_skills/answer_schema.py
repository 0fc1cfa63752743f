"""Builders for the JSON schemas of structured model answers, where every field is required.

Schemas sent with a request keep their property order: the embedded model's grammar
generates the fields in that order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def object_schema(
    properties: Mapping[str, Any], *, required: Iterable[str] | None = None
) -> dict[str, Any]:
    """An object with ``properties``; all of them required unless ``required`` names some."""
    names = list(properties if required is None else required)
    return {"type": "object", "properties": dict(properties), "required": names}


def string_fields(*names: str) -> dict[str, Any]:
    """Plain string properties, in the order given, to spread into ``object_schema``."""
    return {name: {"type": "string"} for name in names}
