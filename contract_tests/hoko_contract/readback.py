"""Reading state back through Hoko's documented GETs (D36) rather than our no-op update (D25).

Every answer goes through the check registry and the state model, which compares it with what
the suite last saw. A target that answers the GET with 404 or 405 does not offer it: the suite
falls back to the no-op update for that resource (and says so in the notes of the run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from . import model, profile, spec
from .guarantees import MARKER, ContractViolation

if TYPE_CHECKING:
    from .http import Api

NOT_OFFERED = (404, 405)


def read_objects(
    api: Api, resource: str, ids: list[str], *, key: str
) -> list[dict[str, Any]] | None:
    """The objects with `ids`, in that order, read one GET each; None when the target has no
    GET for `resource`."""
    path = spec.auxiliary_path(resource, "GET")
    if path is None or resource in api.no_reads:
        return None
    out = []
    for ident in ids:
        obj = _read_one(api, path, resource, ident, key)
        if obj is None:
            api.no_reads.add(resource)
            return None
        out.append(obj)
    return out


def _read_one(api: Api, path: str, resource: str, ident: str, key: str) -> dict[str, Any] | None:
    from .http import combine

    query = urlencode({"id": ident, "take": 1})
    res = api.request_waiting("GET", f"{path}?{query}", key=key)
    found = res.take_violations()
    if res.status in NOT_OFFERED and not found:
        return None
    if res.status != 200 or not isinstance(res.json, list):
        gs = [MARKER] + [g for v in found for g in v.guarantees]
        raise ContractViolation(gs, f"reading {resource} {ident} back failed: {res.describe()}")
    if found:
        raise combine(found)
    matches = [o for o in res.json if isinstance(o, dict) and str(o.get("id")) == ident]
    if not matches:
        raise ContractViolation(
            MARKER, f"{resource} {ident} is gone: GET answered {res.text[:300]}"
        )
    problems = model.check_read(api.state, resource, matches[0])
    if problems:
        kept = [
            v
            for g, m in problems
            if (v := profile.divert(ContractViolation(g.split(","), f"GET {path}: {m}")))
            is not None
        ]
        if kept:
            raise combine(kept)
    return matches[0]
