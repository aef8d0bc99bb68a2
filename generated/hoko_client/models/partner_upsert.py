from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, LazyModel, Unset, parse_uuid

T = TypeVar("T", bound="PartnerUpsert")

_ALL_FIELDS = operator.itemgetter(
    "id",
    "name",
    "email",
    "phone",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "id",
        "name",
        "email",
        "phone",
    }
)


@_attrs_define
class PartnerUpsert:
    """A partner to update (with `id`) or create (without `id`, then `name` is required, D2).
    Omitted fields keep their value; null clears `email` or `phone`; `name` cannot be null (D11).

        Attributes:
            id (UUID | Unset): The partner to update. Omit to create. Must exist in the workspace (D3).
            name (str | Unset):
            email (None | str | Unset):
            phone (None | str | Unset):
    """

    id: UUID | Unset = UNSET
    name: str | Unset = UNSET
    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}

        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)
        if id is not UNSET:
            field_dict["id"] = id
        if self.name is not UNSET:
            field_dict["name"] = self.name
        if self.email is not UNSET:
            field_dict["email"] = self.email
        if self.phone is not UNSET:
            field_dict["phone"] = self.phone

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        _all = None
        if len(d) >= 4:
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
            email: None | str | Unset = d.get("email", UNSET)
            phone: None | str | Unset = d.get("phone", UNSET)

            partner_upsert = cls(
                id,
                name,
                email,
                phone,
            )

        else:
            _f1, _f2, _f3, _f4 = _all
            _id = _f1
            id: UUID | Unset
            if isinstance(_id, Unset):
                id = UNSET
            else:
                id = parse_uuid(_id)
            name = _f2
            email: None | str | Unset = _f3
            phone: None | str | Unset = _f4

            partner_upsert = cls(
                id,
                name,
                email,
                phone,
            )

        return partner_upsert


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


def _read_email(d: dict[str, Any]) -> Any:
    email: None | str | Unset = d.get("email", UNSET)
    return email


def _read_phone(d: dict[str, Any]) -> Any:
    phone: None | str | Unset = d.get("phone", UNSET)
    return phone


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "id": _read_id,
    "name": _read_name,
    "email": _read_email,
    "phone": _read_phone,
}


class LazyPartnerUpsert(LazyModel, PartnerUpsert):
    """A `PartnerUpsert` whose fields are converted from its JSON object when first read (see
    `LazyModel`)."""

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: frozenset[str]
    _eager = PartnerUpsert
    _readers = _READERS
