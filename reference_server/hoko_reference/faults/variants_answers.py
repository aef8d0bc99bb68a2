"""Variants in what the server answers: response shapes, timestamps and rate-limit headers that
Hoko's docs allow where openapi/DECISIONS.md picked one form; and two combinations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson

from ..errors import ApiError
from ..rules.answers import LinkUrls, StoredLink
from . import variant

Objects = Callable[[dict[str, Any]], None]


def _links_rewritten(change: Objects) -> Callable[..., bytes]:
    def wrapper(original: Callable[..., bytes], urls: LinkUrls, links: list[StoredLink]) -> bytes:
        out = orjson.loads(bytes(original(urls, links)))
        for obj in out:
            change(obj)
        return orjson.dumps(out)

    return wrapper


def _records_rewritten(change: Objects) -> Callable[..., bytes]:
    def wrapper(original: Callable[..., bytes], resource: str, records: list[Any]) -> bytes:
        out = orjson.loads(bytes(original(resource, records)))
        for obj in out:
            change(obj)
        return orjson.dumps(out)

    return wrapper


def _drop_nulls(obj: dict[str, Any]) -> None:
    for name in [n for n, v in obj.items() if v is None]:
        del obj[name]


OMITTED = "unset fields left out of responses, as every example in Hoko's docs does (facts A14)"
variant("unset-fields-omitted", "D23", "Link responses leave unset fields out.", OMITTED,
        wraps="link_answers")(_links_rewritten(_drop_nulls))  # fmt: skip
variant("unset-fields-omitted", "D23", "Link responses leave unset fields out.", OMITTED,
        wraps="record_answers")(_records_rewritten(_drop_nulls))  # fmt: skip


def _cloaked_null(obj: dict[str, Any]) -> None:
    if obj.get("cloaked") is False:
        obj["cloaked"] = None


variant(
    "cloaked-cleared-null",
    "D12",
    "A link whose cloaking is off reads cloaked: null.",
    "seed 000: 'Send false/null to clear'; how it reads back is open (facts A12)",
    wraps="link_answers",
)(_links_rewritten(_cloaked_null))


def _utm_empty(obj: dict[str, Any]) -> None:
    if obj.get("utm") is None:
        obj["utm"] = {}


variant(
    "utm-empty-object",
    "D10",
    "A link without utm keys reads utm: {}.",
    "no response example of the docs contains utm (facts A10)",
    wraps="link_answers",
)(_links_rewritten(_utm_empty))


def _no_password(obj: dict[str, Any]) -> None:
    obj.pop("password", None)


variant(
    "password-not-echoed",
    "D19",
    "Responses never carry the link password.",
    "only seed 001's 201 example shows password; the PUT examples do not (facts A14)",
    wraps="link_answers",
)(_links_rewritten(_no_password))


def _no_link_stamp(obj: dict[str, Any]) -> None:
    obj.pop("updatedAt", None)


variant(
    "links-without-updated-at",
    "D24",
    "Link responses carry no updatedAt.",
    "no link example of the docs shows updatedAt (facts 1.2)",
    wraps="link_answers",
)(_links_rewritten(_no_link_stamp))


def _no_collection_id(obj: dict[str, Any]) -> None:
    obj.pop("collectionId", None)


variant(
    "collection-id-not-echoed",
    "D20",
    "Link responses leave collectionId out.",
    "seed 000's first 200 example has no collectionId (facts 1.2)",
    wraps="link_answers",
)(_links_rewritten(_no_collection_id))


@variant(
    "timestamps-whole-seconds",
    "D24",
    "Timestamps have whole seconds (updatedAt may repeat within a second).",
    "every timestamp of the docs is '2024-01-01T00:00:00Z' (facts §0, A9)",
    replaces="timestamp_text",
)
def _seconds(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@variant(
    "timestamps-offset",
    "D9",
    "Timestamps are written with +00:00 instead of Z.",
    "seed 001: 'ISO date-time'; the zone's spelling is open (facts A9)",
    replaces="timestamp_text",
)
def _offset(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


@variant(
    "rate-headers-only-on-429",
    "D17",
    "X-RateLimit-* headers are sent on 429 responses only.",
    "seeds 000-003 mention 'X-RateLimit-* headers' only under 429 (facts A19)",
    replaces="rate_limit_headers",
)
def _no_headers(limit: int, remaining: int, reset_seconds: int) -> dict[str, str]:
    return {}


@variant(
    "rate-headers-only-on-429",
    "D17",
    "X-RateLimit-* headers are sent on 429 responses only.",
    "seeds 000-003 mention 'X-RateLimit-* headers' only under 429 (facts A19)",
    wraps="rate_limited_error",
)
def _headers_on_429(original: Callable[..., ApiError], headers: Any, retry_after: int) -> ApiError:
    extra = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(retry_after)}
    return original({**headers, **extra}, retry_after)


@variant(
    "no-retry-after-header",
    "D17",
    "A 429 carries retryAfter in the body only, no Retry-After header.",
    "the docs name only the body's retryAfter (facts §0.4)",
    wraps="rate_limited_error",
)
def _no_retry_after(original: Callable[..., ApiError], headers: Any, retry_after: int) -> ApiError:
    err = original(headers, retry_after)
    err.headers = {k: v for k, v in err.headers.items() if k != "Retry-After"}
    return err


@variant(
    "rate-reset-epoch",
    "D17",
    "X-RateLimit-Reset is the epoch second of the reset, not seconds until it.",
    "the headers' meanings are not documented (facts A19)",
    wraps="rate_limit_headers",
)
def _epoch(original: Callable[..., dict[str, str]], limit: int, remaining: int, reset: int) -> Any:
    out = dict(original(limit, remaining, reset))
    out["X-RateLimit-Reset"] = str(int(datetime.now(UTC).timestamp()) + reset)
    return out


# -- combinations ------------------------------------------------------------------------------


@variant(
    "docs-examples-shape",
    "D7, D10, D12, D17, D19, D20, D21, D23, D24",
    "Answers shaped like the docs' examples: unset fields, password, collectionId and link "
    "updatedAt left out, whole-second timestamps; and the other choices no other combination "
    "makes: cloaked and utm read back null and {}, shorter texts, 413 over the batch bound, no "
    "Retry-After header, an epoch reset.",
    "facts A12, A14, 1.2 (the response examples) and each part's passage",
    replaces="timestamp_text",
    also=(
        "cloaked-cleared-null",
        "utm-empty-object",
        "unset-fields-omitted",
        "password-not-echoed",
        "links-without-updated-at",
        "collection-id-not-echoed",
        "tighter-text-bounds",
        "over-max-413",
        "no-retry-after-header",
        "rate-reset-epoch",
    ),
)
def _docs_seconds(moment: datetime) -> str:
    return _seconds(moment)


@variant(
    "independent-server",
    "D1, D3, D7, D8, D10, D13, D14, D15, D17, D18, D23, D27, D33",
    "Every open point decided otherwise at once, as an independent implementation might.",
    "each part's passage (the single variants)",
    replaces="timestamp_text",
    also=(
        "scope-partners-write",
        "unknown-id-404",
        "empty-batch-accepted",
        "plan-gate-400",
        "utm-unknown-key-dropped",
        "geo-merges",
        "unknown-partner-accepted",
        "duplicate-external-id-409",
        "body-checked-first",
        "rate-headers-only-on-429",
        "unknown-field-dropped",
        "unset-fields-omitted",
        "wrong-method-404",
        "content-type-415",
    ),
)
def _independent_offset(moment: datetime) -> str:
    return _offset(moment)
