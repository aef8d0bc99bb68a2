"""Stored records -> JSON response objects: every known field, null when unset."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson

from .faults import Faults
from .storage import StoredLink

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

        def json_text(text: str) -> bytes:  # escaped, without the quotes
            return orjson.dumps(text)[1:-1]

        self._spliced = (
            b',"shortUrl":"' + json_text(self._short_prefix),
            b'","qrCode":"' + json_text(self._qr_prefix),
            json_text(self._qr_tail) + b'"}',
        )

    def short_url(self, code: str) -> str:
        return f"{self.base}/{code}"

    def link(self, record: dict[str, Any], code: str) -> dict[str, Any]:
        """The response object for a stored record (a copy; the record is left alone)."""
        # Codes are URL-safe, so quoting the prefix once equals quoting the whole short URL.
        out = {**record, "shortUrl": self._short_prefix + code}
        out["qrCode"] = self._qr_prefix + code + self._qr_tail
        if self._faults:
            self._link_faults(out, code)
        return out

    def _link_faults(self, record: dict[str, Any], code: str) -> None:
        faults = self._faults
        if faults.on("shorturl-not-unique"):
            record["shortUrl"] = self._short_prefix + code[:1]
        if faults.on("qrcode-encodes-long-url"):
            text = quote(record["url"] + "?qr=1", safe="")
            record["qrCode"] = f"{self.base}/qrcode?text={text}{QR_SUFFIX}"
        if faults.on("cloaked-false-reads-null") and record["cloaked"] is False:
            record["cloaked"] = None

    def links(self, links: list[StoredLink]) -> bytes:
        if self._faults:
            if self._faults.on("response-short-on-big-batch") and len(links) > 1000:
                links = links[:-1]
            return orjson.dumps([self.link(record, code) for record, code, _ in links])
        # The stored JSON is the response object minus the two URLs: append them to it rather
        # than encode every record a second time. One join copies everything once.
        if not links:
            return b"[]"
        short, qr, tail = self._spliced
        parts: list[bytes | memoryview] = [b"["]
        for _, code, doc in links:
            c = code.encode()
            parts += (memoryview(doc)[:-1], short, c, qr, c, tail, b",")
        parts[-1] = b"]"  # instead of the last comma
        return b"".join(parts)

    def collections(self, records: list[dict[str, Any]]) -> bytes:
        return orjson.dumps([{n: r.get(n) for n in COLLECTION_FIELDS} for r in records])

    def partners(self, records: list[dict[str, Any]]) -> bytes:
        return orjson.dumps([{n: r.get(n) for n in PARTNER_FIELDS} for r in records])
