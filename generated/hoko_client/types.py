"""Contains some shared types for properties"""

import contextlib
import functools
import gc
import json
import sys
import sysconfig
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, MutableMapping
from http import HTTPStatus
from itertools import repeat
from typing import IO, Any, BinaryIO, ClassVar, Generic, Literal, Self, TypeVar
from uuid import UUID, SafeUUID

import httpx
from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# JSON for request and response bodies: orjson when it is installed (about 10x faster on a
# 10,000-item batch), the standard library otherwise. Both give the same objects; orjson's bytes
# are compact and keep non-ASCII text unescaped, as `_std_dumps` does.
json_loads: Callable[[bytes], Any]
json_dumps: Callable[[Any], bytes]


def _std_dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _uuid_parser() -> Callable[[str], UUID]:
    """`UUID(text)`, about three times as fast for the canonical form (36 characters, four
    hyphens): the same steps `UUID.__init__` takes for it, without its keyword dispatch. Used
    only if it builds the very same UUIDs as `UUID()` on this Python; otherwise `UUID` itself."""
    new, unknown = object.__new__, SafeUUID.unknown
    set_int, set_safe = UUID.__dict__["int"].__set__, UUID.__dict__["is_safe"].__set__

    def parse(text: str) -> UUID:
        canonical = len(text) == 36 and ":" not in text and text[0] != "{" and text[-1] != "}"
        digits = text.replace("-", "") if canonical else ""
        if len(digits) != 32:
            return UUID(text)  # anything else: UUID() decides (and raises as it does)
        value = new(UUID)
        set_int(value, int(digits, 16))
        set_safe(value, unknown)
        return value

    samples = ("3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")
    try:
        if all(
            parse(s) == UUID(s)
            and parse(s).__getstate__() == UUID(s).__getstate__()
            and str(parse(s)) == str(UUID(s))
            and hash(parse(s)) == hash(UUID(s))
            for s in samples
        ):
            return parse
    except Exception:
        pass
    return UUID


_parse = _uuid_parser()
_cached = functools.lru_cache(maxsize=4096)(_parse)


def parse_uuid(text: str) -> UUID:
    """`UUID(text)` (faster for the canonical form)."""
    return _parse(text) if type(text) is str else UUID(text)


def cached_uuid(text: str) -> UUID:
    """`UUID(text)`, remembered for strings: UUIDs are immutable, and the references of a batch
    repeat (its links share a collectionId)."""
    return _cached(text) if type(text) is str else UUID(text)


_cached_text = functools.lru_cache(maxsize=4096)(UUID.__str__)


def uuid_text(value: UUID) -> str:
    """`str(value)`, remembered for UUIDs, as `cached_uuid` is for the other way."""
    return _cached_text(value) if type(value) is UUID else str(value)


try:
    import orjson
except ImportError:  # the vendored package needs only httpx and attrs
    json_loads, json_dumps = json.loads, _std_dumps
else:
    json_loads, json_dumps = orjson.loads, orjson.dumps

# Where `freeze` then `unfreeze` moves every tracked object to the oldest generation without
# looking at one: CPython with the GIL (free-threaded builds walk the heap to freeze it).
_CAN_PROMOTE = (
    sys.implementation.name == "cpython"
    and hasattr(gc, "freeze")
    and not sysconfig.get_config_var("Py_GIL_DISABLED")
)
# A pause that leaves fewer young objects than this many collections' worth ends as usual.
_PROMOTE_AFTER = 10
_promote = [_CAN_PROMOTE]  # off for good once someone else's frozen objects are seen


def _promote_young() -> None:
    """Move the young generations into the oldest one, unless someone froze objects.

    What a big pause leaves young is mostly the batch just built, which lives on: the young
    collection due as soon as the collector is back would walk every object of it and free
    nothing (on a 10,000-link answer, about as long as building its models). Moved to the
    oldest generation, they are looked at only by full collections, which free any cycle among
    them as usual.
    """
    if gc.get_freeze_count():
        _promote[0] = False  # a pre-fork server's frozen heap: never unfreeze it
        return
    gc.freeze()
    gc.unfreeze()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, and restore the caller's setting after.

    Encoding a request or building the models of a response allocates an object or more per
    item, and no reference cycles: a collection triggered by those allocations frees nothing
    and walks the whole heap (on a 10,000-item batch, a large part of the build time). Nothing
    inside waits on I/O. A pause that built many objects moves them to the oldest generation on
    its way out (see `_promote_young`).
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            young = gc.get_threshold()[0]  # 0: the automatic collector is off
            if _promote[0] and young and gc.get_count()[0] > _PROMOTE_AFTER * young:
                _promote_young()
            gc.enable()


_DRAINED = httpx.ByteStream(b"")


def unbind_stream(response: httpx.Response) -> None:
    """Cut the reference cycle httpx makes between a response and its stream, once the response
    is closed.

    The cycle holds the request (whose body is the whole batch) and, when read, the answer:
    only the cyclic collector frees it, and after a big pause moved it to the oldest generation
    (see `gc_paused`) only a full collection. Cut, reference counting frees them with the
    response.
    """
    response.stream = _DRAINED


class _SentStream(httpx.SyncByteStream):
    def __init__(self, stream: Any, on_sent: Callable[[], object]) -> None:
        self._stream, self._on_sent = stream, on_sent

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream
        self._on_sent()

    def close(self) -> None:
        self._stream.close()


class _SentEitherStream(_SentStream, httpx.AsyncByteStream):
    """For a body both kinds of transport can take (`httpx.ByteStream`): one that bridges a
    sync client to an async app iterates it asynchronously."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for part in self._stream:
            yield part
        self._on_sent()

    async def aclose(self) -> None:
        await self._stream.aclose()


def when_body_sent(request: httpx.Request, on_sent: Callable[[], object]) -> None:
    """Call `on_sent` once a transport has taken all of `request`'s body (for HTTP/1.1: written
    to the socket), before the answer is awaited.

    A thread waiting for that can go on (read the next batch, say) without slowing the
    upload: until then the sending thread needs the GIL for every socket write. A transport
    that reads `request.content` instead of iterating the stream never calls it; call
    `on_sent` yourself once `handle_request` returns. A body a sync transport cannot take
    (async only) is left as it is.
    """
    stream = request.stream
    if isinstance(stream, httpx.AsyncByteStream) and isinstance(stream, httpx.SyncByteStream):
        request.stream = _SentEitherStream(stream, on_sent)
    elif isinstance(stream, httpx.SyncByteStream):
        request.stream = _SentStream(stream, on_sent)


class UnreadableField(ValueError):
    """A field of a lazily read response model (`Lazy<Model>`) did not read as its schema."""

    def __init__(self, model: str, field: str, cause: BaseException) -> None:
        super().__init__(
            f"{model}.{field} does not read as its schema: {type(cause).__name__}: {cause}"
        )
        self.model = model
        self.field = field


def _uuids_parser() -> Callable[[list[Any]], list[UUID] | None]:
    """`[UUID(t) for t in texts]` for a list of canonical UUID strings, in C loops (about four
    times as fast as one `parse_uuid` call each), or None for a list with anything else."""
    if _parse is UUID:  # `UUID()` itself is in use: nothing faster is known to agree with it
        return lambda texts: None
    new, unknown = object.__new__, SafeUUID.unknown
    set_int, set_safe = UUID.__dict__["int"].__set__, UUID.__dict__["is_safe"].__set__

    def parse_uuids(texts: list[Any]) -> list[UUID] | None:
        # The steps `_parse` takes for one canonical text, a column at a time.
        if set(map(type, texts)) != {str} or set(map(len, texts)) != {36}:
            return None
        digits = list(map(str.replace, texts, repeat("-"), repeat("")))
        if set(map(len, digits)) != {32}:
            return None
        try:
            numbers = list(map(int, digits, repeat(16)))
        except ValueError:  # braces, "urn:", anything not hex: left to `parse_uuid`
            return None
        values = list(map(new, repeat(UUID, len(texts))))
        deque(map(set_int, values, numbers), maxlen=0)
        deque(map(set_safe, values, repeat(unknown)), maxlen=0)
        return values

    return parse_uuids


parse_uuids = _uuids_parser()
_new = object.__new__
_setattr = object.__setattr__
_getattr = object.__getattribute__
# After this many fields of one object are read, convert the rest at once (one `from_dict` pass
# costs about four fields).
_FILL_AFTER = 4
_ErrorsOfReading = (KeyError, TypeError, ValueError, AttributeError)
# What a twin has seen until it converts or is given a field: shared, and replaced by a new
# frozenset when one is added, so 10,000 results need no 10,000 empty sets.
_SEEN_NONE: frozenset[str] = frozenset()
_SEEN_ID: frozenset[str] = frozenset({"id"})


class LazyModel:
    """What every lazy twin (`Lazy<Model>`) does: it is a `<Model>` over a decoded JSON
    object, whose fields are converted when first read (each by the conversion
    `<Model>.from_dict` applies to it) and then kept.

    Reading a few fields of many results costs only those fields. `from_dict` keeps `src_dict`
    without reading it: do not change it afterwards. A field that does not read as its schema
    raises `UnreadableField` (a `ValueError`) when it is read; a subclass may override
    `unreadable` to raise an error of its own. A twin equals the `<Model>` with the same
    fields, and `to_dict`, `repr` and `attrs` helpers read every field.

    Each twin is `class Lazy<Model>(LazyModel, <Model>)` with slots `_src` (the JSON object)
    and `_seen` (the fields set so far: converted, or assigned by the caller), and says which
    model it twins, one reader per field, and whether its `id` is a UUID that `from_dicts`
    converts for the whole list up front (it is what a caller matching results reads).
    """

    __slots__ = ()
    _eager: ClassVar[Any]
    _readers: ClassVar[dict[str, Callable[[dict[str, Any]], Any]]]
    _uuid_id: ClassVar[bool] = False

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        obj = _new(cls)
        _setattr(obj, "_src", src_dict if type(src_dict) is dict else dict(src_dict))
        _setattr(obj, "_seen", _SEEN_NONE)
        return obj

    @classmethod
    def from_dicts(cls, src_dicts: list[dict[str, Any]]) -> list[Self]:
        """`[cls.from_dict(d) for d in src_dicts]` for a list of dicts, in C loops."""
        if set(map(type, src_dicts)) - {dict}:
            return [cls.from_dict(d) for d in src_dicts]
        objs = list(map(_new, repeat(cls, len(src_dicts))))
        deque(map(_setattr, objs, repeat("_src"), src_dicts), maxlen=0)
        ids = parse_uuids(list(map(dict.get, src_dicts, repeat("id")))) if cls._uuid_id else None
        if ids is None:
            deque(map(_setattr, objs, repeat("_seen"), repeat(_SEEN_NONE)), maxlen=0)
        else:
            deque(map(_setattr, objs, repeat("id"), ids), maxlen=0)
            deque(map(_setattr, objs, repeat("_seen"), repeat(_SEEN_ID)), maxlen=0)
        return objs

    def __getattr__(self, name: str) -> Any:
        # Called only for an attribute not set yet: convert it from the source, then keep it.
        reader = type(self)._readers.get(name)
        if reader is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        try:
            src = _getattr(self, "_src")
            seen = _getattr(self, "_seen")
        except AttributeError:  # built by its attrs __init__ (e.g. attrs.evolve): all set
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {name!r}"
            ) from None
        if len(seen) >= _FILL_AFTER and self._fill(src, seen):
            return _getattr(self, name)
        try:
            value = reader(src)
        except _ErrorsOfReading as exc:
            raise self.unreadable(name, src, exc) from exc
        _setattr(self, name, value)
        _setattr(self, "_seen", seen | {name})
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        _setattr(self, name, value)
        try:
            seen = _getattr(self, "_seen")
        except AttributeError:
            return
        _setattr(self, "_seen", seen | {name})  # a later fill keeps it

    def _fill(self, src: dict[str, Any], seen: frozenset[str]) -> bool:
        """Set every field not set yet from one eager `from_dict` pass; False (and nothing set)
        if that pass fails, so fields are then read, and fail, one at a time."""
        try:
            full = self._eager.from_dict(src)
        except _ErrorsOfReading:
            return False
        readers = self._readers
        for name in readers:
            if name not in seen:
                _setattr(self, name, _getattr(full, name))
        _setattr(self, "_seen", frozenset(readers))
        return True

    @classmethod
    def unreadable(cls, field: str, src: dict[str, Any], exc: Exception) -> Exception:
        """The error raised when `field` does not read from `src` (`exc` says why)."""
        return UnreadableField(cls._eager.__name__, field, exc)

    def to_dict(self) -> dict[str, Any]:
        try:
            self._fill(_getattr(self, "_src"), _getattr(self, "_seen"))
        except AttributeError:
            pass
        return super().to_dict()  # type: ignore[misc, no-any-return]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self._eager):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._readers)

    __hash__ = None  # type: ignore[assignment]


# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "LazyModel",
    "RequestFiles",
    "Response",
    "UnreadableField",
    "Unset",
    "cached_uuid",
    "gc_paused",
    "json_dumps",
    "json_loads",
    "parse_uuid",
    "parse_uuids",
    "unbind_stream",
    "uuid_text",
    "when_body_sent",
]
