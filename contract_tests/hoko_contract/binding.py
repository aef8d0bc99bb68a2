"""Bind schemathesis-generated bodies to real objects, so that valid input is really valid.

A generated upsert item carries a random `id`, `collectionId` or `partnerId`; the server would
rightly answer 400 (D3, D14) and `positive_data_acceptance` would be meaningless. The binder maps:
- `id` of the k-th item -> the k-th object of this module's pool for that resource (distinct ids,
  so no "same id twice", D14);
- `collectionId` / `partnerId` -> pool objects;
- `externalId` -> unique per item, `tenantId` / `name` -> tagged with the run tag, keeping the
  generated length where possible (the coverage phase probes length boundaries).

Only values that are already valid for their field are replaced, and `bind_safely` keeps the
original body if binding would turn an invalid body into a valid one: negative cases stay negative.
"""

from __future__ import annotations

import itertools
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from . import spec
from .factory import Factory

LARGE = 200  # bodies with more items count as heavy (the 9,999/10,000/10,001 coverage arrays)


@dataclass
class Pool:
    ids: dict[str, list[str]]  # resource -> ids of existing objects
    collection: str
    partner: str


def build_pool(make: Factory, size: int) -> Pool:
    """`size` objects per resource, created in one request each (tagged, findable on staging)."""
    collections = make.collections(size)
    partners = make.partners(size)
    links = make.links(size, collection_id=collections[0]["id"])
    ids = {
        "collections": [c["id"] for c in collections],
        "partners": [p["id"] for p in partners],
        "links": [link["id"] for link in links],
    }
    # Schemathesis changes these objects behind the state model's back.
    for objs in ids.values():
        for obj_id in objs:
            make.api.state.forget(obj_id)
    return Pool(ids, collections[0]["id"], partners[0]["id"])


def is_large(body: list[Any]) -> bool:
    return len(body) > LARGE


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class Binder:
    def __init__(self, pool: Pool, tag: str) -> None:
        self.pool = pool
        self.tag = tag
        self._salt = secrets.token_hex(2)
        self._counter = itertools.count()
        self._pool_sets = {r: set(v) for r, v in pool.ids.items()}

    def _tagged(self, value: str, max_len: int) -> str:
        if value.startswith(self.tag):
            return value
        unique = f"{self.tag}-{self._salt}{next(self._counter)}"
        if len(value) >= len(unique):
            return unique + value[len(unique) :]
        return unique[:max_len]

    def bind_body(self, op: spec.Operation, body: Any) -> Any:
        if not isinstance(body, list):
            return body
        props = spec.properties(op.item_schema_name)
        out: list[Any] = []
        k = 0
        for item in body:
            if not isinstance(item, dict):
                out.append(item)
                continue
            new = dict(item)
            if op.is_upsert and _is_uuid(new.get("id")):
                ids = self.pool.ids[op.resource]
                new["id"] = ids[k % len(ids)]
                k += 1
            if _is_uuid(new.get("collectionId")) and "collectionId" in props:
                new["collectionId"] = self.pool.collection
            if _is_uuid(new.get("partnerId")) and "partnerId" in props:
                new["partnerId"] = self.pool.partner
            for name in ("externalId", "tenantId", "name"):
                value = new.get(name)
                if name in props and isinstance(value, str) and value:
                    max_len = int(props[name].get("maxLength", 255))
                    if len(value) <= max_len:
                        new[name] = self._tagged(value, max_len)
            if "tenantId" in props and "tenantId" not in new and "id" not in new:
                new["tenantId"] = self.tag  # tag every create
            out.append(new)
        return out

    def bind_safely(self, op: spec.Operation, body: Any) -> Any:
        bound = self.bind_body(op, body)
        if spec.body_is_valid(op, bound) != spec.body_is_valid(op, body):
            return body
        return bound

    def unbindable(self, op: spec.Operation, body: Any) -> bool:
        """More id-items than pool objects: ids would repeat."""
        if not isinstance(body, list) or not op.is_upsert:
            return False
        n = sum(1 for it in body if isinstance(it, dict) and _is_uuid(it.get("id")))
        return n > len(self.pool.ids[op.resource])
