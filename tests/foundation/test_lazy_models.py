"""The generated lazy twins (`Lazy<Model>`): the same fields as `from_dict`, converted on read."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import attrs
import pytest
from hoko_client.models import Link
from hoko_client.models.link import LazyLink
from hoko_client.types import UnreadableField


def _link(**changes: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "url": "https://example.com/a",
        "shortUrl": "https://hoko.to/abc",
        "qrCode": "https://hoko.to/qr/abc",
        "collectionId": str(uuid.uuid4()),
        "createdAt": "2026-01-02T03:04:05Z",
        "updatedAt": "2026-01-02T03:04:06Z",
        "title": "t",
        "utm": {"source": "s", "medium": "m"},
        "geo": {"SA": "https://example.com/sa"},
        "partnerId": str(uuid.uuid4()),
        "extra": 1,
    }
    d.update(changes)
    return d


def test_every_field_reads_as_from_dict_builds_it() -> None:
    d = _link()
    eager, lazy = Link.from_dict(d), LazyLink.from_dict(d)
    assert isinstance(lazy, Link)
    assert lazy == eager and eager == lazy and not lazy != eager
    assert lazy.to_dict() == eager.to_dict()
    assert attrs.asdict(LazyLink.from_dict(d)) == attrs.asdict(eager)
    assert copy.copy(LazyLink.from_dict(d)) == eager
    assert LazyLink.from_dicts([d, _link()])[0] == eager


def test_a_read_field_is_kept_and_an_assigned_one_survives_the_fill() -> None:
    lazy = LazyLink.from_dict(_link())
    first = lazy.utm
    lazy.title = "mine"
    for name in ("id", "url", "short_url", "qr_code", "created_at"):  # enough to fill the rest
        getattr(lazy, name)
    assert lazy.utm is first
    assert lazy.title == "mine"
    assert lazy.to_dict()["title"] == "mine"


def test_only_the_field_that_does_not_read_fails_and_it_is_named() -> None:
    lazy = LazyLink.from_dict(_link(createdAt="not a date"))
    assert lazy.url == "https://example.com/a"
    with pytest.raises(UnreadableField) as info:
        _ = lazy.created_at
    assert info.value.field == "created_at" and info.value.model == "Link"
    assert isinstance(info.value, ValueError)
    with pytest.raises(UnreadableField, match="created_at"):
        lazy.to_dict()
    missing = LazyLink.from_dict({})
    with pytest.raises(UnreadableField, match=r"Link\.url"):
        _ = missing.url


def test_unknown_attributes_are_still_attribute_errors() -> None:
    lazy = LazyLink.from_dict(_link())
    assert not hasattr(lazy, "nothing_like_this")
    evolved = attrs.evolve(lazy, title="x")
    assert evolved.title == "x" and not hasattr(evolved, "nothing_like_this")


def test_a_subclass_raises_its_own_error() -> None:
    class Mine(Exception):
        pass

    class Strict(LazyLink):
        __slots__ = ()

        @classmethod
        def unreadable(cls, field: str, src: dict[str, Any], exc: Exception) -> Exception:
            return Mine(field)

    with pytest.raises(Mine, match="created_at"):
        _ = Strict.from_dict(_link(createdAt=5)).created_at


_ODD_UUIDS = [
    "3F0C5A52-9D43-4A55-8F7E-0D4C3A1B2C01",  # upper case
    "3f0c5a529d434a558f7e0d4c3a1b2c01",  # no hyphens
    "{3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01}",
    "urn:uuid:3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01",
    "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c0g",  # not hex
    "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c0",  # short
    "3f0c5a52-9d43-4a55-8f7e--d4c3a1b2c01",  # a hyphen for a digit
    "0x0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01",
    " 3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c0",
    "",
    7,
    None,
]


def _read_or_error(text: Any) -> object:
    try:
        return uuid.UUID(text)
    except (TypeError, ValueError, AttributeError) as exc:
        return type(exc)


@pytest.mark.parametrize("odd", _ODD_UUIDS, ids=repr)
def test_a_list_of_links_reads_every_id_as_uuid_would(odd: Any) -> None:
    # from_dicts converts the ids of a whole list up front; whatever the ids are, each one reads
    # as UUID(text) does, or fails when read as from_dict's conversion does, naming the field.
    good = [_link() for _ in range(3)]
    links = LazyLink.from_dicts([*good, _link(id=odd)])
    assert [x.id for x in links[:3]] == [uuid.UUID(d["id"]) for d in good]
    assert all(type(x.id) is uuid.UUID for x in links[:3])
    expected = _read_or_error(odd)
    if isinstance(expected, uuid.UUID):
        assert links[3].id == expected and str(links[3].id) == str(expected)
        assert hash(links[3].id) == hash(expected)
    else:
        with pytest.raises(UnreadableField, match=r"Link\.id"):
            _ = links[3].id
        assert links[3].url == "https://example.com/a"  # the rest still reads


def test_a_list_converted_up_front_equals_the_eager_models() -> None:
    ds = [_link() for _ in range(5)]
    lazy = LazyLink.from_dicts(ds)
    assert lazy == [Link.from_dict(d) for d in ds]
    assert [x.to_dict() for x in lazy] == [Link.from_dict(d).to_dict() for d in ds]
    lazy[0].id = uuid.UUID(int=1)  # assigned after the bulk conversion: kept through a fill
    assert lazy[0].to_dict()["id"] == str(uuid.UUID(int=1))


@pytest.mark.parametrize("enabled", [True, False])
def test_the_generated_client_pauses_gc_only_while_it_builds_and_restores_the_callers_setting(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import httpx
    from hoko_client import AuthenticatedClient
    from hoko_client.api.links import upsert_links
    from hoko_client.models import LinkUpsert

    during: list[bool] = []

    def answer(request: httpx.Request) -> httpx.Response:
        during.append(gc.isenabled())  # the request itself is not inside a pause
        return httpx.Response(200, content=b"[" + b",".join([_bytes(_link())] * 3) + b"]")

    building: list[bool] = []
    eager = Link.from_dict

    def from_dict(d: dict[str, Any]) -> Link:
        building.append(gc.isenabled())
        return eager(d)

    monkeypatch.setattr(Link, "from_dict", from_dict)
    client = AuthenticatedClient(base_url="http://gen.test", token="k" * 40)
    client.set_httpx_client(
        httpx.Client(base_url="http://gen.test", transport=httpx.MockTransport(answer))
    )
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        resp = upsert_links.sync_detailed(client=client, body=[LinkUpsert(title="t")])
        assert isinstance(resp.parsed, list) and len(resp.parsed) == 3
        assert during == [enabled] and gc.isenabled() is enabled
        assert building == [False] * 3
        bad = httpx.Response(200, content=b'[{"id": 1}]')
        with pytest.raises((KeyError, TypeError, ValueError, AttributeError)):  # restored too
            upsert_links._build_response(client=client, response=bad)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def _bytes(d: dict[str, Any]) -> bytes:
    import orjson

    return orjson.dumps(d)


def test_uuid_text_is_str_of_a_uuid_and_of_anything_else() -> None:
    from hoko_client.types import uuid_text

    for value in [uuid.uuid4() for _ in range(50)] + [uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)]:
        assert uuid_text(value) == str(value) and uuid_text(value) == str(value)  # cached or not
    text: Any = "3F0C5A52-9D43-4A55-8F7E-0D4C3A1B2C01"  # a caller's str where a UUID belongs
    assert uuid_text(text) == text
