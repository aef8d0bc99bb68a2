"""Who may call: the API key (D16, D32) and the operation's scope (D1, D15)."""

from __future__ import annotations

from ..errors import INVALID_KEY, MISSING_SCOPES, ApiError
from ..seed import ApiKey, Registry
from ..spec import Operation

# Only space and tab surround a header value (RFC 9110 OWS); anything else is part of the key.
_OWS = " \t"


def extract_key(header: str | None) -> str | None:
    """The key of an Authorization header: `Bearer <key>` (scheme case-insensitive) or the bare
    key (D16); None when there is none."""
    if header is None:
        return None
    value = header.strip(_OWS)
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "bearer":
        value = rest.strip(_OWS)
    return value or None


def authenticate(registry: Registry, key: str | None) -> ApiKey:
    """The known key, or 401 (D15: checked first)."""
    found = registry.keys.get(key) if key is not None else None
    if found is None:
        raise ApiError(401, *INVALID_KEY)
    return found


def missing_scopes(key: ApiKey, operation: Operation) -> list[str]:
    """The operation's scopes (its security requirement in the spec) that the key lacks."""
    return [scope for scope in operation.scopes if scope not in key.scopes]


def scope_error(missing: list[str]) -> ApiError:
    """The 403 of a missing scope, naming it in `missingScopes` (D1, D15)."""
    return ApiError(403, *MISSING_SCOPES, missing_scopes=missing)
