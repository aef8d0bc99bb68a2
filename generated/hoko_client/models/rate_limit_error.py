from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, LazyModel, Unset

if TYPE_CHECKING:
    from ..models.error_detail import ErrorDetail
    from ..models.localized_message import LocalizedMessage


T = TypeVar("T", bound="RateLimitError")

_ALL_FIELDS = operator.itemgetter(
    "error",
    "retryAfter",
    "missingScopes",
    "details",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "error",
        "retryAfter",
        "missingScopes",
        "details",
    }
)


@_attrs_define
class RateLimitError:
    """The 429 body; the shared `Error` shape with `retryAfter` required (D17).

    Attributes:
        error (LocalizedMessage): The same message in English and Arabic. Both are non-empty.
        retry_after (int): Seconds to wait before retrying (D17).
        missing_scopes (list[str] | Unset):
        details (list[ErrorDetail] | Unset): Our extension, not in Hoko's docs. Which item and field failed.
    """

    error: LocalizedMessage
    retry_after: int
    missing_scopes: list[str] | Unset = UNSET
    details: list[ErrorDetail] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        error = self.error.to_dict()
        field_dict["error"] = error
        field_dict["retryAfter"] = self.retry_after
        missing_scopes: list[str] | Unset = UNSET
        if not isinstance(self.missing_scopes, Unset):
            missing_scopes = self.missing_scopes

        if missing_scopes is not UNSET:
            field_dict["missingScopes"] = missing_scopes
        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        if details is not UNSET:
            field_dict["details"] = details

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
            error = LocalizedMessage.from_dict(d["error"])
            retry_after = d["retryAfter"]
            missing_scopes = cast(list[str], d.get("missingScopes", UNSET))
            _details = d.get("details", UNSET)
            details: list[ErrorDetail] | Unset = UNSET
            if _details is not UNSET:
                details = []
                for details_item_data in _details:
                    details_item = ErrorDetail.from_dict(details_item_data)

                    details.append(details_item)

            rate_limit_error = cls(
                error,
                retry_after,
                missing_scopes,
                details,
            )

            _extra = not d.keys() <= _KNOWN_KEYS
        else:
            _f1, _f2, _f3, _f4 = _all
            error = LocalizedMessage.from_dict(_f1)
            retry_after = _f2
            missing_scopes = cast(list[str], _f3)
            _details = _f4
            details: list[ErrorDetail] | Unset = UNSET
            if _details is not UNSET:
                details = []
                for details_item_data in _details:
                    details_item = ErrorDetail.from_dict(details_item_data)

                    details.append(details_item)

            rate_limit_error = cls(
                error,
                retry_after,
                missing_scopes,
                details,
            )

            _extra = len(d) != 4

        if _extra:
            rate_limit_error.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return rate_limit_error

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


def _read_error(d: dict[str, Any]) -> Any:
    error = LocalizedMessage.from_dict(d["error"])
    return error


def _read_retry_after(d: dict[str, Any]) -> Any:
    retry_after = d["retryAfter"]
    return retry_after


def _read_missing_scopes(d: dict[str, Any]) -> Any:
    missing_scopes = cast(list[str], d.get("missingScopes", UNSET))
    return missing_scopes


def _read_details(d: dict[str, Any]) -> Any:
    _details = d.get("details", UNSET)
    details: list[ErrorDetail] | Unset = UNSET
    if _details is not UNSET:
        details = []
        for details_item_data in _details:
            details_item = ErrorDetail.from_dict(details_item_data)

            details.append(details_item)
    return details


def _read_additional_properties(d: dict[str, Any]) -> Any:
    return {k: v for k, v in d.items() if k not in _KNOWN_KEYS}


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "error": _read_error,
    "retry_after": _read_retry_after,
    "missing_scopes": _read_missing_scopes,
    "details": _read_details,
    "additional_properties": _read_additional_properties,
}


class LazyRateLimitError(LazyModel, RateLimitError):
    """A `RateLimitError` whose fields are converted from its JSON object when first read (see
    `LazyModel`)."""

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: frozenset[str]
    _eager = RateLimitError
    _readers = _READERS


# The models this one nests, imported once at the end of the module rather than inside every
# call (an import statement costs ~2 us even when cached); by now this module's class exists,
# so models that nest each other still import.
from ..models.error_detail import ErrorDetail
from ..models.localized_message import LocalizedMessage
