"""Faults in what a write answers: order, length, server-made fields, statuses, routing."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote

import orjson
from starlette.responses import PlainTextResponse, Response

from ..rules.answers import QR_SUFFIX, LinkUrls, StoredLink
from ..spec import Operation
from ..storage.ids import random_codes
from . import fault

Answers = Any  # the wrapped link_answers


@fault(
    "order-mixed-batch",
    "ordering",
    "When a batch mixes creates and updates, the response lists all creates first.",
    wraps="link_answers",
)
def _creates_first(original: Answers, urls: LinkUrls, links: list[StoredLink]) -> bytes:
    # A link created by this batch was stamped once: createdAt == updatedAt.
    created = [link for link in links if link[0]["createdAt"] == link[0]["updatedAt"]]
    if created and len(created) < len(links):
        links = created + [link for link in links if link not in created]
    return bytes(original(urls, links))


@fault(
    "response-short-on-big-batch",
    "ordering",
    "A batch of more than 1,000 items gets a response one element short.",
    wraps="link_answers",
)
def _one_short(original: Answers, urls: LinkUrls, links: list[StoredLink]) -> bytes:
    return bytes(original(urls, links[:-1] if len(links) > 1000 else links))


def _objects(urls: LinkUrls, links: list[StoredLink]) -> list[dict[str, Any]]:
    return [urls.link_object(record, code) for record, code, _ in links]


@fault(
    "shorturl-not-unique",
    "created-fields",
    "shortUrl is built from the code's first character only, so links share short URLs.",
    replaces="link_answers",
)
def _first_character(urls: LinkUrls, links: list[StoredLink]) -> bytes:
    out = _objects(urls, links)
    for obj, (_, code, _) in zip(out, links, strict=True):
        obj["shortUrl"] = urls.short_prefix + code[:1]
    return orjson.dumps(out)


@fault(
    "qrcode-encodes-long-url",
    "created-fields",
    "qrCode encodes the destination url instead of shortUrl.",
    replaces="link_answers",
)
def _qr_of_destination(urls: LinkUrls, links: list[StoredLink]) -> bytes:
    out = _objects(urls, links)
    for obj in out:
        obj["qrCode"] = f"{urls.base}/qrcode?text={quote(obj['url'] + '?qr=1', safe='')}{QR_SUFFIX}"
    return orjson.dumps(out)


@fault(
    "cloaked-false-reads-null",
    "clearing-decided",
    "cloaked false is returned as null instead of false.",
    replaces="link_answers",
)
def _cloaked_null(urls: LinkUrls, links: list[StoredLink]) -> bytes:
    out = _objects(urls, links)
    for obj in out:
        if obj["cloaked"] is False:
            obj["cloaked"] = None
    return orjson.dumps(out)


@fault(
    "shorturl-not-url-safe",
    "created-fields",
    "Short codes use the standard base64 alphabet, so some contain '+' or '/'.",
    replaces="short_codes",
)
def _standard_base64(count: int) -> list[str]:
    return random_codes(count, base64.b64encode)


@fault("put-returns-201", "status-codes", "PUT returns 201 instead of 200.", wraps="success_status")
def _put_201(original: Any, operation: Operation) -> int:
    return 201 if operation.method == "PUT" else int(original(operation))


@fault(
    "post-returns-200",
    "status-codes",
    "POST /api/links returns 200 instead of 201.",
    wraps="success_status",
)
def _post_200(original: Any, operation: Operation) -> int:
    return 200 if operation.method == "POST" else int(original(operation))


@fault(
    "not-found-plain-text",
    "error-shape",
    "An unknown path gets a text/plain 404 instead of the JSON error shape.",
    wraps="route_error",
)
def _plain_404(original: Any, status: int, detail: str, headers: Any) -> Response:
    if status == 404:
        return PlainTextResponse("Not Found", status_code=404)
    response: Response = original(status, detail, headers)
    return response
