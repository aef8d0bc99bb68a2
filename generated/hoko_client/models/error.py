from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable, Mapping
from itertools import repeat
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, UnreadableField, Unset

if TYPE_CHECKING:
    from ..models.error_detail import ErrorDetail
    from ..models.localized_message import LocalizedMessage


T = TypeVar("T", bound="Error")

_ALL_FIELDS = operator.itemgetter(
    "error",
    "missingScopes",
    "retryAfter",
    "details",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "error",
        "missingScopes",
        "retryAfter",
        "details",
    }
)


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
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        error = self.error.to_dict()
        field_dict["error"] = error
        missing_scopes: list[str] | Unset = UNSET
        if not isinstance(self.missing_scopes, Unset):
            missing_scopes = self.missing_scopes

        if missing_scopes is not UNSET:
            field_dict["missingScopes"] = missing_scopes
        if self.retry_after is not UNSET:
            field_dict["retryAfter"] = self.retry_after
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
            missing_scopes = cast(list[str], d.get("missingScopes", UNSET))
            retry_after = d.get("retryAfter", UNSET)
            _details = d.get("details", UNSET)
            details: list[ErrorDetail] | Unset = UNSET
            if _details is not UNSET:
                details = []
                for details_item_data in _details:
                    details_item = ErrorDetail.from_dict(details_item_data)

                    details.append(details_item)

            error = cls(
                error,
                missing_scopes,
                retry_after,
                details,
            )

            _extra = not d.keys() <= _KNOWN_KEYS
        else:
            _f1, _f2, _f3, _f4 = _all
            error = LocalizedMessage.from_dict(_f1)
            missing_scopes = cast(list[str], _f2)
            retry_after = _f3
            _details = _f4
            details: list[ErrorDetail] | Unset = UNSET
            if _details is not UNSET:
                details = []
                for details_item_data in _details:
                    details_item = ErrorDetail.from_dict(details_item_data)

                    details.append(details_item)

            error = cls(
                error,
                missing_scopes,
                retry_after,
                details,
            )

            _extra = len(d) != 4

        if _extra:
            error.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
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


def _read_error(d: dict[str, Any]) -> Any:
    error = LocalizedMessage.from_dict(d["error"])
    return error


def _read_missing_scopes(d: dict[str, Any]) -> Any:
    missing_scopes = cast(list[str], d.get("missingScopes", UNSET))
    return missing_scopes


def _read_retry_after(d: dict[str, Any]) -> Any:
    retry_after = d.get("retryAfter", UNSET)
    return retry_after


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
    "missing_scopes": _read_missing_scopes,
    "retry_after": _read_retry_after,
    "details": _read_details,
    "additional_properties": _read_additional_properties,
}
_new = object.__new__
_FILL_AFTER = 4


class LazyError(Error):
    """A `Error` over a decoded JSON object, whose fields are converted when first read
    (each by the conversion `Error.from_dict` applies to it) and then kept.

    Reading a few fields of many results costs only those fields. `from_dict` keeps `src_dict`
    without reading it: do not change it afterwards. A field that does not read as its schema
    raises `UnreadableField` (a `ValueError`) when it is read; a subclass may override
    `unreadable` to raise an error of its own. It equals the `Error` with the same
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
        """Set every field not set yet from one `Error.from_dict` pass; False (and
        nothing set) if that pass fails, so fields are then read, and fail, one at a time."""
        try:
            full = Error.from_dict(src)
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
        return UnreadableField("Error", field, exc)

    def to_dict(self) -> dict[str, Any]:
        try:
            self._fill(
                object.__getattribute__(self, "_src"), object.__getattribute__(self, "_seen")
            )
        except AttributeError:
            pass
        return super().to_dict()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Error):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _READERS)

    __hash__ = None  # type: ignore[assignment]


_set_src = LazyError.__dict__["_src"].__set__
_set_seen = LazyError.__dict__["_seen"].__set__


# The models this one nests, imported once at the end of the module rather than inside every
# call (an import statement costs ~2 us even when cached); by now this module's class exists,
# so models that nest each other still import.
from ..models.error_detail import ErrorDetail
from ..models.localized_message import LocalizedMessage
