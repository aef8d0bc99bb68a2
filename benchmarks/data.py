"""Realistic link payloads: every field set, geo on a quarter, Arabic text in some titles."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

ARABIC_TITLES = ("عرض خاص لفترة محدودة", "تخفيضات نهاية الموسم", "رابط الحملة الرمضانية")
GEO = {
    "SA": "https://shop.example.com/sa",
    "AE": "https://shop.example.com/ae",
    "EG": "https://shop.example.com/eg",
    "US": "https://shop.example.com/us",
}


def link_item(i: int, *, collection_id: str, partner_id: str | None, tag: str) -> dict[str, Any]:
    """A create item (valid for both POST and PUT) with every field of LinkCreate set.

    `tag` keeps externalId unique across batches and runs (D14).
    """
    title = f"{ARABIC_TITLES[i % 3]} {i}" if i % 3 == 0 else f"Spring sale landing page {i}"
    item: dict[str, Any] = {
        "url": f"https://shop.example.com/products/{i}?ref=bulk&variant={i % 7}",
        "collectionId": collection_id,
        "title": title,
        "description": f"Landing page for product {i}, campaign wave {i % 12}.",
        "image": f"https://cdn.example.com/img/{i % 997}.png",
        "utm": {
            "source": "newsletter",
            "medium": "email",
            "campaign": f"spring-{i % 50}",
            "term": "shoes",
            "content": f"hero-{i % 4}",
            "referral": "partner-feed",
        },
        "expiresAt": "2027-12-31T23:59:00Z",
        "expiredUrl": "https://shop.example.com/expired",
        "password": f"pw-{i % 1000}",
        "cloaked": i % 2 == 0,
        "ios": f"https://apps.apple.com/app/id{100000 + i}",
        "android": f"https://play.google.com/store/apps/details?id=com.example.app{i}",
        "externalId": f"{tag}-{i}",
        "tenantId": f"tenant-{i % 10}",
    }
    if i % 4 == 0:
        item["geo"] = GEO
    if partner_id is not None:
        item["partnerId"] = partner_id
    return item


def update_item(
    i: int, link_id: str, *, collection_id: str, partner_id: str | None, tag: str
) -> dict[str, Any]:
    item = link_item(i, collection_id=collection_id, partner_id=partner_id, tag=tag)
    item["id"] = link_id
    item["title"] = f"{item['title']} (updated)"
    return item


def links(n: int, *, collection_id: str, partner_id: str | None, tag: str) -> list[dict[str, Any]]:
    return [
        link_item(i, collection_id=collection_id, partner_id=partner_id, tag=tag) for i in range(n)
    ]


def iter_links(
    n: int, *, collection_id: str, partner_id: str | None, tag: str
) -> Iterator[dict[str, Any]]:
    """Generator form, so a 100,000-link input never sits in memory."""
    for i in range(n):
        yield link_item(i, collection_id=collection_id, partner_id=partner_id, tag=tag)


def mixed_batch(
    n: int, update_ids: list[str], *, collection_id: str, partner_id: str | None, tag: str
) -> list[dict[str, Any]]:
    """Half creates, half updates, interleaved (even index creates, odd index updates)."""
    out: list[dict[str, Any]] = []
    ids = iter(update_ids)
    for i in range(n):
        if i % 2 == 1:
            out.append(
                update_item(
                    i, next(ids), collection_id=collection_id, partner_id=partner_id, tag=tag
                )
            )
        else:
            out.append(link_item(i, collection_id=collection_id, partner_id=partner_id, tag=tag))
    return out


def fake_link_response(item: dict[str, Any], i: int) -> dict[str, Any]:
    """What the server returns for `item`: every known field, null when unset."""
    code = f"c{i:07d}"
    short = f"https://hoko.to/{code}"
    now = dt.datetime(2026, 11, 21, 12, 0, 0, i % 1_000_000, tzinfo=dt.UTC)
    stamp = now.isoformat().replace("+00:00", "Z")
    return {
        "id": item.get("id") or str(uuid.UUID(int=i + 1)),
        "url": item["url"],
        "shortUrl": short,
        "qrCode": (
            "https://hoko.to/qrcode?text="
            + quote(short + "?qr=1", safe="")
            + "&size=512&errorCorrection=H&foreground=000000&background=FFFFFF&margin=1&format=svg"
        ),
        "title": item.get("title"),
        "description": item.get("description"),
        "image": item.get("image"),
        "collectionId": item["collectionId"],
        "utm": item.get("utm"),
        "expiresAt": item.get("expiresAt"),
        "expiredUrl": item.get("expiredUrl"),
        "password": item.get("password"),
        "cloaked": bool(item.get("cloaked")),
        "ios": item.get("ios"),
        "android": item.get("android"),
        "geo": item.get("geo"),
        "externalId": item.get("externalId"),
        "tenantId": item.get("tenantId"),
        "partnerId": item.get("partnerId"),
        "createdAt": stamp,
        "updatedAt": stamp,
    }
