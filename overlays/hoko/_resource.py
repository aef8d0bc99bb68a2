"""The resources of both clients (`client.links`, `client.collections`, `client.partners`): one
generic class, parameterised by the operations it serves and by the shape of its results.

The same class serves `Hoko` and `AsyncHoko`: its methods hand the work to the client's engine,
whose `list`/`iter`/`raw` return results (sync) or awaitables and async iterators (async). The
type parameters carry those shapes, so `client.links.upsert(...)` is a `BulkResult[Link]` and
`async_client.links.upsert(...)` an awaitable of one.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from typing import Any, Generic, Protocol, TypeVar, Unpack

from hoko_client import contract
from hoko_client.models import (
    Collection,
    CollectionUpsert,
    Link,
    LinkCreate,
    LinkUpsert,
    Partner,
    PartnerUpsert,
)

from ._bulk import Operation
from ._exceptions import APIResponseValidationError
from ._options import CallOptions, RawOptions
from ._validation import item_spec

InT = TypeVar("InT", contravariant=True)
ListT = TypeVar("ListT", covariant=True)
IterT = TypeVar("IterT", covariant=True)
RawT = TypeVar("RawT", covariant=True)


class Engine(Protocol[ListT, IterT, RawT]):
    """What runs the calls: the client (`Hoko` or `AsyncHoko`)."""

    def _list(self, op: Operation[Any], items: Iterable[Any], options: CallOptions) -> ListT: ...
    def _iter(self, op: Operation[Any], items: Iterable[Any], options: CallOptions) -> IterT: ...
    def _raw(self, op: Operation[Any], items: Iterable[Any], options: RawOptions) -> RawT: ...


class RawResponses(Generic[InT, RawT]):
    """`resource.with_raw_response`: one request, no chunking; the `httpx.Response` plus a lazy
    `.parse()`."""

    def __init__(self, resource: Resource[InT, Any, Any, RawT]) -> None:
        self._resource = resource

    def upsert(self, items: Iterable[InT], **options: Unpack[RawOptions]) -> RawT:
        return self._resource._engine._raw(self._resource._upsert, items, options)


class RawLinkResponses(RawResponses[InT, RawT]):
    def create(self, items: Iterable[InT], **options: Unpack[RawOptions]) -> RawT:
        return self._resource._engine._raw(self._resource._creates(), items, options)


class Resource(Generic[InT, ListT, IterT, RawT]):
    """Upsert (PUT) objects in bulk: an item with `id` updates, one without creates. An absent
    key (or `UNSET`) keeps a field; `None` clears it. Any iterable of any length is cut into
    chunks; results come back in input order."""

    def __init__(
        self,
        engine: Engine[ListT, IterT, RawT],
        upsert: Operation[Any],
        create: Operation[Any] | None = None,
    ) -> None:
        self._engine = engine
        self._upsert = upsert
        self._create = create

    def _creates(self) -> Operation[Any]:
        if self._create is None:
            raise AttributeError("this resource has no create operation; use upsert")
        return self._create

    def upsert(self, items: Iterable[InT], **options: Unpack[CallOptions]) -> ListT:
        """Update or create, in input order (PUT)."""
        return self._engine._list(self._upsert, items, options)

    def iter_upsert(self, items: Iterable[InT], **options: Unpack[CallOptions]) -> IterT:
        """Like `upsert`, but one `ChunkResult` per chunk as it finishes, in input order. While
        a chunk is in flight the next one is read and checked, but not sent."""
        return self._engine._iter(self._upsert, items, options)

    @property
    def with_raw_response(self) -> RawResponses[InT, RawT]:
        return RawResponses(self)


class Links(Resource[InT, ListT, IterT, RawT]):
    """`client.links`: create (POST) and upsert (PUT) links."""

    def create(self, items: Iterable[InT], **options: Unpack[CallOptions]) -> ListT:
        """Create links (POST), in input order. Creates are not idempotent: after a 5xx, a
        timeout or a dropped connection a chunk is retried only with `retry_creates=True`."""
        return self._engine._list(self._creates(), items, options)

    def iter_create(self, items: Iterable[InT], **options: Unpack[CallOptions]) -> IterT:
        """Like `create`, one `ChunkResult` per chunk (see `iter_upsert`)."""
        return self._engine._iter(self._creates(), items, options)

    @property
    def with_raw_response(self) -> RawLinkResponses[InT, RawT]:
        return RawLinkResponses(self)


def _unreadable(cls: Any, field: str, src: dict[str, Any], exc: Exception) -> Exception:
    return APIResponseValidationError(
        f"a {cls.__name__} result (id {src.get('id')!r:.60}) does not read as its model: "
        f"field {field}: {type(exc).__name__}: {exc}",
        response=None,
    )


def lazy_results(model: Any) -> Any:
    """`model`'s generated lazy twin (`Lazy<Model>`: each field converted when first read), as a
    class named like `model` whose unreadable field raises `APIResponseValidationError`."""
    lazy = getattr(importlib.import_module(model.__module__), "Lazy" + model.__name__)
    return type(
        model.__name__,
        (lazy,),
        {"__slots__": (), "__module__": __name__, "unreadable": classmethod(_unreadable)},
    )


def operation(operation_id: str, model: Any, *also_accepted: type) -> Operation[Any]:
    """An operation of the spec: method and path from `hoko_client.contract`, its checks from
    the spec too, its results `model`s (lazily read, D38); `also_accepted` are more input
    models."""
    facts = contract.OPERATIONS[operation_id]
    spec = item_spec(operation_id, *also_accepted)
    return Operation(facts["method"], facts["path"], spec, lazy_results(model))


LINK_CREATE: Operation[Link] = operation("createLinks", Link)
LINK_UPSERT: Operation[Link] = operation("upsertLinks", Link, LinkCreate)
COLLECTION_UPSERT: Operation[Collection] = operation("upsertCollections", Collection)
PARTNER_UPSERT: Operation[Partner] = operation("upsertPartners", Partner)

# What each resource accepts as an item: the generated models or plain dicts (camelCase keys).
LinkInput = LinkUpsert | LinkCreate | Mapping[str, Any]
CollectionInput = CollectionUpsert | Mapping[str, Any]
PartnerInput = PartnerUpsert | Mapping[str, Any]
