"""Body handling (D7, D18, D21, D22, D33): every bad body is a clean 400/413, never a 500."""

from __future__ import annotations

from collections.abc import AsyncIterator

import orjson
import pytest
from hoko_reference.spec import load_spec

from tests.reference.conftest import (
    BASIC_C,
    COLLECTIONS,
    FULL_A,
    LINKS,
    PARTNERS,
    Api,
    assert_error,
)

pytestmark = pytest.mark.anyio

MAX_BODY_BYTES = load_spec().max_body_bytes


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "application/jsonx"]
)
async def test_a_body_that_is_not_application_json_is_400(
    api: Api, content_type: str | None
) -> None:
    headers = {"Authorization": f"Bearer {FULL_A}"}
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = await api.client.put(COLLECTIONS, content=b'[{"name":"a"}]', headers=headers)
    assert_error(response, 400, index=None, field=None)
    assert api.db("SELECT count(*) FROM collections") == [(0,)]


@pytest.mark.parametrize(
    "content_type",
    ["application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8"],
)
async def test_json_content_type_parameters_and_case_are_accepted(
    api: Api, content_type: str
) -> None:
    response = await api.send(
        "PUT", COLLECTIONS, [{"name": "a"}], headers={"Content-Type": content_type}
    )
    await api.ok(response)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{not json",
        b'[{"name": "a"}',
        b"[1,]",
        b"\xff\xfe[]",
        b'[{"name": "\xc3\x28"}]',  # invalid UTF-8
        b'[{"name": "\\ud800"}]',  # lone surrogate escape
        b'[{"name": "a"}] trailing',
        b"NaN",
        b"[" * 2000 + b"]" * 2000,  # nesting deeper than any parser should follow
        b'[{"name": 123456789012345678901234567890}]',
    ],
)
async def test_malformed_json_is_400(api: Api, raw: bytes) -> None:
    assert_error(await api.send("PUT", COLLECTIONS, raw), 400)


@pytest.mark.parametrize("body", [{}, {"name": "a"}, "text", 1, None, True])
async def test_a_body_that_is_not_an_array_is_400(api: Api, body: object) -> None:
    assert_error(await api.send("PUT", COLLECTIONS, body), 400, index=None, field=None)


@pytest.mark.parametrize("path", [LINKS, COLLECTIONS, PARTNERS])
async def test_an_empty_array_is_400(api: Api, path: str) -> None:
    assert_error(await api.send("PUT", path, []), 400, index=None)


@pytest.mark.parametrize("item", [1, "a", None, [], [{"name": "a"}]])
async def test_items_that_are_not_objects_are_400_with_their_index(api: Api, item: object) -> None:
    response = await api.put_collections([{"name": "ok"}, item])
    assert_error(response, 400, index=1)
    assert api.db("SELECT count(*) FROM collections") == [(0,)]


async def test_an_unknown_field_is_400_naming_it(api: Api) -> None:
    response = await api.put_collections([{"name": "a"}, {"name": "b", "colour": "red"}])
    assert_error(response, 400, index=1, field="colour")


async def test_a_wrong_type_is_400_naming_the_field(api: Api) -> None:
    response = await api.put_collections([{"name": 5}])
    assert_error(response, 400, index=0, field="name")


async def test_nested_errors_name_the_dotted_field(api: Api) -> None:
    collection = await api.collection()
    response = await api.post_links(
        [{"url": "https://e.com", "collectionId": collection["id"], "utm": {"source": 1}}]
    )
    assert_error(response, 400, index=0, field="utm.source")
    response = await api.post_links(
        [{"url": "https://e.com", "collectionId": collection["id"], "geo": {"US": "ftp://x"}}]
    )
    assert_error(response, 400, index=0, field="geo.US")


async def test_an_unknown_utm_key_is_400(api: Api) -> None:
    collection = await api.collection()
    response = await api.post_links(
        [{"url": "https://e.com", "collectionId": collection["id"], "utm": {"gclid": "x"}}]
    )
    assert_error(response, 400, index=0, field="utm.gclid")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com",
        "example.com",
        "javascript:alert(1)",
        "https://",
        "https://" + "a" * 2050,
    ],
)
async def test_urls_must_be_absolute_http_and_bounded(api: Api, url: str) -> None:
    collection = await api.collection()
    response = await api.post_links([{"url": url, "collectionId": collection["id"]}])
    assert_error(response, 400, index=0, field="url")


@pytest.mark.parametrize("country", ["us", "USA", "U1", ""])
async def test_geo_keys_are_two_upper_case_letters(api: Api, country: str) -> None:
    collection = await api.collection()
    response = await api.post_links(
        [
            {
                "url": "https://e.com",
                "collectionId": collection["id"],
                "geo": {country: "https://x.com"},
            }
        ]
    )
    assert_error(response, 400, index=0, field=f"geo.{country}")


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "t" * 501), ("description", "d" * 5001), ("externalId", ""), ("password", "")],
)
async def test_string_bounds_come_from_the_spec(api: Api, field: str, value: str) -> None:
    collection = await api.collection()
    response = await api.post_links(
        [{"url": "https://e.com", "collectionId": collection["id"], field: value}]
    )
    assert_error(response, 400, index=0, field=field)


async def test_a_huge_string_is_a_clean_400(api: Api) -> None:
    response = await api.put_collections([{"name": "n" * 5_000_000}])
    body = assert_error(response, 400, index=0, field="name")
    assert len(response.content) < 10_000, "the error must not echo the huge value"
    assert body["details"]


async def test_nul_characters_are_stored_and_returned_intact(api: Api) -> None:
    collection = await api.collection(name="a\u0000b", description="\u0000")
    assert collection["name"] == "a\u0000b"
    again = (await api.ok(await api.put_collections([{"id": collection["id"]}])))[0]
    assert again["name"] == "a\u0000b" and again["description"] == "\u0000"


async def test_unicode_round_trips(api: Api) -> None:
    name = "مجموعة 🚀 \U0010ffff"
    collection = await api.collection(name=name)
    assert collection["name"] == name


async def test_a_declared_body_over_16_mib_is_413_without_reading_it(api: Api) -> None:
    sent = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(32):
            sent += 1
            yield b" " * (1024 * 1024)

    response = await api.client.put(
        COLLECTIONS,
        content=body(),
        headers={
            "Authorization": f"Bearer {FULL_A}",
            "Content-Type": "application/json",
            "Content-Length": str(MAX_BODY_BYTES + 1),
        },
    )
    assert_error(response, 413)
    assert sent <= 2, f"the server pulled {sent} MiB of a body it had to refuse"


async def test_a_streamed_body_over_16_mib_is_413_once_the_limit_is_crossed(api: Api) -> None:
    sent = 0

    async def chunked() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'[{"name": "'
        for _ in range(64):
            sent += 1
            yield b"a" * (1024 * 1024)
        yield b'"}]'

    response = await api.client.put(
        COLLECTIONS,
        content=chunked(),
        headers={"Authorization": f"Bearer {FULL_A}", "Content-Type": "application/json"},
    )
    assert_error(response, 413)
    assert sent <= 18, f"the server read {sent} MiB before refusing"
    assert api.db("SELECT count(*) FROM collections") == [(0,)]


async def test_a_body_just_under_the_limit_is_parsed(api: Api) -> None:
    # About 15 MiB of whitespace padding around a valid body: size alone is not an error.
    raw = b'[{"name": "a"}]' + b" " * (MAX_BODY_BYTES - 100)
    await api.ok(await api.send("PUT", COLLECTIONS, raw))


async def test_10000_items_are_accepted_and_10001_rejected(api: Api) -> None:
    ok = await api.put_collections([{"name": f"c{i}"} for i in range(10_000)])
    assert len(await api.ok(ok)) == 10_000
    too_many = await api.put_collections([{"name": f"c{i}"} for i in range(10_001)])
    assert_error(too_many, 400, index=None)
    assert api.db("SELECT count(*) FROM collections") == [(10_000,)]


async def test_the_basic_plan_caps_a_batch_at_100(api: Api) -> None:
    ok = await api.put_collections([{"name": "c"}] * 100, key=BASIC_C)
    assert len(await api.ok(ok)) == 100
    over = await api.put_collections([{"name": "c"}] * 101, key=BASIC_C)
    assert_error(over, 400, index=None)
    assert api.db("SELECT count(*) FROM collections") == [(100,)]


async def test_validation_details_are_bounded(api: Api) -> None:
    response = await api.put_collections([{"bad": i} for i in range(5000)])
    body = assert_error(response, 400)
    assert 1 <= len(body["details"]) <= 20
    assert len(orjson.dumps(body)) < 20_000
