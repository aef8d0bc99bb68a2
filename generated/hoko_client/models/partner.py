from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, LazyModel, Unset, parse_uuid

T = TypeVar("T", bound="Partner")

_ALL_FIELDS = operator.itemgetter(
    "id",
    "name",
    "createdAt",
    "updatedAt",
    "email",
    "phone",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "id",
        "name",
        "createdAt",
        "updatedAt",
        "email",
        "phone",
    }
)


@_attrs_define
class Partner:
    """A partner as returned. Unknown properties may appear and must be ignored.

    Attributes:
        id (UUID):
        name (str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        email (None | str | Unset):
        phone (None | str | Unset):
    """

    id: UUID
    name: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        id = str(self.id)
        field_dict["id"] = id
        field_dict["name"] = self.name
        created_at = self.created_at.isoformat()
        field_dict["createdAt"] = created_at
        updated_at = self.updated_at.isoformat()
        field_dict["updatedAt"] = updated_at
        if self.email is not UNSET:
            field_dict["email"] = self.email
        if self.phone is not UNSET:
            field_dict["phone"] = self.phone

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        _all = None
        if len(d) >= 6:
            try:
                _all = _ALL_FIELDS(d)
            except KeyError:
                pass
        if _all is None:
            id = parse_uuid(d["id"])
            name = d["name"]
            created_at = datetime.datetime.fromisoformat(d["createdAt"])
            updated_at = datetime.datetime.fromisoformat(d["updatedAt"])
            email: None | str | Unset = d.get("email", UNSET)
            phone: None | str | Unset = d.get("phone", UNSET)

            partner = cls(
                id,
                name,
                created_at,
                updated_at,
                email,
                phone,
            )

            _extra = not d.keys() <= _KNOWN_KEYS
        else:
            _f1, _f2, _f3, _f4, _f5, _f6 = _all
            id = parse_uuid(_f1)
            name = _f2
            created_at = datetime.datetime.fromisoformat(_f3)
            updated_at = datetime.datetime.fromisoformat(_f4)
            email: None | str | Unset = _f5
            phone: None | str | Unset = _f6

            partner = cls(
                id,
                name,
                created_at,
                updated_at,
                email,
                phone,
            )

            _extra = len(d) != 6

        if _extra:
            partner.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return partner

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


def _read_id(d: dict[str, Any]) -> Any:
    id = parse_uuid(d["id"])
    return id


def _read_name(d: dict[str, Any]) -> Any:
    name = d["name"]
    return name


def _read_created_at(d: dict[str, Any]) -> Any:
    created_at = datetime.datetime.fromisoformat(d["createdAt"])
    return created_at


def _read_updated_at(d: dict[str, Any]) -> Any:
    updated_at = datetime.datetime.fromisoformat(d["updatedAt"])
    return updated_at


def _read_email(d: dict[str, Any]) -> Any:
    email: None | str | Unset = d.get("email", UNSET)
    return email


def _read_phone(d: dict[str, Any]) -> Any:
    phone: None | str | Unset = d.get("phone", UNSET)
    return phone


def _read_additional_properties(d: dict[str, Any]) -> Any:
    return {k: v for k, v in d.items() if k not in _KNOWN_KEYS}


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "id": _read_id,
    "name": _read_name,
    "created_at": _read_created_at,
    "updated_at": _read_updated_at,
    "email": _read_email,
    "phone": _read_phone,
    "additional_properties": _read_additional_properties,
}


class LazyPartner(LazyModel, Partner):
    """A `Partner` whose fields are converted from its JSON object when first read (see
    `LazyModel`)."""

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: frozenset[str]
    _eager = Partner
    _readers = _READERS
    _uuid_id = True
