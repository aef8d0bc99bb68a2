"""The auxiliary reads `GET /api/<resource>` (D36): their checks and query parameters."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from ..errors import INVALID_QUERY, ApiError, Detail
from ..spec import Read

# The checks before a read: a read has no body, so the body step of D15 does not apply.
READ_ORDER = ("authenticate", "authorize", "rate_limit")


def read_check_order() -> tuple[str, ...]:
    return READ_ORDER


def _bad(name: str, message: str) -> ApiError:
    return ApiError(400, *INVALID_QUERY, details=[Detail(None, name, message)])


def read_params(read: Read, query: Mapping[str, str]) -> dict[str, Any]:
    """The query's known parameters, checked against their schemas; defaults filled in.
    Unknown parameters are ignored (D36)."""
    out: dict[str, Any] = {}
    for name, schema in read.parameters.items():
        raw = query.get(name)
        if raw is None:
            if "default" in schema:
                out[name] = schema["default"]
            continue
        if schema.get("type") == "integer":
            if not raw.isdigit() or len(raw) > 12:
                raise _bad(name, f"must be a whole number, got {raw[:40]!r}")
            value: Any = int(raw)
            if value < schema.get("minimum", value) or value > schema.get("maximum", value):
                raise _bad(
                    name, f"must be between {schema.get('minimum')} and {schema.get('maximum')}"
                )
        elif "enum" in schema:
            if raw not in schema["enum"]:
                raise _bad(name, f"must be one of {', '.join(schema['enum'])}")
            value = raw
        elif schema.get("format") == "uuid":
            try:
                value = str(uuid.UUID(raw))
            except ValueError:
                raise _bad(name, f"must be a UUID, got {raw[:40]!r}") from None
        else:
            if not schema.get("minLength", 0) <= len(raw) <= schema.get("maxLength", len(raw)):
                raise _bad(
                    name,
                    f"must be {schema.get('minLength', 0)} to "
                    f"{schema.get('maxLength')} characters long",
                )
            value = raw
        out[name] = value
    return out
