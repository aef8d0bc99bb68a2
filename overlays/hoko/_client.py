"""``Hoko`` and ``AsyncHoko``: configuration, connection pool, resources, ``with_options``."""

from __future__ import annotations

import os
from types import TracebackType
from typing import Self

import httpx
from hoko_client import AuthenticatedClient

from . import _constants
from ._base_client import (
    AsyncAPIClient,
    BaseClient,
    RequestOptions,
    SharedState,
    SyncAPIClient,
    httpx_timeout,
)
from ._exceptions import HokoError
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes
from .resources import AsyncCollections, AsyncLinks, AsyncPartners, Collections, Links, Partners

__all__ = ["AsyncHoko", "Hoko"]


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


class _ClientConfig(BaseClient):
    """Constructor, options and copying shared by both clients."""

    batch_size: int
    max_concurrency: int
    _default_headers: dict[str, str]

    def _configure(
        self,
        api_key: str | None,
        base_url: str | None,
        timeout: TimeoutTypes,
        max_retries: int,
        max_retry_wait: float,
        max_rate_limit_retries: int,
        retry_creates: bool,
        batch_size: int,
        max_concurrency: int,
        default_headers: dict[str, str] | None,
    ) -> None:
        self._api_key = _resolve_key(api_key)
        self.base_url = _resolve_base_url(base_url)
        self.options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            max_rate_limit_retries=max_rate_limit_retries,
            retry_creates=retry_creates,
        )
        self.options.validate()
        if not 1 <= batch_size <= _constants.MAX_BATCH_SIZE:
            raise ValueError(f"batch_size must be between 1 and {_constants.MAX_BATCH_SIZE}")
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be >= 1")
        self.batch_size = batch_size
        self.max_concurrency = max_concurrency
        self._default_headers = {"User-Agent": _constants.USER_AGENT, **(default_headers or {})}
        self._state = SharedState()

    def _generated_client(self) -> AuthenticatedClient:
        return AuthenticatedClient(
            base_url=self.base_url,
            token=self._api_key,
            timeout=httpx_timeout(self.options.timeout)[0],
            headers=dict(self._default_headers),
            httpx_args={"limits": _constants.DEFAULT_CONNECTION_LIMITS},
        )

    def _copy_fields(
        self,
        other: _ClientConfig,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: TimeoutTypes | NotGiven,
        max_retries: int | NotGiven,
        max_retry_wait: float | NotGiven,
        max_rate_limit_retries: int | NotGiven,
        retry_creates: bool | NotGiven,
        batch_size: int | None,
        max_concurrency: int | None,
    ) -> None:
        other._api_key = _resolve_key(api_key) if api_key is not None else self._api_key
        other.base_url = _resolve_base_url(base_url) if base_url is not None else self.base_url
        other.options = self.options.merge(
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            max_rate_limit_retries=max_rate_limit_retries,
            retry_creates=retry_creates,
        )
        other.batch_size = batch_size if batch_size is not None else self.batch_size
        other.max_concurrency = (
            max_concurrency if max_concurrency is not None else self.max_concurrency
        )
        if not 1 <= other.batch_size <= _constants.MAX_BATCH_SIZE:
            raise ValueError(f"batch_size must be between 1 and {_constants.MAX_BATCH_SIZE}")
        if other.max_concurrency < 1:
            raise ValueError("max_concurrency must be >= 1")
        other._default_headers = self._default_headers
        other._state = self._state

    def __repr__(self) -> str:
        # Never the key.
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, timeout={self.options.timeout!r}, "
            f"max_retries={self.options.max_retries}, batch_size={self.batch_size}, "
            f"max_concurrency={self.max_concurrency})"
        )


class Hoko(_ClientConfig, SyncAPIClient):
    """Synchronous client for Hoko's bulk link API.

    Args:
        api_key: falls back to ``HOKO_API_KEY``; construction fails without one.
        base_url: falls back to ``HOKO_BASE_URL``, then ``https://hoko.to``.
        timeout: seconds per request attempt (connect capped at 5 s), an ``httpx.Timeout``
            (per phase), or ``None``. Default 60 s.
        max_retries: retries of connection errors, timeouts and 5xx per chunk (see the README's
            retry policy); ``0`` disables every retry, 429 included. Default 2.
        max_retry_wait: longest server-directed wait (``Retry-After``) to sit through; a longer
            one raises ``RateLimitError`` at once. Default 60 s.
        max_rate_limit_retries: bound on 429 retries per chunk (they do not use up
            ``max_retries``). Default 10.
        retry_creates: also retry chunks containing creates after a possible send (risks
            duplicates). Default False.
        batch_size: items per request, 1..10,000 (the basic plan caps batches at 100).
        max_concurrency: chunks in flight at once (threads here, tasks in ``AsyncHoko``).
            While a chunk is in flight (on a worker thread), the next one is read from your
            iterable and checked (not sent) on your thread; see ``iter_upsert`` in the README.
        default_headers: extra headers on every request.
        http_client: your own ``httpx.Client`` (transport, proxies); closed by ``close()``.

    Use it as a context manager (or call ``close()``) to release pooled connections;
    ``with_options(...)`` copies share the pool.
    """

    links: Links
    collections: Collections
    partners: Partners

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutTypes = _constants.DEFAULT_TIMEOUT,
        max_retries: int = _constants.DEFAULT_MAX_RETRIES,
        max_retry_wait: float = _constants.DEFAULT_MAX_RETRY_WAIT,
        max_rate_limit_retries: int = _constants.DEFAULT_MAX_RATE_LIMIT_RETRIES,
        retry_creates: bool = False,
        batch_size: int = _constants.MAX_BATCH_SIZE,
        max_concurrency: int = _constants.DEFAULT_MAX_CONCURRENCY,
        default_headers: dict[str, str] | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        self._configure(
            api_key,
            base_url,
            timeout,
            max_retries,
            max_retry_wait,
            max_rate_limit_retries,
            retry_creates,
            batch_size,
            max_concurrency,
            default_headers,
        )
        if http_client is not None:
            http_client.headers.update(self._default_headers)
            self._http = http_client
        else:
            self._http = self._generated_client().get_httpx_client()
        self._init_resources()

    def _init_resources(self) -> None:
        self.links = Links(self)
        self.collections = Collections(self)
        self.partners = Partners(self)

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_retry_wait: float | NotGiven = NOT_GIVEN,
        max_rate_limit_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
    ) -> Hoko:
        """A copy with some options changed; it shares this client's connection pool."""
        other = object.__new__(Hoko)
        self._copy_fields(
            other,
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            max_rate_limit_retries=max_rate_limit_retries,
            retry_creates=retry_creates,
            batch_size=batch_size,
            max_concurrency=max_concurrency,
        )
        other._http = self._http
        other._init_resources()
        return other

    copy = with_options

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    def close(self) -> None:
        """Close the connection pool (shared with ``with_options`` copies)."""
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


class AsyncHoko(_ClientConfig, AsyncAPIClient):
    """Asynchronous twin of ``Hoko``: same options, same resources, ``await``-able methods.

    ``iter_create``/``iter_upsert`` are async iterators; ``max_concurrency`` runs that many
    chunks as concurrent tasks; ``http_client`` is an ``httpx.AsyncClient``.
    """

    links: AsyncLinks
    collections: AsyncCollections
    partners: AsyncPartners

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutTypes = _constants.DEFAULT_TIMEOUT,
        max_retries: int = _constants.DEFAULT_MAX_RETRIES,
        max_retry_wait: float = _constants.DEFAULT_MAX_RETRY_WAIT,
        max_rate_limit_retries: int = _constants.DEFAULT_MAX_RATE_LIMIT_RETRIES,
        retry_creates: bool = False,
        batch_size: int = _constants.MAX_BATCH_SIZE,
        max_concurrency: int = _constants.DEFAULT_MAX_CONCURRENCY,
        default_headers: dict[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._configure(
            api_key,
            base_url,
            timeout,
            max_retries,
            max_retry_wait,
            max_rate_limit_retries,
            retry_creates,
            batch_size,
            max_concurrency,
            default_headers,
        )
        if http_client is not None:
            http_client.headers.update(self._default_headers)
            self._http = http_client
        else:
            self._http = self._generated_client().get_async_httpx_client()
        self._init_resources()

    def _init_resources(self) -> None:
        self.links = AsyncLinks(self)
        self.collections = AsyncCollections(self)
        self.partners = AsyncPartners(self)

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_retry_wait: float | NotGiven = NOT_GIVEN,
        max_rate_limit_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
    ) -> AsyncHoko:
        """A copy with some options changed; it shares this client's connection pool."""
        other = object.__new__(AsyncHoko)
        self._copy_fields(
            other,
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            max_rate_limit_retries=max_rate_limit_retries,
            retry_creates=retry_creates,
            batch_size=batch_size,
            max_concurrency=max_concurrency,
        )
        other._http = self._http
        other._init_resources()
        return other

    copy = with_options

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    async def close(self) -> None:
        """Close the connection pool (shared with ``with_options`` copies)."""
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
