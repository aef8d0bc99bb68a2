from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset, parse_uuid

T = TypeVar("T", bound="CollectionUpsert")


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

        return collection_upsert
