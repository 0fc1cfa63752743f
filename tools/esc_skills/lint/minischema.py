"""A small JSON Schema validator for the keywords our schemas use, for the lint hot path.

jsonschema costs ~60 ms to import and ~0.3 ms per evidence file; this walks the same
schema file directly. It refuses schemas with keywords it does not implement, so the
schema stays the single source of truth (tests compare it with jsonschema).
"""

from __future__ import annotations

from typing import Any

SUPPORTED = {
    "$schema",
    "$id",
    "title",
    "description",
    "type",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "minimum",
    "minLength",
    "maxLength",
}
_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def check_supported(schema: Any) -> None:
    """Raise ValueError when the schema uses a keyword this validator does not implement."""
    if not isinstance(schema, dict):
        return
    unknown = set(schema) - SUPPORTED
    if unknown:
        raise ValueError(f"unsupported JSON Schema keywords {sorted(unknown)}")
    for sub in (schema.get("properties") or {}).values():
        check_supported(sub)
    for key in ("items", "additionalProperties"):
        check_supported(schema.get(key))


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def validate(
    value: Any, schema: dict[str, Any], path: tuple[Any, ...] = ()
) -> list[tuple[tuple[Any, ...], str]]:
    """Errors as (path, message); empty when ``value`` matches ``schema``."""
    errors: list[tuple[tuple[Any, ...], str]] = []
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_is_type(value, k) for k in kinds):
            return [(path, f"{value!r} is not of type {' or '.join(map(repr, kinds))}")]
    if "enum" in schema and value not in schema["enum"]:
        errors.append((path, f"{value!r} is not one of {schema['enum']!r}"))
    if "const" in schema and value != schema["const"]:
        errors.append((path, f"{schema['const']!r} was expected"))
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append((path, f"{value!r} is too short"))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append((path, f"{value!r} is too long"))
    if _is_type(value, "number") and "minimum" in schema and value < schema["minimum"]:
        errors.append((path, f"{value!r} is less than the minimum of {schema['minimum']!r}"))
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            if key not in value:
                errors.append((path, f"{key!r} is a required property"))
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                errors.extend(validate(item, props[key], (*path, key)))
            elif extra is False:
                errors.append((path, f"Additional properties are not allowed ({key!r})"))
            elif isinstance(extra, dict):
                errors.extend(validate(item, extra, (*path, key)))
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            errors.extend(validate(item, schema["items"], (*path, i)))
    return errors
