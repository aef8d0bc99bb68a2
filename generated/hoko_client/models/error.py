from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_detail import ErrorDetail
    from ..models.localized_message import LocalizedMessage


T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """The one error shape of every non-2xx response. `missingScopes` is present on a 403 caused
    by a missing scope; `retryAfter` on a 429; `details` is our extension.

        Attributes:
            error (LocalizedMessage): The same message in English and Arabic. Both are non-empty.
            missing_scopes (list[str] | Unset):
            retry_after (int | Unset): Seconds to wait before retrying (D17).
            details (list[ErrorDetail] | Unset): Our extension, not in Hoko's docs. Which item and field failed.
    """

    error: LocalizedMessage
    missing_scopes: list[str] | Unset = UNSET
    retry_after: int | Unset = UNSET
    details: list[ErrorDetail] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error = self.error.to_dict()

        missing_scopes: list[str] | Unset = UNSET
        if not isinstance(self.missing_scopes, Unset):
            missing_scopes = self.missing_scopes

        retry_after = self.retry_after

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if missing_scopes is not UNSET:
            field_dict["missingScopes"] = missing_scopes
        if retry_after is not UNSET:
            field_dict["retryAfter"] = retry_after
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_detail import ErrorDetail
        from ..models.localized_message import LocalizedMessage

        d = dict(src_dict)
        error = LocalizedMessage.from_dict(d.pop("error"))

        missing_scopes = cast(list[str], d.pop("missingScopes", UNSET))

        retry_after = d.pop("retryAfter", UNSET)

        _details = d.pop("details", UNSET)
        details: list[ErrorDetail] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = ErrorDetail.from_dict(details_item_data)

                details.append(details_item)

        error = cls(
            error=error,
            missing_scopes=missing_scopes,
            retry_after=retry_after,
            details=details,
        )

        error.additional_properties = d
        return error

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
