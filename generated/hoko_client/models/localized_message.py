from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import LazyModel

T = TypeVar("T", bound="LocalizedMessage")

_ALL_FIELDS = operator.itemgetter(
    "en",
    "ar",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "en",
        "ar",
    }
)


@_attrs_define
class LocalizedMessage:
    """The same message in English and Arabic. Both are non-empty.

    Attributes:
        en (str):
        ar (str):
    """

    en: str
    ar: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict["en"] = self.en
        field_dict["ar"] = self.ar

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        _all = None
        if len(d) >= 2:
            try:
                _all = _ALL_FIELDS(d)
            except KeyError:
                pass
        if _all is None:
            en = d["en"]
            ar = d["ar"]

            localized_message = cls(
                en,
                ar,
            )

            _extra = not d.keys() <= _KNOWN_KEYS
        else:
            _f1, _f2 = _all
            en = _f1
            ar = _f2

            localized_message = cls(
                en,
                ar,
            )

            _extra = len(d) != 2

        if _extra:
            localized_message.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return localized_message

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


def _read_en(d: dict[str, Any]) -> Any:
    en = d["en"]
    return en


def _read_ar(d: dict[str, Any]) -> Any:
    ar = d["ar"]
    return ar


def _read_additional_properties(d: dict[str, Any]) -> Any:
    return {k: v for k, v in d.items() if k not in _KNOWN_KEYS}


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "en": _read_en,
    "ar": _read_ar,
    "additional_properties": _read_additional_properties,
}


class LazyLocalizedMessage(LazyModel, LocalizedMessage):
    """A `LocalizedMessage` whose fields are converted from its JSON object when first read (see
    `LazyModel`)."""

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: frozenset[str]
    _eager = LocalizedMessage
    _readers = _READERS
