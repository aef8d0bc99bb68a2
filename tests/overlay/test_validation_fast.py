"""The plain-dict fast path (``ItemSpec.encode_plain``) agrees with the item-by-item checks.

It may say "not sure" (None) as often as it likes, but whenever it answers, ``prepare`` must
accept the same items and the body must be the bytes the checked path would send.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import orjson
import pytest
from hoko._exceptions import InvalidItemError
from hoko._resource import COLLECTION_UPSERT, LINK_CREATE, LINK_UPSERT, PARTNER_UPSERT
from hoko._validation import ItemSpec, json_default
from hoko_client.models import LinkUpsert
from hoko_client.types import UNSET
from hypothesis import given, settings
from hypothesis import strategies as st

SPECS = {
    "link create": LINK_CREATE.spec,
    "link upsert": LINK_UPSERT.spec,
    "collection": COLLECTION_UPSERT.spec,
}
CID = str(uuid.uuid4())

urls = st.sampled_from(
    [
        "https://e.com/x",
        "http://e.com",
        "http://x",  # shortest valid http URL: the slow path accepts it
        "https://",  # nothing after the scheme
        "http://",
        "HTTPS://E.COM/",  # valid, only the slow path knows
        "ftp://e.com/x",
        "javascript:alert(1)",
        "e.com",
        "",
        "https://e.com/" + "a" * 2040,  # 2,054 characters: too long
        "https://e.com/" + "a" * 2034,  # 2,048: just fits
    ]
)
values = st.one_of(
    urls,
    st.none(),
    st.just(UNSET),
    st.integers(-3, 3),
    st.booleans(),
    st.text(max_size=6),
    st.dictionaries(
        st.sampled_from(["SA", "US", "source"]), st.one_of(urls, st.none()), max_size=2
    ),
    st.just(dt.datetime(2030, 1, 1)),
    st.just(dt.datetime(2030, 1, 1, tzinfo=dt.UTC)),
    st.just("null"),  # a string that only looks like JSON null
)
keys = st.sampled_from(
    [
        "id",
        "url",
        "collectionId",
        "title",
        "image",
        "ios",
        "geo",
        "utm",
        "expiresAt",
        "name",
        "description",
        "colour",
    ]
)
items = st.one_of(
    st.dictionaries(keys, values, max_size=5),
    st.builds(
        lambda d: {"url": "https://e.com/p", "collectionId": CID, **d},
        st.dictionaries(keys, values, max_size=2),
    ),
    st.builds(lambda d: {"name": "n", **d}, st.dictionaries(keys, values, max_size=2)),
    st.just(LinkUpsert(id=uuid.uuid4(), title="a model")),
    st.just(["not", "a", "dict"]),
)


def _checked(spec: ItemSpec, batch: list[Any]) -> tuple[bytes, list[str | None]] | None:
    """What the item-by-item path sends (and the ids it saw), or None if it refuses the batch."""
    try:
        dicts, ids = spec.prepare(batch, 0)
        return orjson.dumps(dicts, default=json_default), ids
    except (InvalidItemError, TypeError):
        return None


@settings(max_examples=600, deadline=None, database=None)
@given(name=st.sampled_from(sorted(SPECS)), batch=st.lists(items, min_size=1, max_size=4))
def test_the_fast_path_accepts_only_what_the_checks_accept_and_sends_the_same_bytes(
    name: str, batch: list[Any]
) -> None:
    spec = SPECS[name]
    fast = spec.encode_plain(batch)
    if fast is not None:
        assert _checked(spec, batch) == fast


def _bench_like_link(i: int) -> dict[str, Any]:
    return {
        "url": f"https://shop.example.com/p/{i}",
        "collectionId": CID,
        "title": f"عرض {i}",
        "utm": {"source": "news", "campaign": f"c{i}"},
        "geo": {"SA": "https://shop.example.com/sa"},
        "expiresAt": "2030-01-01T00:00:00Z",
        "cloaked": i % 2 == 0,
        "ios": "https://apps.apple.com/app/id1",
        "externalId": f"x-{i}",
    }


IDS = [str(uuid.uuid4()).upper() for _ in range(50)]


@pytest.mark.parametrize(
    ("spec", "batch", "ids"),
    [
        (LINK_CREATE.spec, [_bench_like_link(i) for i in range(50)], [None] * 50),
        (
            LINK_UPSERT.spec,
            [_bench_like_link(i) | {"id": IDS[i]} for i in range(50)],
            [i.lower() for i in IDS],
        ),
        (
            LINK_UPSERT.spec,
            [_bench_like_link(0), _bench_like_link(1) | {"id": IDS[0]}],
            [None, IDS[0].lower()],
        ),
        (PARTNER_UPSERT.spec, [{"name": "p", "email": "p@example.com"}], [None]),
    ],
)
def test_plain_valid_dicts_take_the_fast_path(
    spec: ItemSpec, batch: list[dict[str, Any]], ids: list[str | None]
) -> None:
    assert spec.encode_plain(batch) == (orjson.dumps(batch), ids)


@pytest.mark.parametrize(
    "change",
    [
        {"title": None},  # clearing a field: null needs the per-item rules
        {"utm": {"source": UNSET}},
        {"expiresAt": dt.datetime(2030, 1, 1, tzinfo=dt.UTC)},
        {"url": "HTTPS://SHOP.EXAMPLE.COM/"},
    ],
)
def test_anything_needing_a_closer_look_leaves_the_fast_path(change: dict[str, Any]) -> None:
    assert LINK_CREATE.spec.encode_plain([_bench_like_link(0) | change]) is None


def test_check_items_takes_the_fast_path_yet_names_the_bad_item_and_field() -> None:
    import hoko

    good = [_bench_like_link(i) for i in range(10)]
    hoko.check_items("createLinks", good)  # plain and valid: accepted, nothing raised
    bad = [*good[:7], good[7] | {"ios": "itms-apps://x"}, *good[8:]]
    with pytest.raises(InvalidItemError) as info:
        hoko.check_items("createLinks", bad, start=100)
    assert (info.value.index, info.value.field) == (107, "ios")
