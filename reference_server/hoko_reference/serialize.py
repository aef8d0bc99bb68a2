"""Stored records -> JSON response objects: every known field, null when unset."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson

from .faults import Faults

QR_SUFFIX = "&size=512&errorCorrection=H&foreground=000000&background=FFFFFF&margin=1&format=svg"

COLLECTION_FIELDS = ("id", "name", "description", "createdAt", "updatedAt")
PARTNER_FIELDS = ("id", "name", "email", "phone", "createdAt", "updatedAt")


class Serializer:
    def __init__(self, base_url_for_links: str, faults: Faults) -> None:
        self.base = base_url_for_links.rstrip("/")
        self._faults = faults
        self._short_prefix = self.base + "/"
        self._qr_prefix = f"{self.base}/qrcode?text={quote(self._short_prefix, safe='')}"
        self._qr_tail = quote("?qr=1", safe="") + QR_SUFFIX

    def short_url(self, code: str) -> str:
        return f"{self.base}/{code}"

    def qr_code(self, short_url: str) -> str:
        return f"{self.base}/qrcode?text={quote(short_url + '?qr=1', safe='')}{QR_SUFFIX}"

    def link(self, record: dict[str, Any]) -> dict[str, Any]:
        """Turns a stored record into the response object, in place (records are per request)."""
        code = record.pop("code")
        # Codes are URL-safe, so quoting the prefix once equals quoting the whole short URL.
        record["shortUrl"] = self._short_prefix + code
        record["qrCode"] = self._qr_prefix + code + self._qr_tail
        record["cloaked"] = bool(record["cloaked"])
        if self._faults:
            self._link_faults(record, code)
        return record

    def _link_faults(self, record: dict[str, Any], code: str) -> None:
        faults = self._faults
        if faults.on("shorturl-not-unique"):
            record["shortUrl"] = self._short_prefix + code[:1]
        if faults.on("qrcode-encodes-long-url"):
            text = quote(record["url"] + "?qr=1", safe="")
            record["qrCode"] = f"{self.base}/qrcode?text={text}{QR_SUFFIX}"
        if faults.on("cloaked-false-reads-null") and record["cloaked"] is False:
            record["cloaked"] = None

    def links(self, records: list[dict[str, Any]]) -> bytes:
        link = self.link
        if self._faults and self._faults.on("response-short-on-big-batch") and len(records) > 1000:
            records = records[:-1]
        return orjson.dumps([link(r) for r in records])

    def collections(self, records: list[dict[str, Any]]) -> bytes:
        return orjson.dumps([{n: r.get(n) for n in COLLECTION_FIELDS} for r in records])

    def partners(self, records: list[dict[str, Any]]) -> bytes:
        return orjson.dumps([{n: r.get(n) for n in PARTNER_FIELDS} for r in records])
