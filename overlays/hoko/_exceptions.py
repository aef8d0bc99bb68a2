"""Errors raised by the `hoko` client.

    HokoError
    ├── APIConnectionError            no usable HTTP response (DNS, refused, reset, ...)
    │   └── APITimeoutError           the request took longer than its timeout
    ├── APIStatusError                the server answered with a non-2xx status
    │   ├── BadRequestError           400: invalid body; nothing was written (D4)
    │   ├── AuthenticationError       401: missing or unknown key
    │   ├── PermissionDeniedError     403: missing scope (missing_scopes) or plan-gated field (D8)
    │   ├── PayloadTooLargeError      413: body over 16 MiB (D18)
    │   ├── RateLimitError            429: retry_after / limit / remaining / reset (D17)
    │   └── InternalServerError       5xx
    ├── APIResponseValidationError    an answer that breaks the contract (not JSON, too long, wrong
    │                                 length or order, a result that is no model)
    ├── ClientClosedError             the client was closed
    └── BulkError                     a chunk failed after others succeeded; carries what to resume

    InvalidItemError (a ValueError)   client-side check of one item, before anything is sent

Messages name the status, the server's English message and the failing items; they never contain
the API key (it only ever lives in the Authorization header, which is not part of any message).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain, count
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
import orjson
from hoko_client.models import Error, ErrorDetail

from ._types import RateLimitInfo, finite_seconds

if TYPE_CHECKING:
    from ._response import ChunkFailure, ChunkResult


T = TypeVar("T")

_MAX_DETAILS_IN_MESSAGE = 3


class HokoError(Exception):
    """Base class of every error this package raises on purpose."""


class APIConnectionError(HokoError):
    """No HTTP response: the connection failed, was reset, or the response was cut off.

    `sent` tells whether the request may have reached the server (it matters for retrying
    creates, which are not idempotent).
    """

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request, sent: bool = True
    ) -> None:
        super().__init__(message)
        self.request = request
        self.sent = sent


class APITimeoutError(APIConnectionError):
    """The request did not finish within its timeout."""

    def __init__(self, *, request: httpx.Request, sent: bool = True) -> None:
        super().__init__("Request timed out.", request=request, sent=sent)


class APIStatusError(HokoError):
    """The server answered with a non-2xx status and (normally) Hoko's bilingual error body."""

    def __init__(self, response: httpx.Response, *, body: Any, error: Error | None) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.error = error
        self.rate_limit = RateLimitInfo.from_headers(response.headers)
        if error is not None:
            self.message_en = error.error.en
            self.message_ar = error.error.ar
            self.details: list[ErrorDetail] = (
                list(error.details) if isinstance(error.details, list) else []
            )
        else:
            reason = response.reason_phrase or "Unexpected response"
            self.message_en = reason
            self.message_ar = reason
            self.details = []
        super().__init__(self._format())

    def _format(self, offset: int = 0) -> str:
        """The message; `offset` turns request indices into the caller's input indices."""
        text = f"{self.status_code} {self.message_en}"
        parts = []
        for detail in self.details[:_MAX_DETAILS_IN_MESSAGE]:
            where = []
            if isinstance(detail.index, int):
                where.append(f"item {detail.index + offset}")
            if isinstance(detail.field, str):
                where.append(f"field {detail.field!r}")
            prefix = ", ".join(where)
            parts.append(f"{prefix}: {detail.message}" if prefix else detail.message)
        if parts:
            more = len(self.details) - len(parts)
            text += " (" + "; ".join(parts) + (f"; and {more} more" if more > 0 else "") + ")"
        return text

    @property
    def request(self) -> httpx.Request:
        return self.response.request

    @property
    def item_indices(self) -> list[int]:
        """Indices (within the request) of the items the server blamed, from `details`."""
        return sorted({d.index for d in self.details if isinstance(d.index, int)})


class BadRequestError(APIStatusError):
    """400: the body was rejected; nothing was written (D4). `details` names items/fields."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or unknown."""


class PermissionDeniedError(APIStatusError):
    """403: the key lacks a scope (`missing_scopes` lists it), or a plan-gated field was set
    on a plan without that feature (`missing_scopes` is empty, D8)."""

    def __init__(self, response: httpx.Response, *, body: Any, error: Error | None) -> None:
        scopes = error.missing_scopes if error is not None else None
        self.missing_scopes = list(scopes) if isinstance(scopes, list) else []
        super().__init__(response, body=body, error=error)

    def _format(self, offset: int = 0) -> str:
        text = super()._format(offset)
        if self.missing_scopes:
            text += f" [missing scopes: {', '.join(self.missing_scopes)}]"
        return text


class PayloadTooLargeError(APIStatusError):
    """413: the body was larger than the server accepts (16 MiB, D18)."""


class RateLimitError(APIStatusError):
    """429: the key's rate limit is exhausted; the request had no effect (D17).

    `retry_after` (seconds) comes from `Retry-After`, else the body's `retryAfter`, else
    `X-RateLimit-Reset`. `limit`/`remaining`/`reset` are the `X-RateLimit-*` headers.
    """

    def __init__(self, response: httpx.Response, *, body: Any, error: Error | None) -> None:
        super().__init__(response, body=body, error=error)
        info = self.rate_limit
        self.limit = info.limit if info else None
        self.remaining = info.remaining if info else None
        self.reset = info.reset if info else None
        retry_after: float | None = info.retry_after if info else None
        if retry_after is None and error is not None:
            retry_after = finite_seconds(error.retry_after)
        if retry_after is None and self.reset is not None:
            retry_after = float(self.reset)
        self.retry_after: float | None = retry_after
        self.args = (self._format() + f" [retry after {retry_after} s]",)


class InternalServerError(APIStatusError):
    """5xx: the server failed. Retried for idempotent chunks (docs/client.md, Retries)."""


class APIResponseValidationError(HokoError):
    """An answer that breaks the API contract: not a JSON array, longer than the client reads,
    not one result per item in input order (D6), or a result that does not parse as a model.
    `response` is None when the result was found unreadable after the call returned."""

    def __init__(self, message: str, *, response: httpx.Response | None) -> None:
        super().__init__(message)
        self.response = response


class ClientClosedError(HokoError):
    """The client (or the `with_options` copy sharing its pool) was closed."""


class InvalidItemError(ValueError):
    """An item failed a client-side check; nothing of its chunk was sent.

    `index` is the item's position in the caller's input, `field` the offending field (or
    `None` for the item as a whole).
    """

    def __init__(self, index: int, field: str | None, message: str) -> None:
        where = f"item {index}" + (f", field {field!r}" if field else "")
        super().__init__(f"{where}: {message}")
        self.index = index
        self.field = field
        self.reason = message


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    413: PayloadTooLargeError,
    429: RateLimitError,
}


def make_status_error(response: httpx.Response) -> APIStatusError:
    """Build the typed error for a non-2xx response (the body must already be read)."""
    body: Any
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        body = response.text
    error: Error | None = None
    if isinstance(body, dict):
        try:
            error = Error.from_dict(body)
        except (KeyError, TypeError, ValueError, AttributeError):
            error = None
        if error is not None and not (
            isinstance(error.error.en, str) and isinstance(error.error.ar, str)
        ):
            error = None
    status = response.status_code
    cls = _STATUS_ERRORS.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    return cls(response, body=body, error=error)


class BulkError(HokoError, Generic[T]):
    """A bulk call stopped: some chunks succeeded, at least one failed, some were never sent.

    - `completed`: the successful chunks whose results you have not received yet (all of them
      for `create`/`upsert`; for `iter_*` the ones not yielded before the failure), each
      with its input `start`/`stop` and results.
    - `failures`: failed chunks in input order, each with its index range (`indices`), its
      `error` and its `items` (as sent, ready to resend). `failed_range` / `cause`
      describe the first.
    - `not_attempted_start`: every input index from here on was never sent.
      `not_attempted_stop` is the input length when it is known (else `None`).

    Resume by sending `remaining_items()`: failed chunks first, then the never-attempted
    items, in input order. Items that were already encoded come back as the JSON objects that
    were (or would have been) sent; items never read from your iterable are your own objects.
    `remaining_indices()` maps the resumed call's results back to the original input indices.
    Nothing in `completed` is ever sent again.
    """

    def __init__(
        self,
        *,
        completed: list[ChunkResult[T]],
        failures: list[ChunkFailure],
        not_attempted_start: int,
        not_attempted_stop: int | None,
        leftover: Iterator[tuple[int, Any]],
        delivered: int = 0,
    ) -> None:
        self.completed = completed
        self.failures = failures
        self.not_attempted_start = not_attempted_start
        self.not_attempted_stop = not_attempted_stop
        self.delivered = delivered
        self._leftover = leftover
        self._consumed = False
        first = failures[0]
        done = sum(len(c) for c in completed) + delivered
        tail = (
            f"{not_attempted_start}..{not_attempted_stop - 1}"
            if not_attempted_stop is not None and not_attempted_stop > not_attempted_start
            else ("none" if not_attempted_stop is not None else f"{not_attempted_start}..(end)")
        )
        cause = first.error
        # Server details count from the chunk's start; show the caller's input indices.
        reason = cause._format(first.start) if isinstance(cause, APIStatusError) else str(cause)
        super().__init__(
            f"bulk call stopped: input items {first.start}..{first.stop - 1} failed "
            f"({type(cause).__name__}: {reason}); {done} items succeeded; "
            f"never attempted: {tail}"
        )
        self.__cause__ = first.error

    @property
    def cause(self) -> BaseException:
        return self.failures[0].error

    @property
    def failed_range(self) -> range:
        return self.failures[0].indices

    @property
    def failed_item_indices(self) -> list[int]:
        """Input indices the server (or the client-side check) blamed, across all failures."""
        out: list[int] = []
        for failure in self.failures:
            err = failure.error
            if isinstance(err, InvalidItemError):
                out.append(err.index)
            elif isinstance(err, APIStatusError):
                out.extend(failure.start + i for i in err.item_indices)
        return sorted(out)

    def results(self) -> Iterator[tuple[int, T]]:
        """`(input_index, model)` for every item of `completed`."""
        for chunk in self.completed:
            yield from zip(chunk.indices, chunk.results, strict=True)

    def remaining(self) -> Iterator[tuple[int, Any]]:
        """`(input_index, item)` for failed and never-attempted items, in input order.

        Consumes the rest of the original iterable, so it can be iterated once.
        """
        if self._consumed:
            raise RuntimeError("BulkError.remaining() can be iterated only once")
        self._consumed = True
        failed = (zip(f.indices, f.items, strict=True) for f in self.failures)
        return chain(chain.from_iterable(failed), self._leftover)

    def remaining_items(self) -> Iterator[Any]:
        """The items to send again to resume (see `remaining`)."""
        return (item for _, item in self.remaining())

    def remaining_indices(self) -> Sequence[int] | Iterator[int]:
        """Original input indices of `remaining_items()`, in order (lazy for unsized input)."""
        failed = [i for f in self.failures for i in f.indices]
        if self.not_attempted_stop is not None:
            return failed + list(range(self.not_attempted_start, self.not_attempted_stop))
        return chain(failed, count(self.not_attempted_start))
