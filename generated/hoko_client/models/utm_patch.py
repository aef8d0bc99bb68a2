from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, LazyModel, Unset

T = TypeVar("T", bound="UtmPatch")

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
        _all = None
        if len(d) >= 6:
            try:
                _all = _ALL_FIELDS(d)
            except KeyError:
                pass
        if _all is None:
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

        else:
            _f1, _f2, _f3, _f4, _f5, _f6 = _all
            source: None | str | Unset = _f1
            medium: None | str | Unset = _f2
            campaign: None | str | Unset = _f3
            term: None | str | Unset = _f4
            content: None | str | Unset = _f5
            referral: None | str | Unset = _f6

            utm_patch = cls(
                source,
                medium,
                campaign,
                term,
                content,
                referral,
            )

        return utm_patch


def _read_source(d: dict[str, Any]) -> Any:
    source: None | str | Unset = d.get("source", UNSET)
    return source


def _read_medium(d: dict[str, Any]) -> Any:
    medium: None | str | Unset = d.get("medium", UNSET)
    return medium


def _read_campaign(d: dict[str, Any]) -> Any:
    campaign: None | str | Unset = d.get("campaign", UNSET)
    return campaign


def _read_term(d: dict[str, Any]) -> Any:
    term: None | str | Unset = d.get("term", UNSET)
    return term


def _read_content(d: dict[str, Any]) -> Any:
    content: None | str | Unset = d.get("content", UNSET)
    return content


def _read_referral(d: dict[str, Any]) -> Any:
    referral: None | str | Unset = d.get("referral", UNSET)
    return referral


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "source": _read_source,
    "medium": _read_medium,
    "campaign": _read_campaign,
    "term": _read_term,
    "content": _read_content,
    "referral": _read_referral,
}


class LazyUtmPatch(LazyModel, UtmPatch):
    """A `UtmPatch` whose fields are converted from its JSON object when first read (see
    `LazyModel`)."""

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: frozenset[str]
    _eager = UtmPatch
    _readers = _READERS
