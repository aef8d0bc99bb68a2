from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, LazyModel, Unset

T = TypeVar("T", bound="LinkUtm")

_ALL_FIELDS = operator.itemgetter(
    "source",
    "medium",
    "campaign",
    "term",
    "content",
    "referral",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "source",
        "medium",
        "campaign",
        "term",
        "content",
        "referral",
    }
)


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
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
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
        _all = None
        if len(d) >= 6:
            try:
                _all = _ALL_FIELDS(d)
            except KeyError:
                pass
        if _all is None:
            source = d.get("source", UNSET)
            medium = d.get("medium", UNSET)
            campaign = d.get("campaign", UNSET)
            term = d.get("term", UNSET)
            content = d.get("content", UNSET)
            referral = d.get("referral", UNSET)

            link_utm = cls(
                source,
                medium,
                campaign,
                term,
                content,
                referral,
            )

            _extra = not d.keys() <= _KNOWN_KEYS
        else:
            _f1, _f2, _f3, _f4, _f5, _f6 = _all
            source = _f1
            medium = _f2
            campaign = _f3
            term = _f4
            content = _f5
            referral = _f6

            link_utm = cls(
                source,
                medium,
                campaign,
                term,
                content,
                referral,
            )

            _extra = len(d) != 6

        if _extra:
            link_utm.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
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


def _read_source(d: dict[str, Any]) -> Any:
    source = d.get("source", UNSET)
    return source


def _read_medium(d: dict[str, Any]) -> Any:
    medium = d.get("medium", UNSET)
    return medium


def _read_campaign(d: dict[str, Any]) -> Any:
    campaign = d.get("campaign", UNSET)
    return campaign


def _read_term(d: dict[str, Any]) -> Any:
    term = d.get("term", UNSET)
    return term


def _read_content(d: dict[str, Any]) -> Any:
    content = d.get("content", UNSET)
    return content


def _read_referral(d: dict[str, Any]) -> Any:
    referral = d.get("referral", UNSET)
    return referral


def _read_additional_properties(d: dict[str, Any]) -> Any:
    return {k: v for k, v in d.items() if k not in _KNOWN_KEYS}


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "source": _read_source,
    "medium": _read_medium,
    "campaign": _read_campaign,
    "term": _read_term,
    "content": _read_content,
    "referral": _read_referral,
    "additional_properties": _read_additional_properties,
}


class LazyLinkUtm(LazyModel, LinkUtm):
    """A `LinkUtm` whose fields are converted from its JSON object when first read (see
    `LazyModel`)."""

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: frozenset[str]
    _eager = LinkUtm
    _readers = _READERS
