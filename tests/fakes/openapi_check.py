"""Check a JSON answer against a schema of an OpenAPI 3.0 document (or a JSON Schema), for the fake-vs-spec tests.

The subset the vendored Twilio and Google specs use: $ref (local), type, nullable, enum, properties, required,
items, additionalProperties, allOf/anyOf/oneOf, minLength/maxLength, pattern, minimum/maximum, and the formats
date-time-rfc-2822, uri (relative or absolute) and date-time. No dependency: the test environment has no
jsonschema/openapi-core, and the vendored slices are small.

    spec = load_spec("twilio_messages_v2010.json")
    problems = validate(payload, response_schema(spec, "/2010-04-01/Accounts/{AccountSid}/Messages.json", "get"), spec)
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

SPECS = Path(__file__).resolve().parents[1] / "data" / "openapi"
TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
                                      "object": (dict,), "array": (list,)}


def load_spec(name: str) -> dict[str, Any]:
    return json.loads((SPECS / name).read_text(encoding="utf-8"))


def response_schema(spec: dict[str, Any], path: str, method: str, status: str = "200") -> dict[str, Any]:
    response = spec["paths"][path][method]["responses"][status]
    return response["content"]["application/json"]["schema"]


def validate(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$", *,
             strict: bool = True) -> list[str]:
    """Every way `value` breaks `schema`, as 'json.path: problem' lines (empty: it conforms). `strict`: a property
    the schema does not name is a problem even where the schema leaves additionalProperties open (what a fake
    sends must be something the service sends)."""
    schema = _resolve(schema, root)
    if value is None:
        return [] if schema.get("nullable") or schema.get("type") in ("null", ["null"]) or _null_allowed(schema, root) \
            else [f"{where}: null where {schema.get('type', 'a value')} is required"]
    problems: list[str] = []
    for key in ("allOf",):
        for part in schema.get(key, []):
            problems += validate(value, part, root, where, strict=strict)
    for key in ("anyOf", "oneOf"):
        if key in schema and all(validate(value, part, root, where, strict=False) for part in schema[key]):
            problems.append(f"{where}: matches none of {key}")
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    if kinds and not any(_is(value, k) for k in kinds):
        return [*problems, f"{where}: {type(value).__name__} {value!r:.60} is not {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, str):
        problems += _string(value, schema, where)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{where}: {value} < minimum {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{where}: {value} > maximum {schema['maximum']}")
    if isinstance(value, dict):
        problems += _object(value, schema, root, where, strict)
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            problems.append(f"{where}: more than {schema['maxItems']} items")
        if "minItems" in schema and len(value) < schema["minItems"]:
            problems.append(f"{where}: fewer than {schema['minItems']} items")
        for i, item in enumerate(value if "items" in schema else []):
            problems += validate(item, schema["items"], root, f"{where}[{i}]", strict=strict)
    return problems


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        extra = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**target, **extra}
    return schema


def _null_allowed(schema: dict[str, Any], root: dict[str, Any]) -> bool:
    return any(not validate(None, part, root) for part in schema.get("anyOf", []) + schema.get("oneOf", []))


def _is(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, TYPES.get(kind, (object,)))


def _string(value: str, schema: dict[str, Any], where: str) -> list[str]:
    problems = []
    if "minLength" in schema and len(value) < schema["minLength"]:
        problems.append(f"{where}: shorter than {schema['minLength']}")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        problems.append(f"{where}: longer than {schema['maxLength']}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
    fmt = schema.get("format")
    if fmt == "date-time-rfc-2822":
        try:
            parsedate_to_datetime(value)
        except (TypeError, ValueError):
            problems.append(f"{where}: {value!r} is not an RFC 2822 date")
    elif fmt == "date-time":
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            problems.append(f"{where}: {value!r} is not an RFC 3339 date-time")
    elif fmt == "uri" and (not value or " " in value):
        problems.append(f"{where}: {value!r} is not a URI")
    return problems


def _object(value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], where: str,
            strict: bool) -> list[str]:
    problems = [f"{where}: '{name}' is required" for name in schema.get("required", []) if name not in value]
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", not (strict and properties))
    for name, item in value.items():
        if name in properties:
            problems += validate(item, properties[name], root, f"{where}.{name}", strict=strict)
        elif extra is False:
            problems.append(f"{where}: '{name}' is not in the specification")
        elif isinstance(extra, dict):
            problems += validate(item, extra, root, f"{where}.{name}", strict=strict)
    return problems
