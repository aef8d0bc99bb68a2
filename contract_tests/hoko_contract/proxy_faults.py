"""The proxy's faults: each breaks one clause of the contract on a forwarded exchange.

A fault has the same catalogue form as the reference server's (name, family, description, seam);
its family maps it to the guarantees it must break (hoko_contract.guarantees).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Headers = list[tuple[str, str]]


@dataclass
class Exchange:
    method: str
    path: str
    request_json: Any
    status: int
    headers: Headers  # response headers, lower-case names, hop-by-hop removed
    body: Any  # parsed JSON (None when not JSON)
    raw: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name), None)

    def set_header(self, name: str, value: str | None) -> None:
        self.headers = [(k, v) for k, v in self.headers if k != name]
        if value is not None:
            self.headers.append((name, value))

    @property
    def is_success_list(self) -> bool:
        return 200 <= self.status < 300 and isinstance(self.body, list)

    def request_creates(self) -> list[int]:
        items = self.request_json if isinstance(self.request_json, list) else []
        if self.method == "POST":
            return list(range(len(items)))
        return [i for i, it in enumerate(items) if isinstance(it, dict) and "id" not in it]


@dataclass(frozen=True)
class ProxyFault:
    name: str
    family: str  # the guarantees it must break come from the family (hoko_contract.guarantees)
    description: str
    apply: Callable[[Exchange], None]
    # rewrites the request body (parsed JSON) before it is forwarded; None = untouched
    request: Callable[[str, str, Any], Any] | None = None

    @property
    def seam(self) -> str:
        return "request body" if self.request is not None else "response"


def _unchanged(_x: Exchange) -> None:
    return None


def _reverse_big_batches(x: Exchange) -> None:
    if x.is_success_list and len(x.body) > 3:
        x.body.reverse()


def _duplicate_element(x: Exchange) -> None:
    if x.is_success_list and len(x.body) >= 2:
        x.body[1] = json.loads(json.dumps(x.body[0]))


def _put_empty_array(x: Exchange) -> None:
    if x.method == "PUT" and x.is_success_list:
        x.body = []


def _drop_link_updated_at(x: Exchange) -> None:
    if x.is_success_list and x.path == "/api/links":
        for obj in x.body:
            if isinstance(obj, dict):
                obj.pop("updatedAt", None)


def _swap_en_ar(x: Exchange) -> None:
    err = x.body.get("error") if isinstance(x.body, dict) else None
    if isinstance(err, dict) and "en" in err and "ar" in err:
        err["en"], err["ar"] = err["ar"], err["en"]


def _retry_after_string(x: Exchange) -> None:
    if x.status == 429 and isinstance(x.body, dict) and "retryAfter" in x.body:
        x.body["retryAfter"] = str(x.body["retryAfter"])


def _strip_remaining_on_success(x: Exchange) -> None:
    if 200 <= x.status < 300:
        x.set_header("x-ratelimit-remaining", None)


def _bad_request_as_422(x: Exchange) -> None:
    if x.status == 400:
        x.status = 422


def _shared_create_id(x: Exchange) -> None:
    creates = x.request_creates()
    if x.is_success_list and len(creates) >= 2 and len(x.body) == len(x.request_json):
        first = x.body[creates[0]].get("id")
        for i in creates[1:]:
            x.body[i]["id"] = first


def _collection_id_rewritten(x: Exchange) -> None:
    if x.is_success_list and x.path == "/api/links":
        for obj in x.body:
            if isinstance(obj, dict) and obj.get("collectionId"):
                obj["collectionId"] = "00000000-0000-4000-8000-000000000000"


def _utm_empty_object(x: Exchange) -> None:
    if x.is_success_list and x.path == "/api/links":
        for obj in x.body:
            if isinstance(obj, dict) and obj.get("utm") is None:
                obj["utm"] = {}


def _plan_gate_as_400(x: Exchange) -> None:
    if x.status == 403 and isinstance(x.body, dict) and "missingScopes" not in x.body:
        x.status = 400


def _retry_after_header_mismatch(x: Exchange) -> None:
    value = x.header("retry-after")
    if x.status == 429 and value is not None and value.isdigit():
        x.set_header("retry-after", str(int(value) + 7))


def _error_text_plain(x: Exchange) -> None:
    if x.status >= 400:
        x.set_header("content-type", "text/plain; charset=utf-8")


def _short_url_scheme_flipped(x: Exchange) -> None:
    if x.is_success_list and x.path == "/api/links":
        for obj in x.body:
            short = obj.get("shortUrl") if isinstance(obj, dict) else None
            if isinstance(short, str):
                scheme, sep, rest = short.partition("://")
                obj["shortUrl"] = ("http" if scheme == "https" else "https") + sep + rest


def _strip_request_nulls(method: str, path: str, body: Any) -> Any:
    if method == "PUT" and isinstance(body, list):
        return [
            {k: v for k, v in it.items() if v is not None} if isinstance(it, dict) else it
            for it in body
        ]
    return body


def _remaining_frozen(x: Exchange) -> None:
    limit = x.header("x-ratelimit-limit")
    if limit is not None and x.status != 429:
        x.set_header("x-ratelimit-remaining", limit)


def _missing_scopes_wrong(x: Exchange) -> None:
    if x.status == 403 and isinstance(x.body, dict) and "missingScopes" in x.body:
        x.body["missingScopes"] = ["linksRead"]


def _details_index_off_by_one(x: Exchange) -> None:
    if x.status == 400 and isinstance(x.body, dict) and isinstance(x.body.get("details"), list):
        for d in x.body["details"]:
            if isinstance(d, dict) and isinstance(d.get("index"), int):
                d["index"] += 1


_FAULTS = (
    ProxyFault(
        "proxy-reverse-batches-over-3",
        "ordering",
        "A success array of more than 3 items comes back reversed.",
        _reverse_big_batches,
    ),
    ProxyFault(
        "proxy-duplicate-first-element",
        "ordering",
        "response[1] is a copy of response[0] (length kept).",
        _duplicate_element,
    ),
    ProxyFault(
        "proxy-put-empty-array",
        "ordering",
        "Every PUT answers 200 with an empty array.",
        _put_empty_array,
    ),
    ProxyFault(
        "proxy-link-updated-at-dropped",
        "created-fields",
        "Link responses never carry updatedAt (absent reads as null, also after an update).",
        _drop_link_updated_at,
    ),
    ProxyFault(
        "proxy-error-en-ar-swapped",
        "error-shape",
        "error.en holds the Arabic message and error.ar the English one.",
        _swap_en_ar,
    ),
    ProxyFault(
        "proxy-retry-after-string",
        "rate-limit",
        'A 429 body carries retryAfter as a string ("2").',
        _retry_after_string,
    ),
    ProxyFault(
        "proxy-remaining-stripped-on-2xx",
        "rate-limit-decided",
        "Successful responses lack X-RateLimit-Remaining.",
        _strip_remaining_on_success,
    ),
    ProxyFault(
        "proxy-400-as-422",
        "status-codes",
        "Every 400 is sent as 422 (body unchanged).",
        _bad_request_as_422,
    ),
    ProxyFault(
        "proxy-creates-share-one-id",
        "created-fields",
        "In a batch with several creates, every create reports the first create's id.",
        _shared_create_id,
    ),
    ProxyFault(
        "proxy-link-collection-id-rewritten",
        "created-fields",
        "Link responses report another collectionId than the stored one.",
        _collection_id_rewritten,
    ),
    ProxyFault(
        "proxy-utm-null-as-empty-object",
        "utm",
        "A link without utm reports utm: {} instead of null.",
        _utm_empty_object,
    ),
    ProxyFault(
        "proxy-plan-gate-as-400",
        "plan-gates",
        "A plan-gate 403 is sent as 400.",
        _plan_gate_as_400,
    ),
    ProxyFault(
        "proxy-retry-after-header-mismatch",
        "rate-limit-decided",
        "A 429's Retry-After header says 7 s more than its body's retryAfter.",
        _retry_after_header_mismatch,
    ),
    ProxyFault(
        "proxy-error-as-text-plain",
        "error-shape",
        "Error responses say Content-Type text/plain (body unchanged).",
        _error_text_plain,
    ),
    ProxyFault(
        "proxy-short-url-scheme-flipped",
        "created-fields",
        "shortUrl is reported with the other scheme (http <-> https) than the link base's.",
        _short_url_scheme_flipped,
    ),
    ProxyFault(
        "proxy-request-nulls-dropped",
        "null-clear",
        "A middleware drops null-valued fields from PUT items before the server sees them.",
        _unchanged,
        _strip_request_nulls,
    ),
    ProxyFault(
        "proxy-remaining-never-counts-down",
        "rate-limit-decided",
        "X-RateLimit-Remaining always equals X-RateLimit-Limit (except on 429).",
        _remaining_frozen,
    ),
    ProxyFault(
        "proxy-missing-scopes-wrong",
        "scopes",
        'A scope 403 always lists missingScopes ["linksRead"].',
        _missing_scopes_wrong,
    ),
    ProxyFault(
        "proxy-details-index-off-by-one",
        "error-shape",
        "Error details point at the item after the failing one.",
        _details_index_off_by_one,
    ),
)
PROXY_FAULTS: dict[str, ProxyFault] = {f.name: f for f in _FAULTS}
