"""The compiled model constructors behave exactly like the generated ``from_dict``."""

from __future__ import annotations

import uuid
from typing import Any

import hoko
import httpx
import pytest
from hoko._models import fast_factory
from hoko_client.models import Collection, Link, Partner
from hoko_reference import create_app
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import FULL_A, SyncASGIBridge


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """Real server answers with every field set, some null, some absent."""
    app = create_app(db_path=tmp_path_factory.mktemp("models") / "db.sqlite3")
    http = httpx.Client(transport=SyncASGIBridge(app))
    with hoko.Hoko(FULL_A, base_url="http://t", http_client=http) as client:
        cols = client.collections.upsert([{"name": "c", "description": "d"}, {"name": "e"}])
        partners = client.partners.upsert([{"name": "p", "email": "a@b.co"}, {"name": "q"}])
        full = {
            "url": "https://example.com/full",
            "collectionId": str(cols[0].id),
            "title": "عرض خاص",
            "description": "d",
            "image": "https://example.com/i.png",
            "utm": {"source": "s", "medium": "m", "campaign": "c"},
            "expiresAt": "2031-05-06T07:08:09.123456Z",
            "expiredUrl": "https://example.com/expired",
            "password": "pw",
            "cloaked": True,
            "ios": "https://example.com/ios",
            "android": "https://example.com/android",
            "geo": {"SA": "https://example.com/sa", "US": "https://example.com/us"},
            "externalId": f"ext-{uuid.uuid4()}",
            "tenantId": "t",
            "partnerId": str(partners[0].id),
        }
        links = client.links.create(
            [full, {"url": "https://example.com/bare", "collectionId": str(cols[1].id)}]
        )
    return {"links": links.raw, "collections": cols.raw, "partners": partners.raw}


@pytest.mark.parametrize("cls", [Link, Collection, Partner])
def test_the_fast_constructor_is_compiled_for_every_response_model(cls: type) -> None:
    assert fast_factory(cls) is not cls.from_dict  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("cls", "kind"), [(Link, "links"), (Collection, "collections"), (Partner, "partners")]
)
def test_equal_to_from_dict_on_real_answers(
    answers: dict[str, list[dict[str, Any]]], cls: type, kind: str
) -> None:
    build: Any = fast_factory(cls)
    for d in answers[kind]:
        fast, slow = build(dict(d)), cls.from_dict(dict(d))  # type: ignore[attr-defined]
        assert fast == slow
        assert type(fast) is cls


def _outcome(fn: Any, d: dict[str, Any]) -> Any:
    try:
        return ("ok", fn(dict(d)))
    except Exception as exc:
        return ("raised", type(exc))


mutation = st.one_of(
    st.just(("drop", None)),
    st.just(("null", None)),
    st.tuples(st.just("set"), st.one_of(st.text(max_size=5), st.integers(), st.booleans())),
    st.tuples(
        st.just("set"), st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2)
    ),
)


@settings(max_examples=300, deadline=None, database=None)
@given(data=st.data())
def test_equal_to_from_dict_on_mutated_answers(
    answers: dict[str, list[dict[str, Any]]], data: st.DataObject
) -> None:
    kind, cls = data.draw(
        st.sampled_from([("links", Link), ("collections", Collection), ("partners", Partner)])
    )
    d = dict(data.draw(st.sampled_from(answers[kind])))
    keys = [*d, "someFutureField"]
    for key, (op, value) in data.draw(
        st.dictionaries(st.sampled_from(keys), mutation, max_size=4)
    ).items():
        if op == "drop":
            d.pop(key, None)
        elif op == "null":
            d[key] = None
        else:
            d[key] = value
    assert _outcome(fast_factory(cls), d) == _outcome(cls.from_dict, d)  # type: ignore[attr-defined]


@pytest.mark.parametrize("enabled", [True, False])
def test_building_a_result_restores_the_callers_gc_setting(enabled: bool) -> None:
    import gc

    def boom(d: dict[str, Any]) -> Any:
        if d["i"] == 2:
            raise ValueError("bad item")
        return d["i"]

    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        assert hoko.BulkResult([{"i": 0}, {"i": 1}], boom).to_list() == [0, 1]
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError):
            hoko.BulkResult([{"i": 1}, {"i": 2}], boom).to_list()
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
