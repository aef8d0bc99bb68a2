from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LinkUtm")


@_attrs_define
class LinkUtm:
    """The UTM keys set on a link. Unknown keys may appear in future versions.

    Attributes:
        source (str | Unset):
        medium (str | Unset):
        campaign (str | Unset):
        term (str | Unset):
        content (str | Unset):
        referral (str | Unset):
    """

    source: str | Unset = UNSET
    medium: str | Unset = UNSET
    campaign: str | Unset = UNSET
    term: str | Unset = UNSET
    content: str | Unset = UNSET
    referral: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        medium = self.medium

        campaign = self.campaign

        term = self.term

        content = self.content

        referral = self.referral

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if source is not UNSET:
            field_dict["source"] = source
        if medium is not UNSET:
            field_dict["medium"] = medium
        if campaign is not UNSET:
            field_dict["campaign"] = campaign
        if term is not UNSET:
            field_dict["term"] = term
        if content is not UNSET:
            field_dict["content"] = content
        if referral is not UNSET:
            field_dict["referral"] = referral

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        source = d.pop("source", UNSET)

        medium = d.pop("medium", UNSET)

        campaign = d.pop("campaign", UNSET)

        term = d.pop("term", UNSET)

        content = d.pop("content", UNSET)

        referral = d.pop("referral", UNSET)

        link_utm = cls(
            source=source,
            medium=medium,
            campaign=campaign,
            term=term,
            content=content,
            referral=referral,
        )

        link_utm.additional_properties = d
        return link_utm

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
