"""G2: schema-valid input never gets a 5xx, including awkward text and one-item updates.

Found by the kill matrix: the robustness faults (a 500 on an apostrophe in a title, a 500 on a
one-item update that sets utm) were caught only in passing by tests of other guarantees, never by
G2's own tests; the schemathesis layer's random text rarely holds a quote. These tests send, for
every resource, (1) text full of the characters that break naive SQL, JSON, format strings and
bidi handling, in every plain-text field, as creates and as a one-item update, and (2) a one-item
update that sets each optional field on an object that does not have it yet.
"""

from __future__ import annotations

from typing import Any

import pytest
from hoko_contract import spec, strategies
from hoko_contract.factory import Factory
from hoko_contract.http import Api, expect
from hoko_contract.strategies import Refs
from hypothesis import given, settings
from hypothesis import strategies as st

AWKWARD = (
    "O'Brien's \"quoted\" link",
    "'; DROP TABLE links; --",
    "back\\slash \\n \\u0000 %s %d {0} ${x} `tick`",
    "رابط تجريبي \u200f mixed RTL 🚀 emoji ✓",
    "<script>alert('x')</script> & &amp;",
)


def _text_fields(schema_name: str) -> dict[str, int | None]:
    """Plain free-text fields (no format, pattern or enum; not a reference) and their maxLength."""
    out: dict[str, int | None] = {}
    for name, prop in spec.properties(schema_name).items():
        prop = spec.resolve(prop)
        types = prop.get("type")
        if "oneOf" in prop or "anyOf" in prop:
            continue
        is_text = types == "string" or (isinstance(types, list) and "string" in types)
        plain = not ({"format", "pattern", "enum", "const"} & prop.keys())
        if is_text and plain and name not in strategies.REFERENCES and name != "id":
            out[name] = prop.get("maxLength")
    return out


def _fit(value: str, max_len: int | None) -> str:
    return value[:max_len] if max_len else value


def _awkward_items(resource: str, make: Factory, refs: dict[str, str]) -> list[dict[str, Any]]:
    schema_name = spec.upsert_for(resource).item_schema_name
    fields = _text_fields(schema_name)
    items = []
    for text in AWKWARD:
        item = make.create_item(resource, refs)
        for name, max_len in fields.items():
            tagged = f"{make.unique()}-{text}" if name in strategies.TAGGED else text
            item[name] = _fit(tagged, max_len)
        items.append(item)
    return items


@pytest.mark.guarantee("G2")
@pytest.mark.parametrize("op_id", [op.op_id for op in spec.operations()])
def test_awkward_text_accepted(op_id: str, api: Api, key: str, make: Factory) -> None:
    op = spec.operation(op_id)
    refs = {"collectionId": make.collections()[0]["id"]}
    items = _awkward_items(op.resource, make, refs)
    assert _text_fields(op.item_schema_name), f"{op.item_schema_name} has no plain text field"
    expect(api.send(op, items, key=key), op.success_status, "G2", "awkward text, one batch")
    for item in _awkward_items(op.resource, make, refs)[:2]:  # fresh: externalIds are unique
        expect(api.send(op, [item], key=key), op.success_status, "G2", "awkward text, one item")
    if op.is_upsert:
        for obj, item in zip(make.objects(op.resource, len(items)), items, strict=True):
            fields = _text_fields(op.item_schema_name)
            update = {"id": obj["id"], **{k: v for k, v in item.items() if k in fields}}
            update.pop("externalId", None)  # uniqueness is G14's business, not this test's
            expect(api.send(op, [update], key=key), 200, "G2", "awkward text, one-item update")


FIELDS = [(r, f) for r in spec.RESOURCES for f in spec.optional_fields(r)]


@pytest.mark.guarantee("G2")
@pytest.mark.parametrize(("resource", "name"), FIELDS, ids=[f"{r}.{f}" for r, f in FIELDS])
@settings(max_examples=2)
@given(data=st.data())
def test_one_item_update_sets_a_new_field(
    resource: str, name: str, data: st.DataObject, api: Api, key: str, make: Factory, refs: Refs
) -> None:
    op = spec.upsert_for(resource)
    obj = make.objects(resource)[0]
    value = data.draw(
        strategies.field_value(op.item_schema_name, name, refs, make.tag, nullable_ok=False)
    )
    res = api.send(op, [{"id": obj["id"], name: value}], key=key)
    expect(res, 200, "G2", f"one-item update setting {name}")
