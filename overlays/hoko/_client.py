"""`Hoko` and `AsyncHoko`: configuration, the connection pool, resources, `with_options`."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Coroutine, Iterable, Iterator
from types import TracebackType
from typing import Any, Generic, Self, TypeAlias, TypeVar, Unpack

import httpx
from hoko_client import AuthenticatedClient
from hoko_client.models import Collection, Link, Partner

from . import _constants
from ._bulk import Call, Operation, collect, iter_async, iter_sync, rebased
from ._exceptions import BulkError, HokoError
from ._options import CallOptions, ClientOptions, RawOptions, Settings, check_keywords
from ._resource import (
    COLLECTION_UPSERT,
    LINK_CREATE,
    LINK_UPSERT,
    PARTNER_UPSERT,
    CollectionInput,
    LinkInput,
    Links,
    PartnerInput,
    Resource,
)
from ._response import APIResponse, BulkResult, ChunkResult
from ._transport import AsyncSender, SyncSender
from ._types import ProgressCallback, RateLimitInfo

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
InT = TypeVar("InT")
M = TypeVar("M")


def _resolve_key(api_key: str | None) -> str:
    key = api_key if api_key is not None else os.environ.get(_constants.API_KEY_ENV)
    if not key:
        raise HokoError(
            "No API key: pass api_key=... to the client or set the "
            f"{_constants.API_KEY_ENV} environment variable."
        )
    # A key with spaces or control characters would make httpx fail with a message quoting the
    # header value, i.e. the key; refuse it here without echoing it.
    if not key.isascii() or not key.isprintable() or any(ch.isspace() for ch in key):
        raise HokoError("The API key contains characters that are not allowed in an HTTP header.")
    return key


def _resolve_base_url(base_url: str | None) -> str:
    url = base_url or os.environ.get(_constants.BASE_URL_ENV) or _constants.DEFAULT_BASE_URL
    if not url.startswith(("http://", "https://")):
        raise HokoError(f"base_url must start with http:// or https://, got {url!r}")
    return url.rstrip("/")


class SharedState:
    """State shared by a client and its `with_options` copies."""

    __slots__ = ("rate_limit",)

    def __init__(self) -> None:
        self.rate_limit: RateLimitInfo | None = None


class _Client(Generic[HttpT]):
    """Configuration, copying and the pool, for both clients."""

    _http: HttpT

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        default_headers: dict[str, str] | None = None,
        http_client: HttpT | None = None,
        trust_env: bool = True,
        **options: Unpack[ClientOptions],
    ) -> None:
        check_keywords(options, ClientOptions)
        self._api_key = _resolve_key(api_key)
        self.base_url = _resolve_base_url(base_url)
        self.settings = Settings().merged(options)
        self._default_headers = {"User-Agent": _constants.USER_AGENT, **(default_headers or {})}
        self._state = SharedState()
        if http_client is not None:
            http_client.headers.update(self._default_headers)
            self._http = http_client
        else:
            self._http = self._new_pool(trust_env)
        self._init_resources()

    def _generated_client(self, trust_env: bool) -> AuthenticatedClient:
        return AuthenticatedClient(
            base_url=self.base_url,
            token=self._api_key,
            timeout=self.settings.httpx_timeout()[0],
            headers=dict(self._default_headers),
            httpx_args={"limits": _constants.DEFAULT_CONNECTION_LIMITS, "trust_env": trust_env},
        )

    def _new_pool(self, trust_env: bool) -> HttpT:
        raise NotImplementedError

    def _init_resources(self) -> None:
        # The subclasses declare these attributes with their sync or async result shapes; the
        # client itself runs the calls (`_list`, `_iter`, `_raw`).
        engine: Any = self
        self.links: Any = Links(engine, LINK_UPSERT, LINK_CREATE)
        self.collections: Any = Resource(engine, COLLECTION_UPSERT)
        self.partners: Any = Resource(engine, PARTNER_UPSERT)

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        **options: Unpack[ClientOptions],
    ) -> Self:
        """A copy with some options changed (the keywords of the constructor); it shares this
        client's connection pool."""
        check_keywords(options, ClientOptions)
        other = object.__new__(type(self))
        other._api_key = _resolve_key(api_key) if api_key is not None else self._api_key
        other.base_url = _resolve_base_url(base_url) if base_url is not None else self.base_url
        other.settings = self.settings.merged(options)
        other._default_headers = self._default_headers
        other._state = self._state
        other._http = self._http
        other._init_resources()
        return other

    copy = with_options

    @property
    def batch_size(self) -> int:
        return self.settings.batch_size

    @property
    def max_concurrency(self) -> int:
        return self.settings.max_concurrency

    @property
    def rate_limit(self) -> RateLimitInfo | None:
        """`X-RateLimit-*` of the most recent response that carried them (any copy)."""
        return self._state.rate_limit

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    def _call(
        self, op: Operation[Any], options: RawOptions | CallOptions, allowed: type = CallOptions
    ) -> Call[Any]:
        check_keywords(options, allowed)
        headers = {
            "Authorization": f"Bearer {self._api_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        progress: ProgressCallback | None = options.get("on_progress")  # type: ignore[assignment]
        settings = self.settings.merged(options)
        return Call(op, self._http, self.base_url + op.path, headers, settings, progress)

    def __repr__(self) -> str:
        # Never the key.
        s = self.settings
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, timeout={s.timeout!r}, "
            f"max_retries={s.max_retries}, batch_size={s.batch_size}, "
            f"max_concurrency={s.max_concurrency})"
        )


# The shapes of the sync and async results, per input type and model.
SyncOf: TypeAlias = Resource[InT, BulkResult[M], Iterator[ChunkResult[M]], APIResponse[M]]
AsyncOf: TypeAlias = Resource[
    InT,
    Coroutine[Any, Any, BulkResult[M]],
    AsyncIterator[ChunkResult[M]],
    Coroutine[Any, Any, APIResponse[M]],
]
SyncLinks: TypeAlias = Links[
    LinkInput, BulkResult[Link], Iterator[ChunkResult[Link]], APIResponse[Link]
]
AsyncLinks: TypeAlias = Links[
    LinkInput,
    Coroutine[Any, Any, BulkResult[Link]],
    AsyncIterator[ChunkResult[Link]],
    Coroutine[Any, Any, APIResponse[Link]],
]


class Hoko(_Client[httpx.Client]):
    """Synchronous client for Hoko's bulk link API.

    Args:
        api_key: falls back to `HOKO_API_KEY`; construction fails without one.
        base_url: falls back to `HOKO_BASE_URL`, then `https://hoko.to`.
        default_headers: extra headers on every request.
        http_client: your own `httpx.Client` (transport, proxies); closed by `close()`.
        trust_env: False ignores `HTTP(S)_PROXY`/`ALL_PROXY`/`NO_PROXY` and `.netrc` (with a
            proxy set, the key would travel to it, even for a loopback base URL).
        **options: `timeout` (seconds per attempt, connect capped at 5 s, an `httpx.Timeout`,
            or None; 60), `max_retries` (2; 0 disables every retry), `max_retry_wait` (60 s),
            `max_rate_limit_retries` (10), `retry_creates` (False), `batch_size` (10,000),
            `max_concurrency` (1). docs/client.md explains each.

    Use it as a context manager (or call `close()`) to release pooled connections.
    """

    links: SyncLinks
    collections: SyncOf[CollectionInput, Collection]
    partners: SyncOf[PartnerInput, Partner]

    def _new_pool(self, trust_env: bool) -> httpx.Client:
        return self._generated_client(trust_env).get_httpx_client()

    def _iter(
        self, op: Operation[Any], items: Iterable[Any], options: CallOptions
    ) -> Iterator[ChunkResult[Any]]:
        return iter_sync(SyncSender(self._http, self._state), self._call(op, options), items)

    def _list(self, op: Operation[Any], items: Iterable[Any], options: CallOptions) -> Any:
        done: list[ChunkResult[Any]] = []
        try:
            done.extend(self._iter(op, items, options))
        except BulkError as exc:
            raise rebased(exc, done) from exc.__cause__
        return collect(op, done)

    def _raw(self, op: Operation[Any], items: Iterable[Any], options: RawOptions) -> Any:
        call = self._call(op, options, RawOptions)
        raw, response = SyncSender(self._http, self._state).send(call.attempts(items))
        return APIResponse(response, raw, op.results)

    def close(self) -> None:
        """Close the connection pool (shared with `with_options` copies)."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncHoko(_Client[httpx.AsyncClient]):
    """Asynchronous twin of `Hoko`: same options, same resources, awaitable methods;
    `iter_create`/`iter_upsert` are async iterators, `max_concurrency` runs that many chunks as
    concurrent tasks, and `http_client` is an `httpx.AsyncClient`."""

    links: AsyncLinks
    collections: AsyncOf[CollectionInput, Collection]
    partners: AsyncOf[PartnerInput, Partner]

    def _new_pool(self, trust_env: bool) -> httpx.AsyncClient:
        return self._generated_client(trust_env).get_async_httpx_client()

    def _iter(
        self, op: Operation[Any], items: Iterable[Any], options: CallOptions
    ) -> AsyncIterator[ChunkResult[Any]]:
        return iter_async(AsyncSender(self._http, self._state), self._call(op, options), items)

    async def _list(self, op: Operation[Any], items: Iterable[Any], options: CallOptions) -> Any:
        done: list[ChunkResult[Any]] = []
        try:
            async for chunk in self._iter(op, items, options):
                done.append(chunk)
        except BulkError as exc:
            raise rebased(exc, done) from exc.__cause__
        return collect(op, done)

    async def _raw(self, op: Operation[Any], items: Iterable[Any], options: RawOptions) -> Any:
        call = self._call(op, options, RawOptions)
        raw, response = await AsyncSender(self._http, self._state).send(call.attempts(items))
        return APIResponse(response, raw, op.results)

    async def close(self) -> None:
        """Close the connection pool (shared with `with_options` copies)."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
