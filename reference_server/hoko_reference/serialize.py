"""Stored records -> JSON response objects: every known field, null when unset."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson

from .faults import Faults

QR_SUFFIX = "&size=512&errorCorrection=H&foreground=000000&background=FFFFFF&margin=1&format=svg"

LINK_FIELDS = (
    "id",
    "url",
    "shortUrl",
    "qrCode",
    "collectionId",
    "title",
    "description",
    "image",
    "utm",
    "expiresAt",
    "expiredUrl",
    "password",
    "cloaked",
    "ios",
    "android",
    "geo",
    "externalId",
    "tenantId",
    "partnerId",
    "createdAt",
    "updatedAt",
)
COLLECTION_FIELDS = ("id", "name", "description", "createdAt", "updatedAt")
PARTNER_FIELDS = ("id", "name", "email", "phone", "createdAt", "updatedAt")


class Serializer:
    def __init__(self, base_url_for_links: str, faults: Faults) -> None:
        self.base = base_url_for_links.rstrip("/")
        self._faults = faults

    def short_url(self, code: str) -> str:
        return f"{self.base}/{code}"

    def qr_code(self, short_url: str) -> str:
        return f"{self.base}/qrcode?text={quote(short_url + '?qr=1', safe='')}{QR_SUFFIX}"

    def link(self, record: dict[str, Any]) -> dict[str, Any]:
        short = self.short_url(record["code"])
        out = {name: record.get(name) for name in LINK_FIELDS}
        out["shortUrl"] = short
        out["qrCode"] = self.qr_code(short)
        out["cloaked"] = bool(record.get("cloaked"))
        return out

    def links(self, records: list[dict[str, Any]]) -> bytes:
        return orjson.dumps([self.link(r) for r in records])

    def collections(self, records: list[dict[str, Any]]) -> bytes:
        return orjson.dumps([{n: r.get(n) for n in COLLECTION_FIELDS} for r in records])

    def partners(self, records: list[dict[str, Any]]) -> bytes:
        return orjson.dumps([{n: r.get(n) for n in PARTNER_FIELDS} for r in records])
