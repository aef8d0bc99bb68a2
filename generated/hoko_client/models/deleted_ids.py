from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import cached_uuid, uuid_text

T = TypeVar("T", bound="DeletedIds")

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "deletedIds",
    }
)


@_attrs_define
class DeletedIds:
    """What a DELETE answers (facts §0).

    Attributes:
        deleted_ids (list[UUID]):
    """

    deleted_ids: list[UUID]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        deleted_ids = []
        for deleted_ids_item_data in self.deleted_ids:
            deleted_ids_item = uuid_text(deleted_ids_item_data)
            deleted_ids.append(deleted_ids_item)

        field_dict["deletedIds"] = deleted_ids

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        deleted_ids = []
        _deleted_ids = d["deletedIds"]
        for deleted_ids_item_data in _deleted_ids:
            deleted_ids_item = cached_uuid(deleted_ids_item_data)

            deleted_ids.append(deleted_ids_item)

        deleted_ids = cls(
            deleted_ids,
        )

        _extra = not d.keys() <= _KNOWN_KEYS

        if _extra:
            deleted_ids.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return deleted_ids

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
