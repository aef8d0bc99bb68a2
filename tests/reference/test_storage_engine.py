"""The storage engine's own promises: schema-1 files migrate, checkpoints leave the request path,
the cyclic GC pause always ends."""

from __future__ import annotations

import gc
import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from hoko_reference import create_app
from hoko_reference.gcpause import GcPause

from .conftest import FULL_A, Api

pytestmark = pytest.mark.anyio

# The schema-1 layout exactly as version 1 of the server created it (a column per link field).
SCHEMA_V1 = """
CREATE TABLE collections (id TEXT PRIMARY KEY, workspace TEXT NOT NULL, name TEXT NOT NULL,
    description TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX collections_workspace ON collections (workspace);
CREATE TABLE partners (id TEXT PRIMARY KEY, workspace TEXT NOT NULL, name TEXT NOT NULL,
    email TEXT, phone TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX partners_workspace ON partners (workspace);
CREATE TABLE links (id TEXT PRIMARY KEY, workspace TEXT NOT NULL, code TEXT NOT NULL,
    url TEXT NOT NULL, collection_id TEXT NOT NULL, title TEXT, description TEXT, image TEXT,
    utm TEXT, expires_at TEXT, expired_url TEXT, password TEXT,
    cloaked INTEGER NOT NULL DEFAULT 0, ios TEXT, android TEXT, geo TEXT, external_id TEXT,
    tenant_id TEXT, partner_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE UNIQUE INDEX links_code ON links (code);
CREATE INDEX links_workspace_external_id ON links (workspace, external_id)
    WHERE external_id IS NOT NULL;
"""
COLLECTION = "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01"
LINK = "8a1e2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b"
STAMP = "2026-01-02T03:04:05.000006Z"


def _write_v1(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.executescript(SCHEMA_V1)
        conn.execute(
            "INSERT INTO collections VALUES (?, 'A', 'old', NULL, ?, ?)", (COLLECTION, STAMP, STAMP)
        )
        conn.execute(
            "INSERT INTO links VALUES (?, 'A', 'AbCd_-12', 'https://example.com/old', ?, "
            "?, NULL, NULL, ?, '2027-01-01T00:00:00Z', NULL, 'pw', 1, NULL, NULL, ?, 'ext-1', "
            "NULL, NULL, ?, ?)",
            (
                LINK,
                COLLECTION,
                "nul\x00inside",  # a NUL must survive the move to JSON
                '{"source":"news","medium":"email"}',
                '{"SA":"https://example.com/sa"}',
                STAMP,
                STAMP,
            ),
        )
        conn.execute("PRAGMA user_version = 1")


async def test_a_schema_1_database_is_migrated_with_every_field_kept(tmp_path: Path) -> None:
    db = tmp_path / "v1.sqlite3"
    _write_v1(db)
    app = create_app(db_path=db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://hoko.test"
    ) as client:
        api = Api(client, app)
        # A partial update: every field it does not send must come from the migrated row.
        (link,) = await api.ok(await api.put_links([{"id": LINK, "utm": {"term": "t"}}]))
        assert link["title"] == "nul\x00inside"
        assert link["utm"] == {"source": "news", "medium": "email", "term": "t"}
        assert link["geo"] == {"SA": "https://example.com/sa"}
        assert link["cloaked"] is True
        assert link["password"] == "pw"
        assert link["externalId"] == "ext-1"
        assert link["shortUrl"].endswith("/AbCd_-12")
        assert link["createdAt"] == STAMP
        assert link["updatedAt"] > STAMP
        # The migrated externalId is still indexed for uniqueness (D14).
        clash = await api.post_links(
            [{"url": "https://example.com/n", "collectionId": COLLECTION, "externalId": "ext-1"}]
        )
        assert clash.status_code == 400
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "links_v1" not in tables


async def test_writes_reach_the_main_database_file_without_a_request_checkpointing(
    api: Api, db_path: Path
) -> None:
    """SQLite's own checkpoints are off, so only the helper thread can copy the WAL into the
    main file: if it did not run, the main file would stay at its empty size."""
    empty = db_path.stat().st_size
    collection = await api.collection()
    items = [
        {"url": f"https://example.com/{i}", "collectionId": collection["id"], "title": "x" * 200}
        for i in range(2_000)
    ]
    await api.ok(await api.post_links(items, key=FULL_A), 201)
    deadline = time.monotonic() + 20
    while db_path.stat().st_size < empty + 500_000 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert db_path.stat().st_size >= empty + 500_000
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000  # a new connection
    db = api.app.state.hoko.db
    assert db._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    assert db._conn.execute("PRAGMA synchronous").fetchone()[0] == 0


def test_the_gc_pause_ends_when_the_last_overlapping_request_ends() -> None:
    pause = GcPause()
    assert gc.isenabled()
    first = pause()
    second = pause()
    first.__enter__()
    assert not gc.isenabled()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second request is still running
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_the_gc_pause_ends_after_an_error_and_leaves_a_disabled_gc_alone() -> None:
    pause = GcPause()
    with pytest.raises(ValueError), pause():
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with pause():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_spliced_response_equals_encoding_each_link_object() -> None:
    """The fast path appends shortUrl/qrCode to the stored JSON; it must give the same objects
    as building each one, even for a base URL that needs JSON escaping."""
    import orjson
    from hoko_reference.rules.answers import LinkUrls, StoredLink, link_answers

    urls = LinkUrls('https://hö.example/a"b\\c')
    records: list[dict[str, Any]] = [
        {"id": LINK, "url": "https://example.com/ü", "title": 'say "hi"', "cloaked": False},
        {"id": COLLECTION, "url": "https://example.com/2", "title": None, "cloaked": True},
    ]
    links: list[StoredLink] = [
        (r, code, orjson.dumps(r)) for r, code in zip(records, ["Ab-_12Cd", "zz"], strict=True)
    ]
    spliced = orjson.loads(link_answers(urls, links))
    assert spliced == [urls.link_object(r, code) for r, code, _ in links]
    assert spliced[0]["shortUrl"] == 'https://hö.example/a"b\\c/Ab-_12Cd'
    assert link_answers(urls, []) == b"[]"
    assert orjson.loads(link_answers(urls, links[:1])) == spliced[:1]


async def test_requests_leave_no_gc_pause_behind(api: Api) -> None:
    """Successful answers end their pause after sending, errors at once; none is left over."""
    collection = await api.collection()
    await api.ok(
        await api.post_links([{"url": "https://example.com/a", "collectionId": collection["id"]}]),
        201,
    )
    assert (await api.post_links([{"url": "not a url"}])).status_code == 400
    assert (await api.put_links([], key=None)).status_code == 401
    assert api.app.state.hoko._gc_pause._active == 0
    assert gc.isenabled()


def test_an_answer_never_sent_still_ends_its_gc_pause() -> None:
    from hoko_reference.app import AfterResponse

    pause = GcPause()
    pause.enter()
    objects: list[object] = [[1, 2, 3]]
    after = AfterResponse(pause, objects)
    assert not gc.isenabled()
    del after  # the client left: the background task never ran
    assert gc.isenabled()
    assert objects == []


async def test_new_ids_are_version_7_and_ascend_within_a_batch(api: Api) -> None:
    """D35: new links get time-ordered ids, in input order, so each batch appends to the id
    index; the answer's ids still line up with the items (D6)."""
    import uuid

    collection = await api.collection()
    items = [
        {"url": f"https://example.com/{i}", "collectionId": collection["id"], "externalId": str(i)}
        for i in range(300)
    ]
    links = await api.ok(await api.post_links(items), 201)
    ids = [link["id"] for link in links]
    assert [link["externalId"] for link in links] == [str(i) for i in range(300)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert {uuid.UUID(i).version for i in ids} == {7}
    assert {uuid.UUID(i).variant for i in ids} == {uuid.RFC_4122}
    assert all(i == i.lower() for i in ids)
