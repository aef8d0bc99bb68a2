from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable, Mapping
from itertools import repeat
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UnreadableField

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
_new = object.__new__
_FILL_AFTER = 4


class LazyLocalizedMessage(LocalizedMessage):
    """A `LocalizedMessage` over a decoded JSON object, whose fields are converted when first read
    (each by the conversion `LocalizedMessage.from_dict` applies to it) and then kept.

    Reading a few fields of many results costs only those fields. `from_dict` keeps `src_dict`
    without reading it: do not change it afterwards. A field that does not read as its schema
    raises `UnreadableField` (a `ValueError`) when it is read; a subclass may override
    `unreadable` to raise an error of its own. It equals the `LocalizedMessage` with the same
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
        """Set every field not set yet from one `LocalizedMessage.from_dict` pass; False (and
        nothing set) if that pass fails, so fields are then read, and fail, one at a time."""
        try:
            full = LocalizedMessage.from_dict(src)
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
        return UnreadableField("LocalizedMessage", field, exc)

    def to_dict(self) -> dict[str, Any]:
        try:
            self._fill(
                object.__getattribute__(self, "_src"), object.__getattribute__(self, "_seen")
            )
        except AttributeError:
            pass
        return super().to_dict()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LocalizedMessage):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _READERS)

    __hash__ = None  # type: ignore[assignment]


_set_src = LazyLocalizedMessage.__dict__["_src"].__set__
_set_seen = LazyLocalizedMessage.__dict__["_seen"].__set__
