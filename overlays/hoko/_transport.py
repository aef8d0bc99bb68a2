"""Sending one chunk: the retry policy (without I/O), bounded reading, error mapping.

`Attempts` is the policy of one chunk: it builds each request, turns an answer into results or
a typed error, and says how long to wait before the next try (or gives up by raising). The sync
and async clients only add the I/O: `SyncSender.send` and `AsyncSender.send`. The policy itself
is the table in docs/client.md (Retries): 429s always (they had no effect, D17), connection
errors before sending always, 5xx and cut-off answers only for update-only chunks or with
`retry_creates`. Every wait is a finite number of seconds from 0 to `max_retry_wait`.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import httpx
import orjson
from hoko_client.types import gc_paused, unbind_stream, when_body_sent

from . import _constants
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    RateLimitError,
    make_status_error,
)
from ._logging import logger, redact_headers
from ._options import Settings
from ._types import RateLimitInfo, retry_after_header

if TYPE_CHECKING:
    from ._chunks import Chunk

Results = list[dict[str, Any]]
Retryable = APIConnectionError | APIStatusError


def backoff_delay(retries_done: int) -> float:
    """0.5, 1, 2, 4, 8, 8, ... seconds, each reduced by up to 25 % jitter (Stainless)."""
    delay = min(_constants.INITIAL_RETRY_DELAY * (2.0**retries_done), _constants.MAX_RETRY_DELAY)
    return delay * (1.0 - 0.25 * random.random())


def connection_error(exc: Exception, request: httpx.Request) -> APIConnectionError:
    if isinstance(exc, RuntimeError) and "closed" in str(exc):
        raise ClientClosedError("the client is closed; create a new one") from exc
    # Connect failures happen before a byte of the request left, so they are always safe.
    before_send = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request=request, sent=not before_send)
    return APIConnectionError(
        f"Connection error ({type(exc).__name__}): {exc}", request=request, sent=not before_send
    )


class Body:
    """A streamed answer, read within the attempt's deadline and at most `limit` bytes."""

    def __init__(self, request: httpx.Request, deadline: float | None, limit: int) -> None:
        self.request, self.deadline, self.limit = request, deadline, limit
        self.started = time.monotonic()
        self.parts: list[bytes] = []
        self.size = 0

    @staticmethod
    def already_read(streamed: httpx.Response) -> list[bytes]:
        """The body of a response a transport handed back already read (mocks, bridges)."""
        return [streamed.content] if streamed.is_stream_consumed else []

    def add(self, part: bytes, response: httpx.Response) -> None:
        self.size += len(part)
        if self.size > self.limit:
            raise APIResponseValidationError(
                f"the answer is longer than {self.limit} bytes; stopped reading",
                response=response,
            )
        if self.deadline is not None and time.monotonic() - self.started > self.deadline:
            raise APITimeoutError(request=self.request, sent=True)
        self.parts.append(part)

    def response(self, streamed: httpx.Response) -> httpx.Response:
        took = time.monotonic() - self.started
        logger.debug("Response: %s -> %d in %.3f s", self.request.url, streamed.status_code, took)
        content, code = b"".join(self.parts), streamed.status_code
        return httpx.Response(code, headers=streamed.headers, content=content, request=self.request)


class Attempts:
    """The retry policy of one chunk (see the module doc); no I/O of its own."""

    def __init__(
        self,
        http: httpx.Client | httpx.AsyncClient,
        headers: dict[str, str],
        method: str,
        url: str,
        chunk: Chunk,
        settings: Settings,
    ) -> None:
        self.http, self.headers, self.method, self.url = http, headers, method, url
        self.body = chunk.body
        self.ids = chunk.ids
        self.idempotent = chunk.all_ids  # an update-only chunk may be sent again
        self.settings = settings
        self.timeout, self.deadline = settings.httpx_timeout()
        self.retries = 0
        self.rate_limit_retries = 0
        self.on_sent: Callable[[], object] | None = None  # sync only: each body is out
        # An answer echoes its items: twice the request, plus the fields the server adds.
        self.limit = (
            2 * len(self.body)
            + len(self.ids) * _constants.ANSWER_BYTES_PER_ITEM
            + _constants.ANSWER_MARGIN_BYTES
        )

    def request(self) -> httpx.Request:
        if self.http.is_closed:
            raise ClientClosedError("the client is closed; create a new one")
        headers = dict(self.headers)
        tries = self.retries + self.rate_limit_retries
        if tries:
            headers["X-Hoko-Retry-Count"] = str(tries)
        request = self.http.build_request(
            self.method, self.url, content=self.body, headers=headers, timeout=self.timeout
        )
        if self.on_sent is not None:
            when_body_sent(request, self.on_sent)
        if logger.isEnabledFor(logging.DEBUG):
            shown = (request.method, request.url, len(self.ids), len(self.body), tries)
            logger.debug(
                "Request: %s %s items=%d bytes=%d attempt=%d headers=%s",
                *shown,
                redact_headers(request.headers),
            )
        return request

    def result(self, response: httpx.Response) -> tuple[Results, httpx.Response]:
        """The decoded results of a 2xx answer, or the typed error of any other."""
        if not response.is_success:
            raise make_status_error(response)
        # A decoded answer has no reference cycles (D39): collections its allocations trigger would
        # free nothing and walk the whole heap, a large part of the client's CPU on big batches.
        with gc_paused():
            try:
                data = orjson.loads(response.content)
            except orjson.JSONDecodeError as exc:
                message = f"the answer is not JSON: {exc}"
                raise APIResponseValidationError(message, response=response) from exc
            check_order(self.ids, data, response)
        return data, response

    def limit_for(self, response: httpx.Response) -> int:
        return self.limit if response.is_success else _constants.ERROR_BODY_LIMIT

    def retry_delay(self, error: Exception) -> float:
        """Seconds to wait before the next attempt; raises `error` when it is not retried."""
        delay = self._delay(error)
        if delay is None:
            raise error
        kind = type(error).__name__
        logger.info(
            "Retrying %s %s in %.2f s after %s: %s", self.method, self.url, delay, kind, error
        )
        return delay

    def _delay(self, error: Exception) -> float | None:
        s = self.settings
        if s.max_retries <= 0 or not isinstance(error, APIConnectionError | APIStatusError):
            return None
        may_repeat = self.idempotent or s.retry_creates
        if isinstance(error, RateLimitError):
            if self.rate_limit_retries >= s.max_rate_limit_retries:
                return None
            wait = error.retry_after
            if wait is None:
                wait = backoff_delay(self.rate_limit_retries)
            if wait > s.max_retry_wait:
                return None
            self.rate_limit_retries += 1
            # Spread clients that were told the same instant; waiting a little longer is safe.
            jitter = random.uniform(0.0, min(0.25, 0.1 * wait + 0.05))
            return min(wait + jitter, s.max_retry_wait)
        if self.retries >= s.max_retries:
            return None
        if isinstance(error, APIConnectionError) and error.sent and not may_repeat:
            return None
        if isinstance(error, APIStatusError) and (error.status_code < 500 or not may_repeat):
            return None
        delay = backoff_delay(self.retries)
        if isinstance(error, APIStatusError):
            server_wait = retry_after_header(error.response.headers)
            if server_wait is not None and server_wait <= s.max_retry_wait:
                delay = server_wait
        self.retries += 1
        return delay


def _record(state: Any, response: httpx.Response) -> None:
    info = RateLimitInfo.from_headers(response.headers)
    if info is not None:
        state.rate_limit = info


class SyncSender:
    def __init__(self, http: httpx.Client, state: Any) -> None:
        self.http, self.state = http, state

    def _read(self, attempts: Attempts, request: httpx.Request) -> httpx.Response:
        try:
            streamed = self.http.send(request, stream=True)
        except (httpx.HTTPError, RuntimeError) as exc:
            raise connection_error(exc, request) from exc
        if attempts.on_sent is not None:
            attempts.on_sent()  # for a transport that took the body without iterating it
        body = Body(request, attempts.deadline, attempts.limit_for(streamed))
        try:
            for part in body.already_read(streamed) or streamed.iter_raw():
                body.add(part, streamed)
        except httpx.HTTPError as exc:
            raise connection_error(exc, request) from exc
        finally:
            streamed.close()
            unbind_stream(streamed)  # see there: the cycle holds the chunk's body
        return body.response(streamed)

    def send(self, attempts: Attempts) -> tuple[Results, httpx.Response]:
        while True:
            try:
                response = self._read(attempts, attempts.request())
                _record(self.state, response)
                return attempts.result(response)
            except (APIConnectionError, APIStatusError) as error:
                time.sleep(attempts.retry_delay(error))


class AsyncSender:
    def __init__(self, http: httpx.AsyncClient, state: Any) -> None:
        self.http, self.state = http, state

    async def _read(self, attempts: Attempts, request: httpx.Request) -> httpx.Response:
        try:
            streamed = await self.http.send(request, stream=True)
        except (httpx.HTTPError, RuntimeError) as exc:
            raise connection_error(exc, request) from exc
        body = Body(request, attempts.deadline, attempts.limit_for(streamed))
        try:
            for part in body.already_read(streamed):
                body.add(part, streamed)
            if not streamed.is_stream_consumed:
                async for part in streamed.aiter_raw():
                    body.add(part, streamed)
        except httpx.HTTPError as exc:
            raise connection_error(exc, request) from exc
        finally:
            await streamed.aclose()
            unbind_stream(streamed)  # see there: the cycle holds the chunk's body
        return body.response(streamed)

    async def _read_within(self, attempts: Attempts, request: httpx.Request) -> httpx.Response:
        try:  # async can also bound the wait for the answer's head
            async with asyncio.timeout(attempts.deadline):
                return await self._read(attempts, request)
        except TimeoutError as exc:
            raise APITimeoutError(request=request, sent=True) from exc

    async def send(self, attempts: Attempts) -> tuple[Results, httpx.Response]:
        while True:
            try:
                response = await self._read_within(attempts, attempts.request())
                _record(self.state, response)
                return attempts.result(response)
            except (APIConnectionError, APIStatusError) as error:
                await asyncio.sleep(attempts.retry_delay(error))


def check_order(ids: Sequence[str | None], data: Any, response: httpx.Response | None) -> None:
    """`response[i]` answers `request[i]` (D6): one object per item, with the id it updated."""
    if type(data) is not list or len(data) != len(ids):
        size = f"{len(data)} results" if type(data) is list else "no JSON array"
        message = f"sent {len(ids)} items but the answer has {size} (D6)"
        raise APIResponseValidationError(message, response=response)
    for i, (sent, got) in enumerate(zip(ids, data, strict=True)):
        if type(got) is not dict:
            message = f"result {i} is not an object: {got!r:.80}"
            raise APIResponseValidationError(message, response=response)
        if sent is not None and sent != got.get("id") and sent != str(got.get("id")).lower():
            message = (
                f"result {i} has id {got.get('id')!r:.60} but item {i} updated {sent}: "
                "the answer is not in input order (D6)"
            )
            raise APIResponseValidationError(message, response=response)
