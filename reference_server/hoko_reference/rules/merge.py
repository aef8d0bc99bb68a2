"""How an item changes a stored record (D10-D13): sent fields replace, omitted fields keep,
null clears; `utm` merges key by key, `geo` replaces the whole map, `cloaked` is a boolean."""

from __future__ import annotations

from typing import Any

from ..errors import Detail, invalid
from ..timestamps import format_utc, parse_rfc3339

Record = dict[str, Any]


def apply_fields(resource: str, record: Record, item: Record) -> None:
    """Partial update (D11): every sent field replaces the stored one; null clears it."""
    record.update(item)


def apply_link_fields(
    index: int, record: Record, item: Record, expiry_texts: dict[str, str]
) -> None:
    """`apply_fields` for links, plus their typed fields: `cloaked` false and null both read
    back false (D12), and `expiresAt` is stored as UTC with Z (D9). `utm` and `geo` are merged
    after this by their own rules. `expiry_texts` caches the conversion per batch (a batch
    tends to repeat one expiry)."""
    record.update(item)
    if "cloaked" in item:
        record["cloaked"] = bool(item["cloaked"])
    expires = item.get("expiresAt")
    if expires is not None:
        text = expiry_texts.get(expires)
        if text is None:
            try:
                text = expiry_texts[expires] = format_utc(parse_rfc3339(expires))
            except ValueError as exc:
                raise invalid([Detail(index, "expiresAt", str(exc))]) from None
        record["expiresAt"] = text


def merge_utm(old: dict[str, str] | None, patch: dict[str, Any] | None) -> dict[str, str] | None:
    """D10: only the sent keys change, a key sent as null is removed, `utm: null` clears all;
    none left reads back null."""
    if patch is None:
        return None
    if None in patch.values():
        merged = dict(old) if old else {}
        for key, part in patch.items():
            if part is None:
                merged.pop(key, None)
            else:
                merged[key] = part
    else:  # the common case, in C: the body's own dict is ours to keep
        merged = {**old, **patch} if old else patch
    return merged or None


def replace_geo(old: dict[str, str] | None, new: dict[str, str] | None) -> dict[str, str] | None:
    """D13: a `geo` sent replaces the whole map (no per-country merge); null clears it."""
    return new
