from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable, Mapping
from itertools import repeat
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, UnreadableField, Unset

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
_new = object.__new__
_FILL_AFTER = 4


class LazyUtmPatch(UtmPatch):
    """A `UtmPatch` over a decoded JSON object, whose fields are converted when first read
    (each by the conversion `UtmPatch.from_dict` applies to it) and then kept.

    Reading a few fields of many results costs only those fields. `from_dict` keeps `src_dict`
    without reading it: do not change it afterwards. A field that does not read as its schema
    raises `UnreadableField` (a `ValueError`) when it is read; a subclass may override
    `unreadable` to raise an error of its own. It equals the `UtmPatch` with the same
    fields, and `to_dict`, `repr` and `attrs` helpers read every field.
    """

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: set[str]  # the fields set so far (converted, or assigned by the caller)

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        obj = _new(cls)
        _set_src(obj, src_dict if type(src_dict) is dict else dict(src_dict))
        _set_seen(obj, set())
        return obj

    @classmethod
    def from_dicts(cls, src_dicts: list[dict[str, Any]]) -> list[Self]:
        """`[cls.from_dict(d) for d in src_dicts]` for a list of dicts, in C loops."""
        if set(map(type, src_dicts)) - {dict}:
            return [cls.from_dict(d) for d in src_dicts]
        objs = list(map(_new, repeat(cls, len(src_dicts))))
        deque(map(_set_src, objs, src_dicts), maxlen=0)
        deque(map(_set_seen, objs, iter(set, None)), maxlen=0)
        return objs

    def __getattr__(self, name: str) -> Any:
        # Called only for an attribute not set yet: convert it from the source, then keep it.
        # After a few, convert the rest at once (one `from_dict` pass costs about four fields).
        reader = _READERS.get(name)
        if reader is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        try:
            src = object.__getattribute__(self, "_src")
            seen = object.__getattribute__(self, "_seen")
        except AttributeError:  # built by its attrs __init__ (e.g. attrs.evolve): all set
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {name!r}"
            ) from None
        if len(seen) >= _FILL_AFTER and self._fill(src, seen):
            return object.__getattribute__(self, name)
        try:
            value = reader(src)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self.unreadable(name, src, exc) from exc
        object.__setattr__(self, name, value)
        seen.add(name)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        try:
            object.__getattribute__(self, "_seen").add(name)  # a later fill keeps it
        except AttributeError:
            pass

    def _fill(self, src: dict[str, Any], seen: set[str]) -> bool:
        """Set every field not set yet from one `UtmPatch.from_dict` pass; False (and
        nothing set) if that pass fails, so fields are then read, and fail, one at a time."""
        try:
            full = UtmPatch.from_dict(src)
        except (KeyError, TypeError, ValueError, AttributeError):
            return False
        for name in _READERS:
            if name not in seen:
                object.__setattr__(self, name, object.__getattribute__(full, name))
        seen.update(_READERS)
        return True

    @classmethod
    def unreadable(cls, field: str, src: dict[str, Any], exc: Exception) -> Exception:
        """The error raised when `field` does not read from `src` (`exc` says why)."""
        return UnreadableField("UtmPatch", field, exc)

    def to_dict(self) -> dict[str, Any]:
        try:
            self._fill(
                object.__getattribute__(self, "_src"), object.__getattribute__(self, "_seen")
            )
        except AttributeError:
            pass
        return super().to_dict()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UtmPatch):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _READERS)

    __hash__ = None  # type: ignore[assignment]


_set_src = LazyUtmPatch.__dict__["_src"].__set__
_set_seen = LazyUtmPatch.__dict__["_seen"].__set__
