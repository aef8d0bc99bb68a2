"""API-key authentication (D16) and the scope check read from the spec (D1, D15)."""

from __future__ import annotations

from .errors import INVALID_KEY, MISSING_SCOPES, ApiError
from .faults import Faults
from .seed import ApiKey, Registry
from .spec import Operation


def extract_key(header: str | None) -> str | None:
    """`Bearer <key>` (scheme case-insensitive) or a bare key (D16)."""
    if header is None:
        return None
    value = header.strip()
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "bearer":
        value = rest.strip()
    return value or None


def authenticate(registry: Registry, header: str | None, faults: Faults) -> ApiKey:
    key = extract_key(header)
    if key is None:
        raise ApiError(401, *INVALID_KEY)
    found = registry.keys.get(key)
    if found is None:
        raise ApiError(401, *INVALID_KEY)
    return found


def missing_scopes(key: ApiKey, operation: Operation, faults: Faults) -> list[str]:
    return [scope for scope in operation.scopes if scope not in key.scopes]


def authorize(key: ApiKey, operation: Operation, faults: Faults) -> None:
    missing = missing_scopes(key, operation, faults)
    if missing:
        raise ApiError(403, *MISSING_SCOPES, missing_scopes=missing)
