from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, LazyModel, Unset

T = TypeVar("T", bound="ErrorDetail")

_ALL_FIELDS = operator.itemgetter(
    "message",
    "index",
    "field",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "message",
        "index",
        "field",
    }
)


@_attrs_define
class ErrorDetail:
    """Our extension (not in Hoko's docs) naming the failing item and field (D26).

    Attributes:
        message (str):
        index (int | None | Unset): Index of the failing item in the request array, or null for the whole body.
        field (None | str | Unset): The failing property as sent (camelCase), nested with dots (`utm.source`, `geo.US`),
            or null for the whole item or body (D26).
    """

    message: str
    index: int | None | Unset = UNSET
    field: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict["message"] = self.message
        if self.index is not UNSET:
            field_dict["index"] = self.index
        if self.field is not UNSET:
            field_dict["field"] = self.field

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
            message = d["message"]
            index: int | None | Unset = d.get("index", UNSET)
            field: None | str | Unset = d.get("field", UNSET)

            error_detail = cls(
                message,
                index,
                field,
            )

            _extra = not d.keys() <= _KNOWN_KEYS
        else:
            _f1, _f2, _f3 = _all
            message = _f1
            index: int | None | Unset = _f2
            field: None | str | Unset = _f3

            error_detail = cls(
                message,
                index,
                field,
            )

            _extra = len(d) != 3

        if _extra:
            error_detail.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return error_detail

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


def _read_message(d: dict[str, Any]) -> Any:
    message = d["message"]
    return message


def _read_index(d: dict[str, Any]) -> Any:
    index: int | None | Unset = d.get("index", UNSET)
    return index


def _read_field(d: dict[str, Any]) -> Any:
    field: None | str | Unset = d.get("field", UNSET)
    return field


def _read_additional_properties(d: dict[str, Any]) -> Any:
    return {k: v for k, v in d.items() if k not in _KNOWN_KEYS}


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "message": _read_message,
    "index": _read_index,
    "field": _read_field,
    "additional_properties": _read_additional_properties,
}


class LazyErrorDetail(LazyModel, ErrorDetail):
    """A `ErrorDetail` whose fields are converted from its JSON object when first read (see
    `LazyModel`)."""

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: frozenset[str]
    _eager = ErrorDetail
    _readers = _READERS
