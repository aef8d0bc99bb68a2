"""Result containers: lazily materialised model lists, per-chunk results, raw responses.

Why lazy: building 10,000 `Link` models costs a large part of a 10,000-item call's overhead.
A `BulkResult` keeps the decoded JSON objects and builds the generated model for an index the
first time it is read (then caches it). Reading every element gives exactly what an eager list
would; callers that only need a few fields can use `.raw` (the JSON objects) and pay nothing.
A result that does not read as its model raises `APIResponseValidationError` when it is read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar, overload, runtime_checkable

import httpx
from hoko_client.types import gc_paused

from ._exceptions import APIResponseValidationError
from ._types import RateLimitInfo

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@runtime_checkable
class ResultModel(Protocol[T_co]):
    """What results are built with: a generated lazy twin class (`hoko_client.types.LazyModel`)."""

    def from_dict(self, src_dict: Mapping[str, Any], /) -> T_co: ...

    def from_dicts(self, src_dicts: list[dict[str, Any]], /) -> Sequence[T_co]: ...


# What a generated from_dict raises on a result that is not its model.
_UNREADABLE = (KeyError, TypeError, ValueError, AttributeError)


def _each(factory: Callable[[dict[str, Any]], T], raw: list[dict[str, Any]]) -> list[T]:
    return list(map(factory, raw))


class BulkResult(Sequence[T]):
    """The generated models of a call, in input order: `result[i]` answers `items[i]` (D6)."""

    __slots__ = ("_cache", "_factory", "_many", "_one", "_raw", "rate_limit")

    def __init__(
        self,
        raw: list[dict[str, Any]],
        factory: ResultModel[T] | Callable[[dict[str, Any]], T],
        rate_limit: RateLimitInfo | None = None,
    ) -> None:
        """`factory` builds one result from its JSON object; a `ResultModel` (what the client
        passes) also builds a whole list at once."""
        self._raw = raw
        self._factory = factory
        if isinstance(factory, ResultModel):
            self._one: Callable[[dict[str, Any]], T] = factory.from_dict
            self._many: Callable[[list[dict[str, Any]]], Sequence[T]] = factory.from_dicts
        else:
            self._one = factory
            self._many = functools.partial(_each, factory)
        self._cache: list[T | None] = [None] * len(raw)  # built on first access
        self.rate_limit = rate_limit

    @property
    def raw(self) -> list[dict[str, Any]]:
        """The decoded JSON objects (camelCase keys), without building models. Do not mutate."""
        return self._raw

    def __len__(self) -> int:
        return len(self._raw)

    def _build(self, index: int) -> T:
        try:
            return self._one(self._raw[index])
        except _UNREADABLE as exc:
            owner = getattr(self._one, "__self__", self._one)  # a from_dict's class, or itself
            name = getattr(owner, "__name__", "model")
            raise APIResponseValidationError(
                f"result {index} does not read as a {name}: {type(exc).__name__}: {exc}",
                response=None,
            ) from exc

    def _get(self, index: int) -> T:
        model = self._cache[index]
        if model is None:
            model = self._build(index)
            self._cache[index] = model
        return model

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._get(i) for i in range(*index.indices(len(self._raw)))]
        n = len(self._raw)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("BulkResult index out of range")
        return self._get(index)

    def __iter__(self) -> Iterator[T]:
        # Iterating means "all of them": build the missing ones in one tight loop (cheaper than
        # one at a time), then hand out the cached models.
        return iter(self.to_list())

    def to_list(self) -> list[T]:
        """Every model, built now (each at most once)."""
        cache = self._cache
        if None in cache:
            # The models hold no reference cycles: see `gc_paused`.
            with gc_paused():
                try:
                    if cache.count(None) == len(cache):  # none read yet: the usual case
                        cache[:] = self._many(self._raw)
                    else:
                        cache[:] = [
                            built if built is not None else self._one(d)
                            for built, d in zip(cache, self._raw, strict=True)
                        ]
                except _UNREADABLE:
                    # Name the first result that is not even an object (a twin reads the rest only
                    # when a field is read; the loops above cannot say which).
                    for i, built in enumerate(cache):
                        if built is None:
                            cache[i] = self._build(i)
                    raise
        return list(cache)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BulkResult):
            return self._raw == other._raw
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BulkResult(len={len(self._raw)})"


@dataclass(frozen=True, slots=True)
class ChunkResult(Generic[T]):
    """One successful request of a bulk call: input items `start..stop-1` and their results."""

    start: int
    stop: int
    results: BulkResult[T]
    rate_limit: RateLimitInfo | None = None

    @property
    def indices(self) -> range:
        return range(self.start, self.stop)

    def __len__(self) -> int:
        return self.stop - self.start


@dataclass(frozen=True, slots=True)
class ChunkFailure:
    """One failed (or, for a client-side check, unsendable) chunk: its range, error and items.

    `items` are what was sent, decoded (JSON objects, camelCase keys), ready to send again; for
    a chunk stopped by a client-side check they are your original objects.
    """

    start: int
    stop: int
    error: BaseException
    items: list[Any] = field(repr=False)

    @property
    def indices(self) -> range:
        return range(self.start, self.stop)


class APIResponse(Generic[T]):
    """What `with_raw_response` returns: the `httpx.Response` plus a lazy `parse()`."""

    def __init__(
        self,
        http_response: httpx.Response,
        raw: list[dict[str, Any]],
        factory: ResultModel[T] | Callable[[dict[str, Any]], T],
    ) -> None:
        self.http_response = http_response
        self._raw = raw
        self._factory = factory

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def rate_limit(self) -> RateLimitInfo | None:
        return RateLimitInfo.from_headers(self.http_response.headers)

    def parse(self) -> BulkResult[T]:
        return BulkResult(self._raw, self._factory, self.rate_limit)

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {len(self._raw)} items>"
