"""`--cleanup`: soft-delete what the run created, through Hoko's documented DELETEs (D37).

Links go first, then partners and collections (a deleted collection keeps its links, so the
order only keeps each request's ids valid). Ids go in batches of at most the smallest plan's cap;
a batch the target refuses (say, one id was already gone) is retried id by id, so one bad id
does not leave the others behind. What could not be deleted is counted and reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx

from . import spec

if TYPE_CHECKING:
    from .http import Api

ORDER = ("links", "partners", "collections")


@dataclass
class Summary:
    deleted: int = 0
    left: dict[str, int] = field(default_factory=dict)  # resource -> objects not deleted
    reasons: list[str] = field(default_factory=list)

    @property
    def attempted(self) -> int:
        return self.deleted + sum(self.left.values())

    def line(self) -> str:
        if not self.attempted:
            return "cleanup: nothing to delete"
        text = f"cleanup: deleted {self.deleted:,} of {self.attempted:,} objects"
        if self.left:
            parts = ", ".join(f"{n:,} {r}" for r, n in sorted(self.left.items()))
            text += f"; left behind: {parts} ({'; '.join(self.reasons[:3])})"
        return text


def run(api: Api, batch: int | None = None) -> Summary:
    size = batch or min(spec.plan_max_items(p) for p in spec.load_spec()["x-plans"])
    summary = Summary()
    for key, by_resource in api.created.items():
        for resource in ORDER:
            ids = list(dict.fromkeys(by_resource.get(resource, [])))
            path = spec.auxiliary_path(resource, "DELETE")
            if not ids:
                continue
            if path is None:
                _left(summary, resource, len(ids), "the spec has no DELETE")
                continue
            for start in range(0, len(ids), size):
                _delete(api, key, path, resource, ids[start : start + size], summary)
        by_resource.clear()
    return summary


def _left(summary: Summary, resource: str, n: int, why: str) -> None:
    summary.left[resource] = summary.left.get(resource, 0) + n
    if why not in summary.reasons:
        summary.reasons.append(why)


def _send(api: Api, key: str, path: str, ids: list[str]) -> int:
    try:
        res = api.request_waiting(
            "DELETE", path, key=key, content=json.dumps(ids).encode(), checked=False
        )
    except httpx.TransportError:
        return 0
    return res.status


def _delete(api: Api, key: str, path: str, resource: str, ids: list[str], s: Summary) -> None:
    status = _send(api, key, path, ids)
    if 200 <= status < 300:
        s.deleted += len(ids)
    elif status == 400 and len(ids) > 1:
        for ident in ids:  # one id the target refuses must not keep the others
            _delete(api, key, path, resource, [ident], s)
    else:
        why = "no answer" if status == 0 else f"DELETE {path} answered {status}"
        _left(s, resource, len(ids), why)
