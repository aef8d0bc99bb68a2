"""Hypothesis strategies derived from the spec's schemas.

`from_schema` turns a (resolved) JSON Schema into a strategy; field lists, nullability, bounds and
formats all come from openapi/hoko.yaml. Only two things are ours: which fields reference other
objects (their values must be real ids, D14) and which carry the run tag (staging clean-up).
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import string
from typing import Any

from hypothesis import strategies as st

from . import profile, spec

JSON = dict[str, Any]

# Fields whose value must name an existing object of another resource (D14).
REFERENCES = {"collectionId": "collections", "partnerId": "partners"}
# String fields that carry the run tag so staging data can be found and removed.
TAGGED = ("name", "tenantId", "externalId")
# Strings stay short by default: schemathesis' coverage phase probes the length limits.
DEFAULT_MAX_TEXT = 40

_TEXT_ALPHABET = st.characters(exclude_categories=("Cs", "Cc"))
# In the documented profile values stay where Hoko's docs leave no doubt (our bounds and formats
# are decisions, D9, D21, D22): real country codes, future UTC instants like the docs' example,
# E.164-style phone numbers as in seed 002.
COUNTRIES = ("US", "SA", "GB", "DE", "FR", "AE", "EG", "JP", "IN", "BR")
_PHONE = st.integers(10_000_000, 99_999_999_999).map(lambda n: f"+{n}")
_LABEL = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=12)


def _merge_all_of(s: JSON) -> JSON:
    if "allOf" not in s:
        return s
    merged = {k: v for k, v in s.items() if k != "allOf"}
    for sub in s["allOf"]:
        merged.update(_merge_all_of(sub))
    return merged


def _url(max_len: int) -> st.SearchStrategy[str]:
    path = st.lists(
        st.text(alphabet=string.ascii_letters + string.digits + "-._~", min_size=1, max_size=10),
        max_size=3,
    )
    s = st.builds(
        lambda scheme, host, tld, segs, q: (
            f"{scheme}://{host}.{tld}" + "".join("/" + p for p in segs) + (f"?q={q}" if q else "")
        ),
        st.sampled_from(["http", "https"]),
        _LABEL,
        st.sampled_from(["com", "org", "test", "example"]),
        path,
        st.one_of(st.none(), _LABEL),
    )
    return s.filter(lambda u: len(u) <= max_len)


def _datetime() -> st.SearchStrategy[str]:
    if profile.documented():
        return st.datetimes(
            min_value=dt.datetime(2030, 1, 1), max_value=dt.datetime(2099, 12, 31)
        ).map(lambda d: d.replace(microsecond=0).isoformat() + "Z")
    offsets = st.sampled_from([0, 0, 60, -300, 330])
    return st.builds(
        lambda d, off, z: (
            d.replace(tzinfo=dt.timezone(dt.timedelta(minutes=off))).isoformat()
            if not (z and off == 0)
            else d.replace(tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")
        ),
        st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)),
        offsets,
        st.booleans(),
    )


def _email(max_len: int) -> st.SearchStrategy[str]:
    return st.builds(lambda a, b: f"{a}@{b}.example", _LABEL, _LABEL).filter(
        lambda e: len(e) <= max_len
    )


def _string(s: JSON, max_text: int) -> st.SearchStrategy[str]:
    fmt = s.get("format")
    max_len = int(s.get("maxLength", 10_000))
    min_len = int(s.get("minLength", 0))
    pattern = s.get("pattern")
    if fmt == "uuid":
        return st.uuids().map(str)
    if fmt == "uri" or (pattern and "ttp" in pattern):
        return _url(max_len)
    if fmt == "date-time":
        return _datetime()
    if fmt == "email":
        return _email(max_len)
    if pattern == "^[A-Z]{2}$":
        if profile.documented():
            return st.sampled_from(COUNTRIES)
        return st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=2)
    if pattern:
        regex: st.SearchStrategy[str] = st.from_regex(str(pattern), fullmatch=True)
        return regex.filter(lambda v: min_len <= len(v) <= max_len)
    text = st.text(alphabet=_TEXT_ALPHABET, min_size=min_len, max_size=min(max_len, max_text))
    return text


def from_schema(s: JSON, *, allow_null: bool = True, max_text: int = DEFAULT_MAX_TEXT) -> Any:
    """A strategy for values valid against schema `s` (resolved, as from spec.schema)."""
    s = _merge_all_of(s)
    if "oneOf" in s or "anyOf" in s:
        options: list[JSON] = s.get("oneOf") or s.get("anyOf") or []
        alts = [a for a in options if allow_null or a.get("type") != "null"]
        return st.one_of(*[from_schema(a, allow_null=allow_null, max_text=max_text) for a in alts])
    t = s.get("type")
    if isinstance(t, list):
        types = [x for x in t if allow_null or x != "null"]
        return st.one_of(*[from_schema({**s, "type": x}, max_text=max_text) for x in types])
    if t == "null":
        return st.none()
    if t == "boolean":
        return st.booleans()
    if t == "integer":
        return st.integers(min_value=s.get("minimum"), max_value=s.get("maximum"))
    if t == "string":
        return _string(s, max_text)
    if t == "object":
        props: dict[str, JSON] = s.get("properties", {})
        if props:
            required = set(s.get("required", []))
            return st.fixed_dictionaries(
                {k: from_schema(v, max_text=max_text) for k, v in props.items() if k in required},
                optional={
                    k: from_schema(v, max_text=max_text)
                    for k, v in props.items()
                    if k not in required
                },
            )
        extra = s.get("additionalProperties")
        if isinstance(extra, dict):
            keys = from_schema(s.get("propertyNames", {"type": "string"}), max_text=max_text)
            max_props = min(int(s.get("maxProperties", 4)), 4)
            return st.dictionaries(
                keys, from_schema(extra, max_text=max_text), min_size=1, max_size=max_props
            )
        return st.just({})
    raise NotImplementedError(f"schema not supported: {s}")


def field_schema(schema_name: str, name: str) -> JSON:
    return spec.properties(schema_name)[name]


def value_for(schema_name: str, name: str) -> Any:
    """A non-null value for one field of an item schema."""
    return from_schema(field_schema(schema_name, name), allow_null=False)


class Refs:
    """Real objects the generated items may point at (filled by the fixtures)."""

    def __init__(self, collections: list[str], partners: list[str]) -> None:
        self.by_resource = {"collections": collections, "partners": partners}

    def strategy(self, field: str) -> st.SearchStrategy[str]:
        return st.sampled_from(self.by_resource[REFERENCES[field]])


_SALT = secrets.token_hex(3)
_COUNTER = itertools.count()


def tagged(tag: str, max_len: int) -> st.SearchStrategy[str]:
    """A string that starts with the run tag and is unique in the process (externalId, D14).

    Not drawn from hypothesis: replayed examples must not collide with objects created earlier.
    """
    return st.builds(lambda: f"{tag}-{_SALT}{next(_COUNTER)}"[:max_len])


def field_value(
    schema_name: str, name: str, refs: Refs, tag: str, *, nullable_ok: bool
) -> st.SearchStrategy[Any]:
    prop = field_schema(schema_name, name)
    if name in REFERENCES:
        base: st.SearchStrategy[Any] = refs.strategy(name)
    elif name in TAGGED:
        base = tagged(tag, int(_merge_all_of(prop).get("maxLength", 255)))
    elif name == "phone" and profile.documented():
        base = _PHONE
    else:
        base = from_schema(prop, allow_null=False)
    if nullable_ok and spec.allows_null(prop):
        return st.one_of(base, st.none())
    return base


@st.composite
def create_item(
    draw: st.DrawFn, resource: str, schema_name: str, refs: Refs, tag: str
) -> dict[str, Any]:
    """An item that creates an object: required fields plus a random subset of the others."""
    props = spec.properties(schema_name)
    required = spec.create_required(schema_name)
    names = [f for f in props if f != "id"]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    item: dict[str, Any] = {}
    for name in names:
        if name in required or name in chosen or name == "tenantId":
            item[name] = draw(field_value(schema_name, name, refs, tag, nullable_ok=False))
    return item


@st.composite
def update_item(
    draw: st.DrawFn, resource: str, obj_id: str, refs: Refs, tag: str, *, min_fields: int = 0
) -> dict[str, Any]:
    """A partial update: `id` plus a random subset of fields, each set or (if nullable) null."""
    schema_name = spec.upsert_for(resource).item_schema_name
    names = spec.optional_fields(resource)
    chosen = draw(
        st.lists(st.sampled_from(names), unique=True, min_size=min_fields, max_size=len(names))
    )
    item: dict[str, Any] = {"id": obj_id}
    for name in names:
        if name in chosen:
            item[name] = draw(field_value(schema_name, name, refs, tag, nullable_ok=True))
    return item
