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


# The fast UUID parser (ids) must be UUID(text) exactly: same value, same errors.
UUID_TEXTS = [
    "59dae752-b052-46df-b50e-981a5fe60ebb",
    "59DAE752-B052-46DF-B50E-981A5FE60EBB",
    "{59dae752-b052-46df-b50e-981a5fe60ebb}",
    "urn:uuid:59dae752-b052-46df-b50e-981a5fe60ebb",
    "uuid:59dae752b05246dfb50e981a5fe60ebb",
    "59dae752b05246dfb50e981a5fe60ebb",
    "59-dae752b05246dfb50e981a5fe6-0ebb",
    "ffffffffffffffffffffffffffffffff",
    "00000000000000000000000000000000",
    "{{59dae752b05246dfb50e981a5fe60ebb}}",
    "{59dae752-b052-46df-b50e-981a5fe60e}",  # 36 characters, braces and 4 hyphens
    "{59dae752b05246df-b50e981a5fe60ebb-}",  # 36 characters, braces and 2 hyphens
    "urn:9dae752-b052-46df-b50e-981a5fe6",  # 36 characters with urn:
    "0x59dae752b05246dfb50e981a5fe60e",  # int() takes a 0x prefix
    "+59dae752b05246dfb50e981a5fe60eb",  # ... a sign
    " 59dae752b05246dfb50e981a5fe60eb",  # ... surrounding spaces
    "5_9dae752b05246dfb50e981a5fe60eb",  # ... underscores between digits
    "٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠١",  # ... Unicode decimal digits
    "59dae752-b052-46df-b50e-981a5fe60eb",  # 31 digits
    "59dae752-b052-46df-b50e-981a5fe60ebbb",  # 33 digits
    "g9dae752-b052-46df-b50e-981a5fe60ebb",
    "__9dae752b05246dfb50e981a5fe60eb",
    "",
    "{}",
    None,
    42,
    b"59dae752b05246dfb50e981a5fe60ebb",
    ["59dae752-b052-46df-b50e-981a5fe60ebb"],
]


def _uuid_outcome(fn: Any, value: Any) -> tuple[Any, ...]:
    try:
        u = fn(value)
    except Exception as exc:
        return ("raised", type(exc), str(exc))
    import pickle

    again = pickle.loads(pickle.dumps(u))
    return (
        "ok",
        type(u),
        u.int,
        str(u),
        hash(u),
        u.version,
        u.variant,
        u.is_safe,
        u.__getstate__(),
        again == u and again.is_safe is u.is_safe,
    )


def test_the_fast_uuid_parser_is_in_use(answers: dict[str, list[dict[str, Any]]]) -> None:
    import hoko._models as models

    assert models._uuid is models._uuid_from_text
    d = dict(answers["links"][0])
    d["id"] = "{" + d["id"].upper() + "}"
    built: Any = fast_factory(Link)(d)
    assert type(built.id) is uuid.UUID and built.id == uuid.UUID(d["id"])
    assert built == Link.from_dict(d)


@pytest.mark.parametrize("value", UUID_TEXTS, ids=repr)
def test_fast_uuid_equals_uuid_on_edge_inputs(value: Any) -> None:
    from hoko._models import _uuid_from_text

    assert _uuid_outcome(_uuid_from_text, value) == _uuid_outcome(uuid.UUID, value)


@settings(max_examples=400, deadline=None, database=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789abcdefABCDEF-{}urnid:_ +x٣", min_size=28, max_size=46),
        st.builds(
            lambda u, upper, form: form.format(u.upper() if upper else u),
            st.uuids().map(str),
            st.booleans(),
            st.sampled_from(["{}", "{{{}}}", "urn:uuid:{}", "uuid:{}", " {} "]),
        ),
    )
)
def test_fast_uuid_equals_uuid_on_generated_text(value: str) -> None:
    from hoko._models import _uuid_from_text

    assert _uuid_outcome(_uuid_from_text, value) == _uuid_outcome(uuid.UUID, value)


def test_call_args_are_positional_in_init_order_then_named() -> None:
    import attrs
    from hoko._models import _call_args

    @attrs.define
    class Shape:
        b: str
        a: str
        c: str = attrs.field(default="z", kw_only=True)

    assert _call_args(Shape, {"a": "va", "b": "vb", "c": "vc"}) == ["vb", "va", "c=vc"]
    assert _call_args(Shape, {"a": "va", "b": "vb"}) == ["vb", "va"]
    assert _call_args(Shape, {"a": "va"}) is None  # a required parameter without a field
    assert _call_args(Shape, {"a": "va", "b": "vb", "zz": "v"}) is None  # a field, no parameter

    @attrs.define
    class Gap:
        a: str = "x"
        b: str = "y"

    assert _call_args(Gap, {"b": "vb"}) == ["b=vb"]  # a skipped parameter: the rest by name


def test_a_builder_with_fields_in_the_wrong_slots_fails_its_self_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import hoko._models as models

    real = models._call_args

    def swapped(cls: type, variables: dict[str, str]) -> list[str] | None:
        args = real(cls, variables)
        assert args is not None
        i, j = args.index(variables["url"]), args.index(variables["short_url"])  # both str
        args[i], args[j] = args[j], args[i]
        return args

    assert models._compile(Link) is not None
    monkeypatch.setattr(models, "_call_args", swapped)
    assert models._compile(Link) is None


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
