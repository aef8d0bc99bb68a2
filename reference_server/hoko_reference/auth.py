"""API-key authentication (D16) and the scope check read from the spec (D1, D15)."""

from __future__ import annotations

from .errors import INVALID_KEY, MISSING_SCOPES, ApiError
from .faults import Faults
from .seed import ApiKey, Registry
from .spec import Operation, Spec


def extract_key(header: str | None, faults: Faults) -> str | None:
    """`Bearer <key>` (scheme case-insensitive) or a bare key (D16)."""
    if header is None:
        return None
    value = header.strip()
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "bearer":
        value = rest.strip()
    elif faults and faults.on("bare-key-rejected"):
        return None
    return value or None


def authenticate(registry: Registry, header: str | None, faults: Faults) -> ApiKey:
    key = extract_key(header, faults)
    if key is None:
        raise ApiError(401, *INVALID_KEY)
    found = registry.keys.get(key)
    if found is None:
        if faults and faults.on("unknown-key-403"):
            raise ApiError(403, *MISSING_SCOPES)
        raise ApiError(401, *INVALID_KEY)
    return found


def missing_scopes(key: ApiKey, operation: Operation, spec: Spec, faults: Faults) -> list[str]:
    required = operation.scopes
    held = key.scopes
    if faults:
        if faults.on("scope-of-wrong-operation"):
            required = next(iter(spec.operations.values())).scopes
        if faults.on("read-scope-suffices"):
            held = held | {s.replace("Read", "Write") for s in held}
    return [scope for scope in required if scope not in held]


def authorize(key: ApiKey, operation: Operation, spec: Spec, faults: Faults) -> None:
    missing = missing_scopes(key, operation, spec, faults)
    if missing:
        if faults and faults.on("missing-scopes-absent"):
            raise ApiError(403, *MISSING_SCOPES)
        raise ApiError(403, *MISSING_SCOPES, missing_scopes=missing)
