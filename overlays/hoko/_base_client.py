"""Sending one chunk: request building, timeouts, the retry policy, error mapping.

Requests go straight through the pooled ``httpx`` client that the generated
``AuthenticatedClient`` builds (same base URL, headers and timeout); bodies are pre-encoded
bytes and answers are decoded with orjson, so no attrs model is built on the hot path.

Retry policy (also in the README):
- 429: the request had no effect (D17), so it is always safe to repeat. Wait ``Retry-After``,
  else the body's ``retryAfter``, else ``X-RateLimit-Reset``; if that wait exceeds
  ``max_retry_wait``, raise ``RateLimitError`` at once. 429 retries do not use up
  ``max_retries``; they are bounded by ``max_rate_limit_retries`` per chunk.
- Connection errors before the request was sent: retried.
- 5xx, timeouts and connections dropped after sending: retried only when every item of the
  chunk has an ``id`` (an update is idempotent), or when ``retry_creates=True``.
- Backoff: exponential with jitter, 0.5 s doubling to 8 s. ``max_retries=0`` disables all retries.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass, replace
from typing import Any

import httpx
import orjson

from . import _constants
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
    make_status_error,
)
from ._logging import logger, redact_headers
from ._types import NOT_GIVEN, NotGiven, RateLimitInfo, TimeoutTypes, parse_retry_after

__all__ = ["AsyncAPIClient", "RequestOptions", "SyncAPIClient"]


@dataclass(frozen=True, slots=True)
class RequestOptions:
    timeout: TimeoutTypes
    max_retries: int
    max_retry_wait: float
    max_rate_limit_retries: int
    retry_creates: bool

    def merge(
        self,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_retry_wait: float | NotGiven = NOT_GIVEN,
        max_rate_limit_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> RequestOptions:
        changes: dict[str, Any] = {}
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = timeout
        if not isinstance(max_retries, NotGiven):
            changes["max_retries"] = max_retries
        if not isinstance(max_retry_wait, NotGiven):
            changes["max_retry_wait"] = max_retry_wait
        if not isinstance(max_rate_limit_retries, NotGiven):
            changes["max_rate_limit_retries"] = max_rate_limit_retries
        if not isinstance(retry_creates, NotGiven):
            changes["retry_creates"] = retry_creates
        merged = replace(self, **changes) if changes else self
        merged.validate()
        return merged

    def validate(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.max_rate_limit_retries < 0:
            raise ValueError("max_rate_limit_retries must be >= 0")
        if self.max_retry_wait < 0:
            raise ValueError("max_retry_wait must be >= 0")
        if isinstance(self.timeout, int | float) and self.timeout <= 0:
            raise ValueError("timeout must be > 0 (or None for no timeout)")


def httpx_timeout(timeout: TimeoutTypes) -> tuple[httpx.Timeout, float | None]:
    """The per-phase httpx timeout, and the overall deadline in seconds (floats only)."""
    if timeout is None:
        return httpx.Timeout(None), None
    if isinstance(timeout, httpx.Timeout):
        return timeout, None
    seconds = float(timeout)
    return httpx.Timeout(seconds, connect=min(seconds, _constants.DEFAULT_CONNECT_TIMEOUT)), seconds


def backoff_delay(retries_done: int) -> float:
    """0.5, 1, 2, 4, 8, 8, ... seconds, each reduced by up to 25 % jitter (Stainless)."""
    delay = min(_constants.INITIAL_RETRY_DELAY * (2.0**retries_done), _constants.MAX_RETRY_DELAY)
    return delay * (1.0 - 0.25 * random.random())


class SharedState:
    """State shared by a client and its ``with_options`` copies."""

    __slots__ = ("rate_limit",)

    def __init__(self) -> None:
        self.rate_limit: RateLimitInfo | None = None


@dataclass(slots=True)
class _Attempt:
    """Per-chunk retry bookkeeping."""

    retries: int = 0
    rate_limit_retries: int = 0


def _next_delay(
    error: Exception, attempt: _Attempt, options: RequestOptions, idempotent: bool
) -> float | None:
    """How long to wait before retrying after ``error``, or None to give up (raise)."""
    if options.max_retries <= 0:
        return None
    may_repeat = idempotent or options.retry_creates
    if isinstance(error, RateLimitError):
        if attempt.rate_limit_retries >= options.max_rate_limit_retries:
            return None
        wait = error.retry_after
        if wait is None:
            wait = backoff_delay(attempt.rate_limit_retries)
        if wait > options.max_retry_wait:
            return None
        attempt.rate_limit_retries += 1
        # Spread clients that were told the same instant; waiting a little longer is always safe.
        return wait + random.uniform(0.0, min(0.25, 0.1 * wait + 0.05))
    if attempt.retries >= options.max_retries:
        return None
    if isinstance(error, APIConnectionError):
        if error.sent and not may_repeat:
            return None
    elif isinstance(error, APIStatusError):
        if error.status_code < 500 or not may_repeat:
            return None
    else:
        return None
    delay = backoff_delay(attempt.retries)
    if isinstance(error, APIStatusError):
        server_wait = parse_retry_after(error.response.headers)
        if server_wait is not None and server_wait <= options.max_retry_wait:
            delay = server_wait
    attempt.retries += 1
    return delay


def _connection_error(exc: httpx.HTTPError, request: httpx.Request) -> APIConnectionError:
    # Connect failures happen before a byte of the request left, so they are always safe.
    before_send = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request=request, sent=not before_send)
    return APIConnectionError(
        f"Connection error ({type(exc).__name__}): {exc}", request=request, sent=not before_send
    )


def _decode_success(response: httpx.Response, expected: int) -> list[dict[str, Any]]:
    try:
        data = orjson.loads(response.content)
    except orjson.JSONDecodeError as exc:
        raise APIResponseValidationError(
            f"{response.status_code} response is not JSON: {exc}", response=response
        ) from exc
    if type(data) is not list:
        raise APIResponseValidationError(
            f"{response.status_code} response is not a JSON array", response=response
        )
    if len(data) != expected:
        raise APIResponseValidationError(
            f"sent {expected} items but the response has {len(data)} results (D6)",
            response=response,
        )
    return data


class BaseClient:
    """Configuration shared by the sync and async clients."""

    _api_key: str
    base_url: str
    options: RequestOptions
    _state: SharedState

    def _url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def _request_headers(self, attempt: int) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self._api_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        if attempt:
            headers["X-Hoko-Retry-Count"] = str(attempt)
        return headers

    def _record(self, response: httpx.Response) -> None:
        info = RateLimitInfo.from_headers(response.headers)
        if info is not None:
            self._state.rate_limit = info

    @property
    def rate_limit(self) -> RateLimitInfo | None:
        """``X-RateLimit-*`` of the most recent response that carried them (any copy)."""
        return self._state.rate_limit

    @staticmethod
    def _log_request(request: httpx.Request, count: int, attempt: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "Request: %s %s items=%d bytes=%d attempt=%d headers=%s",
                request.method,
                request.url,
                count,
                len(request.content),
                attempt,
                redact_headers(request.headers),
            )

    @staticmethod
    def _log_retry(request: httpx.Request, error: Exception, delay: float) -> None:
        logger.info(
            "Retrying %s %s in %.2f s after %s: %s",
            request.method,
            request.url.path,
            delay,
            type(error).__name__,
            error,
        )


class SyncAPIClient(BaseClient):
    _http: httpx.Client

    def _send_once(self, request: httpx.Request, deadline: float | None) -> httpx.Response:
        started = time.monotonic()
        try:
            response = self._http.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise _connection_error(exc, request) from exc
        if response.is_stream_consumed:
            # A transport that hands back an already-read response (mocks, bridges).
            response.close()
            return response
        try:
            parts = []
            for part in response.iter_raw():
                parts.append(part)
                if deadline is not None and time.monotonic() - started > deadline:
                    raise APITimeoutError(request=request, sent=True)
        except httpx.HTTPError as exc:
            raise _connection_error(exc, request) from exc
        finally:
            response.close()
        # Rebuild a complete, readable response (the streamed one is closed) for callers.
        full = httpx.Response(
            response.status_code, headers=response.headers, content=b"".join(parts), request=request
        )
        logger.debug(
            "Response: %s %s -> %d in %.3f s",
            request.method,
            request.url.path,
            response.status_code,
            time.monotonic() - started,
        )
        return full

    def request_chunk(
        self,
        method: str,
        path: str,
        body: bytes,
        *,
        count: int,
        idempotent: bool,
        options: RequestOptions,
    ) -> tuple[list[dict[str, Any]], httpx.Response]:
        """Send one chunk with the retry policy; return the decoded results and the response."""
        timeout, deadline = httpx_timeout(options.timeout)
        attempt = _Attempt()
        url = self._url(path)
        while True:
            request = self._http.build_request(
                method,
                url,
                content=body,
                headers=self._request_headers(attempt.retries + attempt.rate_limit_retries),
                timeout=timeout,
            )
            self._log_request(request, count, attempt.retries + attempt.rate_limit_retries)
            try:
                response = self._send_once(request, deadline)
                self._record(response)
                if response.is_success:
                    return _decode_success(response, count), response
                raise make_status_error(response)
            except (APIConnectionError, APIStatusError) as error:
                delay = _next_delay(error, attempt, options, idempotent)
                if delay is None:
                    raise
                self._log_retry(request, error, delay)
            time.sleep(delay)


class AsyncAPIClient(BaseClient):
    _http: httpx.AsyncClient

    async def _send_once(self, request: httpx.Request, deadline: float | None) -> httpx.Response:
        started = time.monotonic()
        try:
            response = await self._http.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise _connection_error(exc, request) from exc
        if response.is_stream_consumed:
            # A transport that hands back an already-read response (mocks, bridges).
            await response.aclose()
            return response
        try:
            parts = []
            async for part in response.aiter_raw():
                parts.append(part)
                if deadline is not None and time.monotonic() - started > deadline:
                    raise APITimeoutError(request=request, sent=True)
        except httpx.HTTPError as exc:
            raise _connection_error(exc, request) from exc
        finally:
            await response.aclose()
        full = httpx.Response(
            response.status_code, headers=response.headers, content=b"".join(parts), request=request
        )
        logger.debug(
            "Response: %s %s -> %d in %.3f s",
            request.method,
            request.url.path,
            response.status_code,
            time.monotonic() - started,
        )
        return full

    async def request_chunk(
        self,
        method: str,
        path: str,
        body: bytes,
        *,
        count: int,
        idempotent: bool,
        options: RequestOptions,
    ) -> tuple[list[dict[str, Any]], httpx.Response]:
        """Send one chunk with the retry policy; return the decoded results and the response."""
        timeout, deadline = httpx_timeout(options.timeout)
        attempt = _Attempt()
        url = self._url(path)
        while True:
            request = self._http.build_request(
                method,
                url,
                content=body,
                headers=self._request_headers(attempt.retries + attempt.rate_limit_retries),
                timeout=timeout,
            )
            self._log_request(request, count, attempt.retries + attempt.rate_limit_retries)
            try:
                if deadline is not None:
                    # Async can also bound time spent waiting for the response head.
                    async with asyncio.timeout(deadline):
                        response = await self._send_once(request, deadline)
                else:
                    response = await self._send_once(request, deadline)
                self._record(response)
                if response.is_success:
                    return _decode_success(response, count), response
                raise make_status_error(response)
            except TimeoutError as exc:
                error: APIConnectionError | APIStatusError = APITimeoutError(
                    request=request, sent=True
                )
                delay = _next_delay(error, attempt, options, idempotent)
                if delay is None:
                    raise error from exc
                self._log_retry(request, error, delay)
            except (APIConnectionError, APIStatusError) as error:
                delay = _next_delay(error, attempt, options, idempotent)
                if delay is None:
                    raise
                self._log_retry(request, error, delay)
            await asyncio.sleep(delay)
