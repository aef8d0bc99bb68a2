from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UtmPatch")


@_attrs_define
class UtmPatch:
    """UTM changes for an upsert: a key sent with a string sets it, a key sent as null clears it,
    an omitted key keeps its value (D10).

        Attributes:
            source (None | str | Unset):
            medium (None | str | Unset):
            campaign (None | str | Unset):
            term (None | str | Unset):
            content (None | str | Unset):
            referral (None | str | Unset):
    """

    source: None | str | Unset = UNSET
    medium: None | str | Unset = UNSET
    campaign: None | str | Unset = UNSET
    term: None | str | Unset = UNSET
    content: None | str | Unset = UNSET
    referral: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}

        if self.source is not UNSET:
            field_dict["source"] = self.source
        if self.medium is not UNSET:
            field_dict["medium"] = self.medium
        if self.campaign is not UNSET:
            field_dict["campaign"] = self.campaign
        if self.term is not UNSET:
            field_dict["term"] = self.term
        if self.content is not UNSET:
            field_dict["content"] = self.content
        if self.referral is not UNSET:
            field_dict["referral"] = self.referral

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        source: None | str | Unset = d.get("source", UNSET)

        medium: None | str | Unset = d.get("medium", UNSET)

        campaign: None | str | Unset = d.get("campaign", UNSET)

        term: None | str | Unset = d.get("term", UNSET)

        content: None | str | Unset = d.get("content", UNSET)

        referral: None | str | Unset = d.get("referral", UNSET)

        utm_patch = cls(
            source,
            medium,
            campaign,
            term,
            content,
            referral,
        )

        return utm_patch
