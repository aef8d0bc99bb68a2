from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, LazyModel, Unset, parse_uuid

T = TypeVar("T", bound="CollectionUpsert")

_ALL_FIELDS = operator.itemgetter(
    "id",
    "name",
    "description",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "id",
        "name",
        "description",
    }
)


@_attrs_define
class CollectionUpsert:
    """A collection to update (with `id`) or create (without `id`, then `name` is required, D2).
    Omitted fields keep their value; null clears `description`; `name` cannot be null (D11).

        Attributes:
            id (UUID | Unset): The collection to update. Omit to create. Must exist in the workspace (D3).
            name (str | Unset):
            description (None | str | Unset):
    """

    id: UUID | Unset = UNSET
    name: str | Unset = UNSET
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}

        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)
        if id is not UNSET:
            field_dict["id"] = id
        if self.name is not UNSET:
            field_dict["name"] = self.name
        if self.description is not UNSET:
            field_dict["description"] = self.description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        _all = None
        if len(d) >= 3:
            try:
                _all = _ALL_FIELDS(d)
            except KeyError:
                pass
        if _all is None:
            _id = d.get("id", UNSET)
            id: UUID | Unset
            if isinstance(_id, Unset):
                id = UNSET
            else:
                id = parse_uuid(_id)
            name = d.get("name", UNSET)
            description: None | str | Unset = d.get("description", UNSET)

            collection_upsert = cls(
                id,
                name,
                description,
            )

        else:
            _f1, _f2, _f3 = _all
            _id = _f1
            id: UUID | Unset
            if isinstance(_id, Unset):
                id = UNSET
            else:
                id = parse_uuid(_id)
            name = _f2
            description: None | str | Unset = _f3

            collection_upsert = cls(
                id,
                name,
                description,
            )

        return collection_upsert


def _read_id(d: dict[str, Any]) -> Any:
    _id = d.get("id", UNSET)
    id: UUID | Unset
    if isinstance(_id, Unset):
        id = UNSET
    else:
        id = parse_uuid(_id)
    return id


def _read_name(d: dict[str, Any]) -> Any:
    name = d.get("name", UNSET)
    return name


def _read_description(d: dict[str, Any]) -> Any:
    description: None | str | Unset = d.get("description", UNSET)
    return description


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "id": _read_id,
    "name": _read_name,
    "description": _read_description,
}


class LazyCollectionUpsert(LazyModel, CollectionUpsert):
    """A `CollectionUpsert` whose fields are converted from its JSON object when first read (see
    `LazyModel`)."""

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: frozenset[str]
    _eager = CollectionUpsert
    _readers = _READERS
