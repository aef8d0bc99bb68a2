"""Every error class, raised from real server answers (and client-side checks) in both clients."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

import hoko
import pytest

from .conftest import (
    ALL_KEYS,
    BASIC_C,
    FULL_B,
    READONLY_A,
    SLOW_LIMITED,
    Drive,
)

pytestmark = pytest.mark.anyio


async def test_unknown_key_is_authentication_error(drive: Drive) -> None:
    client = drive.client("hk_live_not_a_key")
    with pytest.raises(hoko.AuthenticationError) as info:
        await drive.call("collections.upsert", [{"name": "x"}], client=client)
    err = info.value
    assert err.status_code == 401
    assert err.message_en and err.message_ar
    assert err.response.status_code == 401
    assert isinstance(err.body, dict) and "error" in err.body
    assert isinstance(err, hoko.APIStatusError) and isinstance(err, hoko.HokoError)
    assert "hk_live_not_a_key" not in str(err) and "hk_live_not_a_key" not in repr(err)


async def test_missing_scope_is_permission_denied_with_missing_scopes(drive: Drive) -> None:
    client = drive.client(READONLY_A)
    with pytest.raises(hoko.PermissionDeniedError) as info:
        await drive.call("collections.upsert", [{"name": "x"}], client=client)
    assert info.value.status_code == 403
    assert info.value.missing_scopes == ["collectionsWrite"]
    # D1: partners need linksWrite, read from the spec by the server
    with pytest.raises(hoko.PermissionDeniedError) as info:
        await drive.call("partners.upsert", [{"name": "x"}], client=client)
    assert info.value.missing_scopes == ["linksWrite"]


async def test_plan_gated_field_is_permission_denied_without_missing_scopes(drive: Drive) -> None:
    basic = drive.client(BASIC_C)
    [col] = await drive.call("collections.upsert", [{"name": "c"}], client=basic)
    with pytest.raises(hoko.PermissionDeniedError) as info:
        await drive.call(
            "links.create",
            [{"url": "https://example.com", "collectionId": str(col.id), "password": "pw"}],
            client=basic,
        )
    assert info.value.status_code == 403
    assert info.value.missing_scopes == []


async def test_server_rejection_is_bad_request_with_details(drive: Drive) -> None:
    cid = await drive.collection()
    good = {"url": "https://example.com/ok", "collectionId": cid}
    with pytest.raises(hoko.BadRequestError) as info:
        await drive.call("links.upsert", [good, {"id": str(uuid.uuid4()), "title": "ghost"}, good])
    err = info.value
    assert err.status_code == 400
    assert err.item_indices == [1]
    assert any(d.field == "id" for d in err.details)
    assert "item 1" in str(err)
    # D4: nothing written
    assert await _link_count(drive, cid) == 0


async def test_other_workspace_collection_is_bad_request(drive: Drive) -> None:
    cid = await drive.collection()
    other = drive.client(FULL_B)
    with pytest.raises(hoko.BadRequestError):
        await drive.call(
            "links.create", [{"url": "https://e.com", "collectionId": cid}], client=other
        )


async def test_plan_batch_cap_is_bad_request_and_batch_size_fixes_it(drive: Drive) -> None:
    basic = drive.client(BASIC_C)
    items = [{"name": f"n{i}"} for i in range(101)]
    with pytest.raises(hoko.BadRequestError):
        await drive.call("collections.upsert", items, client=basic)
    result = await drive.call("collections.upsert", items, client=basic, batch_size=100)
    assert [c.name for c in result] == [f"n{i}" for i in range(101)]
    assert [s.items for s in drive.transport.requests_to("/api/collections")][-2:] == [100, 1]
    # the same as a client option
    capped = basic.with_options(batch_size=100)
    assert len(await drive.call("collections.upsert", items, client=capped)) == 101


async def test_payload_too_large_from_server(drive: Drive, monkeypatch: pytest.MonkeyPatch) -> None:
    # The client never builds an over-size body on its own; lift its cap to see the server's 413.
    monkeypatch.setattr(hoko._constants, "MAX_BODY_BYTES", 64 * 1024 * 1024)
    items = [{"name": "n", "description": "x" * (2 * 1024 * 1024)} for _ in range(9)]
    with pytest.raises(hoko.PayloadTooLargeError) as info:
        await drive.call("collections.upsert", items)
    assert info.value.status_code == 413
    assert drive.transport.seen[-1].items == 9


@pytest.mark.parametrize(
    ("path", "item", "index_field"),
    [
        ("links.create", {"url": "https://e.com"}, "collectionId"),
        ("links.upsert", {"title": "no id, no url"}, "url"),
        ("links.create", {"url": "ftp://e.com/x", "collectionId": "C"}, "url"),
        ("links.upsert", {"id": "I", "ios": "javascript:alert(1)"}, "ios"),
        ("links.upsert", {"id": "I", "geo": {"SA": "e.com"}}, "geo.SA"),
        ("links.upsert", {"id": "I", "colour": "red"}, "colour"),
        ("links.create", {"id": "I", "url": "https://e.com", "collectionId": "C"}, "id"),
        ("links.upsert", {"id": "I", "url": None}, "url"),
        ("links.create", {"url": "https://e.com", "collectionId": "C", "title": None}, "title"),
        ("links.upsert", {"id": "I", "expiresAt": dt.datetime(2030, 1, 1)}, "expiresAt"),
        ("collections.upsert", {"description": "no name"}, "name"),
        ("collections.upsert", {"id": "I", "name": None}, "name"),
        ("partners.upsert", {"name": "p", "fax": "1"}, "fax"),
    ],
)
async def test_client_side_checks_name_index_and_field_and_send_nothing(
    drive: Drive, path: str, item: dict[str, object], index_field: str
) -> None:
    fine = (
        {"name": "ok"}
        if not path.startswith("links")
        else {"url": "https://e.com", "collectionId": str(uuid.uuid4())}
    )
    items = [fine] * 9_999 + [item]
    with pytest.raises(hoko.InvalidItemError) as info:
        await drive.call(path, items)
    err = info.value
    assert isinstance(err, ValueError)
    assert (err.index, err.field) == (9_999, index_field)
    assert "item 9999" in str(err) and index_field in str(err)
    assert drive.transport.seen == []


async def test_single_item_over_the_byte_cap_is_rejected_before_sending(
    drive: Drive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hoko._constants, "MAX_BODY_BYTES", 4096)
    items = [{"name": "a"}, {"name": "b", "description": "x" * 5000}]
    with pytest.raises(hoko.InvalidItemError, match="item 1") as info:
        await drive.call("collections.upsert", items)
    assert info.value.index == 1
    assert drive.transport.seen == []


async def test_batch_size_out_of_range_is_value_error(drive: Drive) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        await drive.call("collections.upsert", [{"name": "x"}], batch_size=10_001)
    with pytest.raises(ValueError, match="batch_size"):
        drive.client(batch_size=0)


async def test_rate_limit_error_carries_typed_fields_when_not_retrying(drive: Drive) -> None:
    client = drive.client(SLOW_LIMITED, max_retries=0)
    await drive.call("collections.upsert", [{"name": "a"}], client=client)
    with pytest.raises(hoko.RateLimitError) as info:
        await drive.call("collections.upsert", [{"name": "b"}], client=client)
    err = info.value
    assert err.status_code == 429
    assert err.limit == 1 and err.remaining == 0
    assert isinstance(err.reset, int) and err.reset >= 1
    assert err.retry_after is not None and err.retry_after > 60
    assert isinstance(err.error, object) and err.body["retryAfter"] >= 1


async def test_no_secret_in_any_exception_or_log_record(
    drive: Drive, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    errors: list[BaseException] = []
    scenarios: list[
        tuple[hoko.Hoko | hoko.AsyncHoko, str, list[dict[str, str]], dict[str, Any]]
    ] = [
        (drive.client("hk_secret_wrong_key"), "collections.upsert", [{"name": "x"}], {}),
        (drive.client(READONLY_A), "links.upsert", [{"id": str(uuid.uuid4())}], {}),
        (drive.client(), "links.upsert", [{"id": str(uuid.uuid4())}], {}),
        (drive.client(SLOW_LIMITED, max_retry_wait=0.0), "partners.upsert", [{"name": "p"}], {}),
        (drive.client(SLOW_LIMITED, max_retry_wait=0.0), "partners.upsert", [{"name": "p"}], {}),
        (drive.client(), "links.create", [{"url": "x"}], {}),
    ]
    drive.transport.plan.extend([None, None, None, None, None])
    for client, path, items, kw in scenarios:
        try:
            await drive.call(path, items, client=client, **kw)
        except Exception as exc:
            errors.append(exc)
    # faults after retries are exhausted
    faulty = drive.client(max_retries=1)
    drive.transport.plan.extend(["500", "500", "timeout", "timeout", "drop", "drop"])
    for _ in range(3):
        try:
            await drive.call(
                "collections.upsert", [{"id": str(uuid.uuid4()), "name": "n"}], client=faulty
            )
        except Exception as exc:
            errors.append(exc)
    # a partial failure: BulkError's message embeds its cause
    bad = [{"name": "a"}, {"name": "b"}, {"id": str(uuid.uuid4()), "name": "ghost"}]
    try:
        await drive.call("collections.upsert", bad, client=drive.client(), batch_size=2)
    except hoko.BulkError as exc:
        errors.append(exc)
    assert len(errors) >= 8
    assert hoko.BulkError in {type(e) for e in errors}
    kinds = {type(e) for e in errors}
    assert {hoko.AuthenticationError, hoko.PermissionDeniedError, hoko.BadRequestError} <= kinds
    assert hoko.RateLimitError in kinds and hoko.InternalServerError in kinds
    assert hoko.APITimeoutError in kinds and hoko.APIConnectionError in kinds
    assert caplog.records, "debug logging produced nothing"
    texts = [str(e) for e in errors] + [repr(e) for e in errors]
    texts += [str(e.args) for e in errors] + [str(e.__cause__) for e in errors]
    texts += [r.getMessage() for r in caplog.records]
    texts += [repr(c) for c in drive._clients]
    secrets = [*ALL_KEYS, "hk_secret_wrong_key"]
    for text in texts:
        for secret in secrets:
            assert secret not in text, (secret, text[:300])
    assert any("<redacted>" in r.getMessage() for r in caplog.records)


async def _link_count(drive: Drive, cid: str) -> int:
    from .conftest import db

    return int(db(drive.app, "SELECT count(*) FROM links WHERE collection_id = ?", cid)[0][0])


def test_missing_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOKO_API_KEY", raising=False)
    with pytest.raises(hoko.HokoError, match="HOKO_API_KEY"):
        hoko.Hoko()
    with pytest.raises(hoko.HokoError, match="HOKO_API_KEY"):
        hoko.AsyncHoko()


def test_key_with_header_breaking_characters_is_refused_without_echo() -> None:
    with pytest.raises(hoko.HokoError) as info:
        hoko.Hoko("hk_secret value\n")
    assert "hk_secret" not in str(info.value)
