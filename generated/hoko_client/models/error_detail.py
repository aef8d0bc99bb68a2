from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable, Mapping
from itertools import repeat
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, UnreadableField, Unset

T = TypeVar("T", bound="ErrorDetail")

_ALL_FIELDS = operator.itemgetter(
    "message",
    "index",
    "field",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "message",
        "index",
        "field",
    }
)


@_attrs_define
class ErrorDetail:
    """Our extension (not in Hoko's docs) naming the failing item and field (D26).

    Attributes:
        message (str):
        index (int | None | Unset): Index of the failing item in the request array, or null for the whole body.
        field (None | str | Unset): The failing property as sent (camelCase), nested with dots (`utm.source`, `geo.US`),
            or null for the whole item or body (D26).
    """

    message: str
    index: int | None | Unset = UNSET
    field: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict["message"] = self.message
        if self.index is not UNSET:
            field_dict["index"] = self.index
        if self.field is not UNSET:
            field_dict["field"] = self.field

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        _all = None
        if len(d) >= 3:
            try:
                _all = _ALL_FIELDS(d)
            except KeyError:
                pass
        if _all is None:
            message = d["message"]
            index: int | None | Unset = d.get("index", UNSET)
            field: None | str | Unset = d.get("field", UNSET)

            error_detail = cls(
                message,
                index,
                field,
            )

            _extra = not d.keys() <= _KNOWN_KEYS
        else:
            _f1, _f2, _f3 = _all
            message = _f1
            index: int | None | Unset = _f2
            field: None | str | Unset = _f3

            error_detail = cls(
                message,
                index,
                field,
            )

            _extra = len(d) != 3

        if _extra:
            error_detail.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return error_detail

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


def _read_message(d: dict[str, Any]) -> Any:
    message = d["message"]
    return message


def _read_index(d: dict[str, Any]) -> Any:
    index: int | None | Unset = d.get("index", UNSET)
    return index


def _read_field(d: dict[str, Any]) -> Any:
    field: None | str | Unset = d.get("field", UNSET)
    return field


def _read_additional_properties(d: dict[str, Any]) -> Any:
    return {k: v for k, v in d.items() if k not in _KNOWN_KEYS}


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "message": _read_message,
    "index": _read_index,
    "field": _read_field,
    "additional_properties": _read_additional_properties,
}
_new = object.__new__
_FILL_AFTER = 4


class LazyErrorDetail(ErrorDetail):
    """A `ErrorDetail` over a decoded JSON object, whose fields are converted when first read
    (each by the conversion `ErrorDetail.from_dict` applies to it) and then kept.

    Reading a few fields of many results costs only those fields. `from_dict` keeps `src_dict`
    without reading it: do not change it afterwards. A field that does not read as its schema
    raises `UnreadableField` (a `ValueError`) when it is read; a subclass may override
    `unreadable` to raise an error of its own. It equals the `ErrorDetail` with the same
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
        """Set every field not set yet from one `ErrorDetail.from_dict` pass; False (and
        nothing set) if that pass fails, so fields are then read, and fail, one at a time."""
        try:
            full = ErrorDetail.from_dict(src)
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
        return UnreadableField("ErrorDetail", field, exc)

    def to_dict(self) -> dict[str, Any]:
        try:
            self._fill(
                object.__getattribute__(self, "_src"), object.__getattribute__(self, "_seen")
            )
        except AttributeError:
            pass
        return super().to_dict()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ErrorDetail):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _READERS)

    __hash__ = None  # type: ignore[assignment]


_set_src = LazyErrorDetail.__dict__["_src"].__set__
_set_seen = LazyErrorDetail.__dict__["_seen"].__set__
