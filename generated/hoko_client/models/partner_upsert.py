from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable, Mapping
from itertools import repeat
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, UnreadableField, Unset, parse_uuid

T = TypeVar("T", bound="PartnerUpsert")

_ALL_FIELDS = operator.itemgetter(
    "id",
    "name",
    "email",
    "phone",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "id",
        "name",
        "email",
        "phone",
    }
)


@_attrs_define
class PartnerUpsert:
    """A partner to update (with `id`) or create (without `id`, then `name` is required, D2).
    Omitted fields keep their value; null clears `email` or `phone`; `name` cannot be null (D11).

        Attributes:
            id (UUID | Unset): The partner to update. Omit to create. Must exist in the workspace (D3).
            name (str | Unset):
            email (None | str | Unset):
            phone (None | str | Unset):
    """

    id: UUID | Unset = UNSET
    name: str | Unset = UNSET
    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}

        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)
        if id is not UNSET:
            field_dict["id"] = id
        if self.name is not UNSET:
            field_dict["name"] = self.name
        if self.email is not UNSET:
            field_dict["email"] = self.email
        if self.phone is not UNSET:
            field_dict["phone"] = self.phone

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
            _id = d.get("id", UNSET)
            id: UUID | Unset
            if isinstance(_id, Unset):
                id = UNSET
            else:
                id = parse_uuid(_id)
            name = d.get("name", UNSET)
            email: None | str | Unset = d.get("email", UNSET)
            phone: None | str | Unset = d.get("phone", UNSET)

            partner_upsert = cls(
                id,
                name,
                email,
                phone,
            )

        else:
            _f1, _f2, _f3, _f4 = _all
            _id = _f1
            id: UUID | Unset
            if isinstance(_id, Unset):
                id = UNSET
            else:
                id = parse_uuid(_id)
            name = _f2
            email: None | str | Unset = _f3
            phone: None | str | Unset = _f4

            partner_upsert = cls(
                id,
                name,
                email,
                phone,
            )

        return partner_upsert


def _read_id(d: dict[str, Any]) -> Any:
    _id = d.get("id", UNSET)
    id: UUID | Unset
    if isinstance(_id, Unset):
        id = UNSET
    else:
        id = parse_uuid(_id)
    return id


def _read_name(d: dict[str, Any]) -> Any:
    name = d.get("name", UNSET)
    return name


def _read_email(d: dict[str, Any]) -> Any:
    email: None | str | Unset = d.get("email", UNSET)
    return email


def _read_phone(d: dict[str, Any]) -> Any:
    phone: None | str | Unset = d.get("phone", UNSET)
    return phone


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "id": _read_id,
    "name": _read_name,
    "email": _read_email,
    "phone": _read_phone,
}
_new = object.__new__
_FILL_AFTER = 4


class LazyPartnerUpsert(PartnerUpsert):
    """A `PartnerUpsert` over a decoded JSON object, whose fields are converted when first read
    (each by the conversion `PartnerUpsert.from_dict` applies to it) and then kept.

    Reading a few fields of many results costs only those fields. `from_dict` keeps `src_dict`
    without reading it: do not change it afterwards. A field that does not read as its schema
    raises `UnreadableField` (a `ValueError`) when it is read; a subclass may override
    `unreadable` to raise an error of its own. It equals the `PartnerUpsert` with the same
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
        """Set every field not set yet from one `PartnerUpsert.from_dict` pass; False (and
        nothing set) if that pass fails, so fields are then read, and fail, one at a time."""
        try:
            full = PartnerUpsert.from_dict(src)
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
        return UnreadableField("PartnerUpsert", field, exc)

    def to_dict(self) -> dict[str, Any]:
        try:
            self._fill(
                object.__getattribute__(self, "_src"), object.__getattribute__(self, "_seen")
            )
        except AttributeError:
            pass
        return super().to_dict()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartnerUpsert):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _READERS)

    __hash__ = None  # type: ignore[assignment]


_set_src = LazyPartnerUpsert.__dict__["_src"].__set__
_set_seen = LazyPartnerUpsert.__dict__["_seen"].__set__
