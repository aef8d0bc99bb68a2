"""Construction, options, copies, context managers and logging of Hoko / AsyncHoko."""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any
from uuid import UUID

import hoko
import httpx
import pytest
from hoko import AsyncHoko, Hoko

from .conftest import FULL_A


def test_api_key_falls_back_to_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOKO_API_KEY", "hk_env_key")
    monkeypatch.setenv("HOKO_BASE_URL", "http://127.0.0.1:9")
    with Hoko() as client:
        assert client._api_key == "hk_env_key"
        assert client.base_url == "http://127.0.0.1:9"
    assert Hoko("explicit")._api_key == "explicit"


def test_defaults_match_the_issue() -> None:
    client = Hoko(FULL_A)
    assert client.base_url == "https://hoko.to"
    assert client.settings.timeout == 60.0
    assert client.settings.max_retries == 2
    assert client.batch_size == 10_000 and client.max_concurrency == 1
    assert client.settings.retry_creates is False
    timeout, deadline = client.settings.httpx_timeout()
    assert (timeout.connect, timeout.read, timeout.write, deadline) == (5.0, 60.0, 60.0, 60.0)
    # the pooled client comes from the generated AuthenticatedClient, with a timeout set
    assert client._http.timeout.connect == 5.0 and client._http.timeout.read == 60.0
    assert str(client._http.base_url).rstrip("/") == "https://hoko.to"
    client.close()
    assert client.is_closed


def test_repr_never_contains_the_key() -> None:
    for cls in (Hoko, AsyncHoko):
        client = cls("hk_very_secret_key")
        assert "hk_very_secret_key" not in repr(client)
        assert "hk_very_secret_key" not in repr(client.with_options(max_retries=5))


def test_with_options_copies_and_shares_the_pool() -> None:
    client = Hoko(FULL_A)
    copy = client.with_options(timeout=5.0, max_retries=0, retry_creates=True, batch_size=100)
    assert copy is not client and copy._http is client._http
    assert (copy.settings.timeout, copy.settings.max_retries, copy.batch_size) == (5.0, 0, 100)
    assert copy.settings.retry_creates is True
    assert (client.settings.timeout, client.settings.max_retries, client.batch_size) == (
        60.0,
        2,
        10_000,
    )
    assert copy.links._engine is copy
    assert client.with_options(timeout=None).settings.timeout is None
    with pytest.raises(ValueError):
        client.with_options(max_retries=-1)
    with pytest.raises(ValueError):
        client.with_options(max_concurrency=0)


def test_sync_and_async_surfaces_are_identical() -> None:
    def public(obj: object) -> dict[str, inspect.Signature]:
        out = {}
        for name in dir(obj):
            if name.startswith("_"):
                continue
            attr = getattr(obj, name)
            if callable(attr):
                out[name] = inspect.signature(attr)
        return out

    sync, async_ = Hoko(FULL_A), AsyncHoko(FULL_A)
    for attr in ("links", "collections", "partners"):
        s, a = public(getattr(sync, attr)), public(getattr(async_, attr))
        assert s.keys() == a.keys()
        for name in s:
            assert list(s[name].parameters) == list(a[name].parameters), (attr, name)
        s_raw = public(getattr(sync, attr).with_raw_response)
        a_raw = public(getattr(async_, attr).with_raw_response)
        assert s_raw.keys() == a_raw.keys()
    assert inspect.signature(Hoko.__init__).parameters.keys() == (
        inspect.signature(AsyncHoko.__init__).parameters.keys()
    )
    assert inspect.signature(Hoko.with_options).parameters.keys() == (
        inspect.signature(AsyncHoko.with_options).parameters.keys()
    )


def test_context_manager_closes_the_pool() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json=[]))
    http = httpx.Client(transport=transport)
    with Hoko(FULL_A, http_client=http) as client:
        assert not client.is_closed
    assert http.is_closed


@pytest.mark.anyio
async def test_async_context_manager_closes_the_pool() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    async with AsyncHoko(FULL_A, http_client=http) as client:
        assert not client.is_closed
    assert http.is_closed


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_public_names_are_curated() -> None:
    for name in (
        "Hoko",
        "AsyncHoko",
        "UNSET",
        "HokoError",
        "APIConnectionError",
        "APITimeoutError",
        "APIStatusError",
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "PayloadTooLargeError",
        "RateLimitError",
        "InternalServerError",
        "BulkError",
        "RateLimitInfo",
        "BulkResult",
        "ChunkResult",
    ):
        assert name in hoko.__all__ and hasattr(hoko, name)
    assert issubclass(hoko.APITimeoutError, hoko.APIConnectionError)
    for cls in (
        hoko.BadRequestError,
        hoko.AuthenticationError,
        hoko.PermissionDeniedError,
        hoko.PayloadTooLargeError,
        hoko.RateLimitError,
        hoko.InternalServerError,
    ):
        assert issubclass(cls, hoko.APIStatusError) and issubclass(cls, hoko.HokoError)


def test_rate_limit_info_parses_every_header_form() -> None:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    info = hoko.RateLimitInfo.from_headers(
        httpx.Headers(
            {
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": "7",
                "Retry-After": "3",
            }
        )
    )
    assert info == hoko.RateLimitInfo(limit=5, remaining=0, reset=7, retry_after=3.0)
    ms = hoko.RateLimitInfo.from_headers(httpx.Headers({"retry-after-ms": "1500"}))
    assert ms is not None and ms.retry_after == 1.5
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    dated = hoko.RateLimitInfo.from_headers(httpx.Headers({"Retry-After": later}))
    assert dated is not None and dated.retry_after is not None and 25 < dated.retry_after <= 30
    assert hoko.RateLimitInfo.from_headers(httpx.Headers({"content-type": "x"})) is None
    garbage = hoko.RateLimitInfo.from_headers(httpx.Headers({"X-RateLimit-Limit": "many"}))
    assert garbage is None
    for nonsense in ("soon", "", "Mon, 99 Foo 2026 25:61:00 GMT"):
        assert hoko.RateLimitInfo.from_headers(httpx.Headers({"Retry-After": nonsense})) is None


def test_log_filter_redacts_header_mappings_from_any_logger(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from hoko._logging import SensitiveHeadersFilter, logger

    assert any(isinstance(f, SensitiveHeadersFilter) for f in logger.filters)
    record = logging.LogRecord(
        "hoko",
        logging.DEBUG,
        __file__,
        1,
        "headers=%s",
        ({"Authorization": "Bearer hk_x", "A": "b"},),
        None,
    )
    SensitiveHeadersFilter().filter(record)
    assert "hk_x" not in record.getMessage() and "<redacted>" in record.getMessage()


def test_hoko_log_environment_variable_enables_a_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    from hoko import _logging

    monkeypatch.setenv("HOKO_LOG", "debug")
    before = list(_logging.logger.handlers)
    try:
        _logging.setup_logging()
        assert len(_logging.logger.handlers) == len(before) + 1
        assert _logging.logger.level == logging.DEBUG
    finally:
        for handler in _logging.logger.handlers[len(before) :]:
            _logging.logger.removeHandler(handler)
        _logging.logger.setLevel(logging.NOTSET)


def test_options_of_the_wrong_type_or_name_say_so() -> None:
    with pytest.raises(TypeError, match=r"batch_size must be an int from 1 to 10000, got '10'"):
        Hoko(FULL_A, batch_size="10")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"unknown option.*retries"):
        Hoko(FULL_A, retries=3)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="max_retry_wait"):
        Hoko(FULL_A, max_retry_wait=float("nan"))
    client = Hoko(
        FULL_A,
        http_client=httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(500))),
    )
    with pytest.raises(TypeError, match=r"unknown option.*concurrency"):
        client.collections.upsert([{"name": "x"}], concurrency=2)  # type: ignore[call-arg]


@pytest.mark.parametrize("wrong", [{"name": "a dict"}, "a string", b"bytes"])
def test_a_single_item_where_a_list_is_expected_says_so(wrong: Any) -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(500))
    with Hoko(FULL_A, http_client=httpx.Client(transport=transport)) as client:
        with pytest.raises(TypeError, match="wrap a single item in a list"):
            client.collections.upsert(wrong)
        with pytest.raises(TypeError, match="wrap a single item in a list"):
            one = hoko.types.LinkCreate(url="https://e.com", collection_id=UUID(int=1))
            client.links.create(one)  # type: ignore[arg-type]


def test_a_closed_client_raises_a_hoko_error() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json=[{}]))
    client = Hoko(FULL_A, http_client=httpx.Client(transport=transport))
    client.close()
    with pytest.raises(hoko.ClientClosedError):
        client.collections.upsert([{"name": "x"}])
    async_client = AsyncHoko(FULL_A, http_client=httpx.AsyncClient(transport=transport))
    asyncio.run(async_client.close())
    with pytest.raises(hoko.ClientClosedError):
        asyncio.run(async_client.collections.upsert([{"name": "x"}]))
