from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Utm")


@_attrs_define
class Utm:
    """UTM parameters. Only these six keys are allowed (D10).

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

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        medium = self.medium

        campaign = self.campaign

        term = self.term

        content = self.content

        referral = self.referral

        field_dict: dict[str, Any] = {}

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

        utm = cls(
            source=source,
            medium=medium,
            campaign=campaign,
            term=term,
            content=content,
            referral=referral,
        )

        return utm
