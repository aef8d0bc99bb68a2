"""Result lists: the generated models of the answers, built lazily, each once, and an
unreadable result is a HokoError."""

from __future__ import annotations

import uuid
from typing import Any

import hoko
import httpx
import pytest
from hoko_client.models import Collection, Link, Partner
from hoko_reference import create_app

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


@pytest.mark.parametrize(
    ("cls", "kind"), [(Link, "links"), (Collection, "collections"), (Partner, "partners")]
)
def test_results_are_the_generated_models_of_real_answers(
    answers: dict[str, list[dict[str, Any]]], cls: type, kind: str
) -> None:
    result = hoko.BulkResult(answers[kind], cls.from_dict)  # type: ignore[attr-defined]
    assert result.to_list() == [cls.from_dict(dict(d)) for d in answers[kind]]  # type: ignore[attr-defined]
    assert all(type(m) is cls for m in result)


@pytest.mark.parametrize("read", ["index", "all"])
def test_an_unreadable_result_raises_a_hoko_error_naming_it(read: str) -> None:
    good = {
        "id": str(uuid.uuid4()),
        "name": "c",
        "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-01T00:00:00Z",
    }
    result = hoko.BulkResult([good, {**good, "id": "not a uuid"}], Collection.from_dict)
    with pytest.raises(
        hoko.APIResponseValidationError, match="result 1 does not read as a Collection:"
    ):
        _ = result[1] if read == "index" else result.to_list()
    assert result[0].name == "c"


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
        with pytest.raises(hoko.APIResponseValidationError, match="result 1"):
            hoko.BulkResult([{"i": 1}, {"i": 2}], boom).to_list()
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()


# The fast UUID parser (ids) must be UUID(text) exactly: same value, same errors.
def test_a_result_builds_each_model_once_whether_read_by_index_or_all_at_once() -> None:
    built: list[int] = []

    def make(d: dict[str, Any]) -> list[int]:
        built.append(d["i"])
        return [d["i"]]  # a fresh object per build, so identity shows reuse

    fresh = hoko.BulkResult([{"i": i} for i in range(5)], make)
    assert fresh.to_list() == [[0], [1], [2], [3], [4]] and built == [0, 1, 2, 3, 4]
    assert fresh.to_list()[3] is fresh[3] and len(built) == 5

    built.clear()
    partly = hoko.BulkResult([{"i": i} for i in range(5)], make)
    second, last = partly[1], partly[-1]
    assert built == [1, 4]
    everything = list(partly)
    assert everything == [[0], [1], [2], [3], [4]] and sorted(built) == [0, 1, 2, 3, 4]
    assert everything[1] is second and everything[4] is last


def test_the_order_check_passes_input_order_and_names_the_first_result_out_of_it() -> None:
    from hoko._transport import check_order

    a, b, c = (str(uuid.uuid4()) for _ in range(3))
    check_order([a, None, b], [{"id": a}, {"id": c}, {"id": b}], None)
    check_order([a, None, b], [{"id": a.upper()}, {"id": c}, {"id": b}], None)  # case: same id
    check_order(
        [a, None], [{"id": a}, {"title": "a create without an id is not ours to judge"}], None
    )
    with pytest.raises(hoko.APIResponseValidationError, match="result 2 has id"):
        check_order([a, None, b], [{"id": a}, {"id": b}, {"id": c}], None)
    with pytest.raises(hoko.APIResponseValidationError, match="result 0 has id"):
        check_order([a, b], [{"id": b}, {"id": a}], None)
    with pytest.raises(hoko.APIResponseValidationError, match="result 1 is not an object"):
        check_order([a, None], [{"id": a}, [c]], None)
    with pytest.raises(hoko.APIResponseValidationError, match="result 1 is not an object"):
        check_order([None, None], [{"id": a}, "a create's answer"], None)  # creates only
    check_order([None, None], [{"id": a}, {"id": b}], None)
    check_order([a, b], [{"id": a}, {"id": b}], None)  # updates only
