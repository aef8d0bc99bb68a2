"""What a successful write answers (D5, D6, D23): its status, and one object per item in input
order, every known field present (null when unset)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson

from ..spec import Operation

# A stored link: its record, its short code and the record's JSON (the response object minus
# shortUrl and qrCode).
StoredLink = tuple[dict[str, Any], str, bytes]

QR_SUFFIX = "&size=512&errorCorrection=H&foreground=000000&background=FFFFFF&margin=1&format=svg"
COLLECTION_FIELDS = ("id", "name", "description", "createdAt", "updatedAt")
PARTNER_FIELDS = ("id", "name", "email", "phone", "createdAt", "updatedAt")
FIELDS = {"collections": COLLECTION_FIELDS, "partners": PARTNER_FIELDS}


def success_status(operation: Operation) -> int:
    """POST answers 201, PUT 200 even when every item is a create (D5): the spec's 2xx."""
    return operation.success_status


class LinkUrls:
    """A link base's short URL (`<base>/<code>`) and QR-code URL (it encodes the short URL
    plus `?qr=1`, as Hoko's examples show), precomputed as JSON fragments."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.short_prefix = self.base + "/"
        self.qr_prefix = f"{self.base}/qrcode?text={quote(self.short_prefix, safe='')}"
        self.qr_tail = quote("?qr=1", safe="") + QR_SUFFIX

        def json_text(text: str) -> bytes:  # escaped, without the quotes
            return orjson.dumps(text)[1:-1]

        self.spliced = (
            b',"shortUrl":"' + json_text(self.short_prefix),
            b'","qrCode":"' + json_text(self.qr_prefix),
            json_text(self.qr_tail) + b'"}',
        )

    def link_object(self, record: dict[str, Any], code: str) -> dict[str, Any]:
        """The response object of one stored link (a copy). Codes are URL-safe, so quoting the
        prefix once equals quoting the whole short URL."""
        return {
            **record,
            "shortUrl": self.short_prefix + code,
            "qrCode": self.qr_prefix + code + self.qr_tail,
        }


def link_answers(urls: LinkUrls, links: list[StoredLink]) -> bytes:
    """The links' response array, in input order (D6). The stored JSON is the response object
    minus the two URLs: they are appended to it rather than every record encoded again, and
    one join copies everything once."""
    if not links:
        return b"[]"
    short, qr, tail = urls.spliced
    parts: list[bytes | memoryview] = [b"["]
    for _, code, doc in links:
        c = code.encode()
        parts += (memoryview(doc)[:-1], short, c, qr, c, tail, b",")
    parts[-1] = b"]"  # instead of the last comma
    return b"".join(parts)


def record_answers(resource: str, records: list[dict[str, Any]]) -> bytes:
    """Collections' or partners' response array, in input order (D6), null where unset (D23)."""
    fields = FIELDS[resource]
    return orjson.dumps([{n: r.get(n) for n in fields} for r in records])
