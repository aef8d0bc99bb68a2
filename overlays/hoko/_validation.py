"""Fast client-side checks of items before they are sent, and their conversion to JSON objects.

The server validates everything (the spec is the truth); these checks only catch the obvious
mistakes that would otherwise get a whole 10,000-item chunk rejected: unknown fields, a create
without its required fields, a non-http(s) URL, a cleared field that cannot be null, a naive
datetime. They are plain Python on dicts (a few microseconds per item) because anything heavier
(jsonschema per item) would cost more than the whole client overhead budget.

Which fields exist, which a create needs (D2), which may be null (D11) and which are URLs come
from the spec, through the generated `hoko_client.contract`.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from hoko_client import contract
from hoko_client import models as generated_models
from hoko_client.types import UNSET

from ._exceptions import InvalidItemError

# URL_PREFIXES and MIN_FAST_URL_LENGTH also tell the CLI's column checks (hoko_cli.vouch)
# which URL cells surely pass.
URL_PREFIXES = ("http://", "https://")
_MAX_URL_LENGTH = contract.MAX_URL_LENGTH
# The shortest URL _is_http_url accepts for both schemes is 9 characters ("https://x"); "http://x"
# (8) takes the slow path and passes there.
MIN_FAST_URL_LENGTH = 9
# Anything orjson would need help with (UNSET, models, datetimes to check) fails the fast encode.
_FAST_ENCODE_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME
# The same test as `b"null" in body`; the regex engine's literal search took 60 % of the time on
# a 7.5 MB body of links.
_NULL = re.compile(rb"null")


def json_default(obj: Any) -> Any:
    """orjson fallback: nested generated models (Utm, UtmPatch, Geo) encode via `to_dict`."""
    to_dict = getattr(obj, "to_dict", None)
    if to_dict is not None:
        return to_dict()
    raise TypeError(f"Type is not JSON serializable: {type(obj).__name__}")


def _is_http_url(value: str) -> bool:
    if not value.startswith(URL_PREFIXES) and not value[:8].lower().startswith(URL_PREFIXES):
        return False
    return len(value) <= _MAX_URL_LENGTH and len(value) > value.index("//") + 2


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """What one operation accepts per item."""

    name: str
    models: tuple[type, ...]
    allowed: frozenset[str]
    # D2: fields a create needs. For upserts they apply only to items without "id".
    create_required: tuple[str, ...]
    # True for POST (every item is a create; nothing is nullable, D11).
    create_only: bool
    # D11: fields that may not be null in an upsert (besides "id").
    non_nullable: frozenset[str]
    url_fields: tuple[str, ...] = ()
    url_map_fields: tuple[str, ...] = ()
    datetime_fields: tuple[str, ...] = ()
    patch_fields: tuple[str, ...] = ()

    def encode_plain(self, items: list[Any]) -> tuple[bytes, list[str | None]] | None:
        """The body and the items' ids (None for a create) for a chunk of plain, valid
        JSON-ready dicts, or None.

        The common case of a bulk sync, in about half the time of `prepare` plus encoding:
        encoding first proves every value is plain JSON (no `UNSET`, model or datetime to
        convert), and a body without `null` has no cleared field to check, so only keys,
        required fields and URLs are left to look at. None means "not sure": `prepare` then
        checks the chunk item by item (and names the first bad one); the fast path accepts
        nothing `prepare` would refuse, and sends the same bytes.
        """
        try:
            body = orjson.dumps(items, option=_FAST_ENCODE_OPTIONS)
        except TypeError:
            return None
        if _NULL.search(body) is not None:
            return None
        allowed, required = self.allowed, self.create_required
        url_fields, url_map_fields = self.url_fields, self.url_map_fields
        prefixes, low, high = URL_PREFIXES, MIN_FAST_URL_LENGTH, _MAX_URL_LENGTH
        ids: list[str | None] = []
        add_id = ids.append
        for d in items:
            if type(d) is not dict or not d.keys() <= allowed:
                return None
            ident = d.get("id")
            if ident is None:
                add_id(None)
                for name in required:
                    if name not in d:
                        return None
            else:
                add_id(ident.lower() if type(ident) is str else str(ident).lower())
            get = d.get
            for name in url_fields:
                value = get(name)
                if value is not None and not (
                    type(value) is str and value.startswith(prefixes) and low <= len(value) <= high
                ):
                    return None
            for name in url_map_fields:
                value = get(name)
                if value is not None:
                    if type(value) is not dict:
                        return None
                    for url in value.values():
                        if not (
                            type(url) is str
                            and url.startswith(prefixes)
                            and low <= len(url) <= high
                        ):
                            return None
        return body, ids

    def prepare(
        self, items: list[Any], start: int
    ) -> tuple[list[dict[str, Any]], list[str | None]]:
        """Check `items` (input indices from `start`) and return their JSON objects.

        Returns the objects and their ids (None for a create). Raises `InvalidItemError`
        naming the first bad item's input index and field.
        """
        out: list[dict[str, Any]] = []
        append = out.append
        allowed = self.allowed
        models = self.models
        ids: list[str | None] = []
        url_fields, url_map_fields = self.url_fields, self.url_map_fields
        datetime_fields, patch_fields = self.datetime_fields, self.patch_fields
        for offset, item in enumerate(items):
            if type(item) is dict:
                d: dict[str, Any] = item
            elif isinstance(item, models):
                d = item.to_dict()  # type: ignore[attr-defined]
            elif isinstance(item, Mapping):
                d = dict(item)
            else:
                raise InvalidItemError(
                    start + offset,
                    None,
                    f"expected a dict or {' / '.join(m.__name__ for m in models)}, "
                    f"got {type(item).__name__}",
                )
            if not d.keys() <= allowed:
                unknown = sorted(str(k) for k in d if k not in allowed)[0]
                if unknown == "id" and self.create_only:
                    reason = "create takes no id; use upsert to update existing items"
                else:
                    reason = (
                        f"unknown field for a {self.name} (allowed: {', '.join(sorted(allowed))})"
                    )
                raise InvalidItemError(start + offset, unknown, reason)
            get = d.get
            values = d.values()
            if UNSET in values:
                d = {k: v for k, v in d.items() if v is not UNSET}
            if None in values:
                self._check_nulls(d, start + offset)
            ident = d.get("id")
            ids.append(None if ident is None else str(ident).lower())
            if ident is None:
                for name in self.create_required:
                    if name not in d:
                        raise InvalidItemError(
                            start + offset,
                            name,
                            f"required to create a {self.name} (send 'id' to update instead)",
                        )
            for name in url_fields:
                value = get(name)
                if value is not None and (type(value) is not str or not _is_http_url(value)):
                    raise InvalidItemError(
                        start + offset, name, f"must be an absolute http(s) URL, got {value!r:.80}"
                    )
            for name in url_map_fields:
                value = get(name)
                if value is not None:
                    self._check_url_map(value, name, start + offset)
            for name in datetime_fields:
                value = get(name)
                if isinstance(value, datetime.datetime) and value.utcoffset() is None:
                    raise InvalidItemError(
                        start + offset, name, "naive datetime; give it a timezone (RFC 3339, D9)"
                    )
            for name in patch_fields:
                value = get(name)
                if type(value) is dict and UNSET in value.values():
                    d = {**d, name: {k: v for k, v in value.items() if v is not UNSET}}
            append(d)
        return out, ids

    def _check_nulls(self, d: dict[str, Any], index: int) -> None:
        for key, value in d.items():
            if value is None and (self.create_only or key == "id" or key in self.non_nullable):
                raise InvalidItemError(
                    index,
                    key,
                    "cannot be null (omit it to keep the current value)"
                    if not self.create_only
                    else "cannot be null when creating (omit it instead)",
                )

    @staticmethod
    def _check_url_map(value: Any, name: str, index: int) -> None:
        if not isinstance(value, Mapping):
            to_dict = getattr(value, "to_dict", None)
            if to_dict is None:
                raise InvalidItemError(index, name, "must be an object of country code to URL")
            value = to_dict()
        for key, url in value.items():
            if url is not UNSET and (type(url) is not str or not _is_http_url(url)):
                raise InvalidItemError(
                    index, f"{name}.{key}", f"must be an absolute http(s) URL, got {url!r:.80}"
                )


def item_spec(operation_id: str, *models: type) -> ItemSpec:
    """What `operation_id` accepts per item, from the spec (`hoko_client.contract`); `models`
    are the generated request models also accepted as input (the item schema's is first)."""
    facts = contract.OPERATIONS[operation_id]
    create_only = facts["method"] == "POST"
    nullable = set(facts["nullable"])
    url_maps = tuple(facts["url_map_fields"])
    return ItemSpec(
        name=facts["path"].rstrip("/").rsplit("/", 1)[-1].removesuffix("s"),
        models=(getattr(generated_models, facts["item_schema"]), *models),
        allowed=frozenset(facts["fields"]),
        create_required=tuple(facts["create_required"]),
        create_only=create_only,
        non_nullable=frozenset(f for f in facts["fields"] if f not in nullable and f != "id"),
        url_fields=tuple(facts["url_fields"]),
        url_map_fields=url_maps,
        datetime_fields=tuple(facts["datetime_fields"]),
        patch_fields=tuple(f for f in facts["object_fields"] if f not in url_maps),
    )


@functools.cache
def _spec_of(operation_id: str) -> ItemSpec:
    return item_spec(operation_id)


def check_items(operation_id: str, items: Sequence[Any], start: int = 0) -> None:
    """Every client-side check of `operation_id` on `items`, sending nothing.

    Raises `InvalidItemError` naming the first bad item (its index counted from `start`) and
    field. `operation_id` is the spec's: createLinks, upsertLinks, upsertCollections or
    upsertPartners.
    """
    spec, batch = _spec_of(operation_id), list(items)
    if spec.encode_plain(batch) is None:  # the fast path said "not sure": look item by item
        spec.prepare(batch, start)
