"""Every example in the spec validates against its schema (JSON Schema 2020-12, formats on)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.foundation.conftest import Validate, escape, load_spec, operations

Example = tuple[str, str, Any]  # (where, schema pointer, value)


def _media_examples(media: dict[str, Any], pointer: str, where: str) -> list[Example]:
    found: list[Example] = []
    schema_pointer = f"{pointer}/schema"
    if "example" in media:
        found.append((f"{where} example", schema_pointer, media["example"]))
    for name, example in media.get("examples", {}).items():
        found.append((f"{where} examples/{name}", schema_pointer, example["value"]))
    return found


def _collect(spec: dict[str, Any]) -> list[Example]:
    found: list[Example] = []
    for method, path, op in operations(spec):
        base = f"#/paths/{escape(path)}/{method}"
        for media_type, media in op.get("requestBody", {}).get("content", {}).items():
            found += _media_examples(
                media,
                f"{base}/requestBody/content/{escape(media_type)}",
                f"{op['operationId']} request",
            )
        for status, response in op["responses"].items():
            if "$ref" in response:
                continue  # shared responses are collected once from components below
            for media_type, media in response.get("content", {}).items():
                found += _media_examples(
                    media,
                    f"{base}/responses/{status}/content/{escape(media_type)}",
                    f"{op['operationId']} {status}",
                )
    for name, response in spec["components"].get("responses", {}).items():
        for media_type, media in response.get("content", {}).items():
            found += _media_examples(
                media,
                f"#/components/responses/{name}/content/{escape(media_type)}",
                f"components/responses/{name}",
            )
    for name, schema in spec["components"]["schemas"].items():
        for i, value in enumerate(schema.get("examples", [])):
            found.append(
                (f"components/schemas/{name} examples/{i}", f"#/components/schemas/{name}", value)
            )
        if "example" in schema:
            found.append(
                (
                    f"components/schemas/{name} example",
                    f"#/components/schemas/{name}",
                    schema["example"],
                )
            )
    return found


EXAMPLES = _collect(load_spec())


def test_examples_were_found() -> None:
    # 4 operations x (request + success) examples, plus one per shared error response.
    requests = [e for e in EXAMPLES if " request " in e[0]]
    responses = [e for e in EXAMPLES if e[0].split()[1] in {"201", "200"}]
    errors = [e for e in EXAMPLES if e[0].startswith("components/responses/")]
    assert len(requests) >= 7 and len(responses) >= 7 and len(errors) >= 8, EXAMPLES


@pytest.mark.parametrize(("where", "pointer", "value"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_example_validates(validate: Validate, where: str, pointer: str, value: Any) -> None:
    assert validate(pointer, value) == []


def test_validation_catches_bad_examples(validate: Validate) -> None:
    # The check above must be able to fail: mutate real examples in ways each keyword forbids.
    by_where = {e[0]: e for e in EXAMPLES}
    _, pointer, value = by_where["createLinks request examples/targeting"]
    item = value[0]
    assert validate(pointer, [{**item, "collectionId": "not-a-uuid"}])  # format: uuid
    assert validate(pointer, [{**item, "expiresAt": "31/12/2026"}])  # format: date-time
    assert validate(pointer, [{**item, "url": "ftp://example.com"}])  # http(s) pattern
    assert validate(pointer, [{**item, "color": "red"}])  # closed item
    assert validate(pointer, [])  # minItems
    _, pointer, value = by_where["createLinks 201 examples/targeting"]
    link = {k: v for k, v in value[0].items() if k != "collectionId"}
    assert validate(pointer, [link])  # why D20 amends the seed example
    _, pointer, value = by_where["upsertPartners request examples/update"]
    assert validate(pointer, [{**value[0], "email": "not-an-email"}])  # format: email


def test_amended_examples(validate: Validate) -> None:
    """D20: seed response examples gain `collectionId` (required) and `utm` (D10)."""
    by_where = {e[0]: e[2] for e in EXAMPLES}
    for where in (
        "createLinks 201 examples/targeting",
        "createLinks 201 examples/metadata",
        "upsertLinks 200 examples/targeting",
    ):
        assert all("collectionId" in link for link in by_where[where]), where
    request_utm = by_where["createLinks request examples/metadata"][0]["utm"]
    assert by_where["createLinks 201 examples/metadata"][0]["utm"] == request_utm
