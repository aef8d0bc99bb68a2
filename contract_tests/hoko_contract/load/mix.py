"""The traffic a load user sends: batch sizes in bands, and items for creates, updates, mixed
upserts, utm and geo edits and null-clears, of the values Hoko's docs leave no doubt about.

Pure functions of a `random.Random`, so a run's traffic follows from its seed.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

from .. import spec

# (low, high, weight): most bulk traffic is small batches, a tenth is big.
BANDS: tuple[tuple[int, int, int], ...] = ((1, 1, 3), (2, 50, 4), (51, 500, 2), (501, 2000, 1))
COUNTRIES = ("US", "GB", "DE", "FR", "SA", "AE", "EG", "JP")
# The title workspace B's users try to put on A's links: it must never be read back.
ISOLATION_MARK = "isolation-probe-from-workspace-b"
TOKEN_MARK = "hk"  # titles of the hoko client's creates: "<run tag> hk <token>"


ATOMIC_MARK = "atomic"  # titles of links in batches that may fail as a whole


def atomic_title(tag: str, token: str) -> str:
    return f"{tag} {ATOMIC_MARK} {token}"


def token_title(tag: str, token: str) -> str:
    return f"{tag} {TOKEN_MARK} {token}"


def token_of(tag: str, title: Any) -> str | None:
    """The create token in a link's title, if a hoko user of run `tag` made it."""
    if not isinstance(title, str):
        return None
    parts = title.split(" ")
    if len(parts) == 3 and parts[0] == tag and parts[1] == TOKEN_MARK:
        return parts[2]
    return None


def band_of(size: int) -> str:
    for low, high, _w in BANDS:
        if low <= size <= high:
            return f"{low}-{high}" if low != high else str(low)
    return f">{BANDS[-1][1]}"


def batch_size(rng: random.Random, max_batch: int) -> int:
    bands = [b for b in BANDS if b[0] <= max_batch]
    low, high, _w = rng.choices(bands, weights=[b[2] for b in bands])[0]
    return rng.randint(low, min(high, max_batch))


def utm_keys() -> list[str]:
    """The utm keys the spec names (seed 001 names them)."""
    return list(spec.properties("UtmPatch"))


def shared_fields(resource: str) -> list[str]:
    """The fields of a shared object that users split among them, one each."""
    if resource == "links":
        return [f"utm.{k}" for k in utm_keys()]
    return ["name", "description"] if resource == "collections" else ["name", "email", "phone"]


def shared_value(rng: random.Random, tag: str, path: str) -> str:
    token = _token(rng)
    if path == "email":
        return f"s{token}@example.com"
    if path == "phone":
        return f"+1555{rng.randrange(10**7):07d}"
    if path == "name":
        return f"{tag} shared {token}"
    return f"s-{token}"


def _token(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128)).hex[:12]


def new_link(rng: random.Random, tag: str, collection_id: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "url": f"https://example.com/load/{_token(rng)}",
        "collectionId": collection_id,
        "title": f"{tag} {_token(rng)}",
        "tenantId": tag,
    }
    if rng.random() < 0.5:
        item["utm"] = {"source": "load", "campaign": _token(rng)}
    if rng.random() < 0.3:
        item["geo"] = {rng.choice(COUNTRIES): f"https://example.com/geo/{_token(rng)}"}
    return item


def link_edit(rng: random.Random, link_id: str) -> dict[str, Any]:
    """An update of one field group: title, description, a utm key set or cleared, geo
    replaced or cleared, title cleared."""
    item: dict[str, Any] = {"id": link_id}
    kind = rng.randrange(6)
    if kind == 0:
        item["title"] = f"edited {_token(rng)}"
    elif kind == 1:
        item["description"] = f"d {_token(rng)}"
    elif kind == 2:
        item["utm"] = {rng.choice(utm_keys()): _token(rng)}
    elif kind == 3:
        item["utm"] = {rng.choice(utm_keys()): None}
    elif kind == 4:
        geo = None if rng.random() < 0.3 else {rng.choice(COUNTRIES): "https://example.com/g"}
        item["geo"] = geo
    else:
        item["title"] = None
    return item


def new_record(rng: random.Random, resource: str, tag: str) -> dict[str, Any]:
    item: dict[str, Any] = {"name": f"{tag} {_token(rng)}"}
    if resource == "partners" and rng.random() < 0.5:
        item["email"] = f"p{_token(rng)}@example.com"
    elif resource == "collections" and rng.random() < 0.5:
        item["description"] = f"d {_token(rng)}"
    return item


def record_edit(rng: random.Random, resource: str, record_id: str) -> dict[str, Any]:
    field = "email" if resource == "partners" else "description"
    if rng.random() < 0.3:
        return {"id": record_id, field: None}
    if field == "email":
        return {"id": record_id, field: f"e{_token(rng)}@example.com"}
    return {"id": record_id, field: f"d {_token(rng)}"}
