from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, LazyModel, Unset, cached_uuid, uuid_text

if TYPE_CHECKING:
    from ..models.geo import Geo
    from ..models.utm import Utm


T = TypeVar("T", bound="LinkCreate")

_ALL_FIELDS = operator.itemgetter(
    "url",
    "collectionId",
    "title",
    "description",
    "image",
    "utm",
    "expiresAt",
    "expiredUrl",
    "password",
    "cloaked",
    "ios",
    "android",
    "geo",
    "externalId",
    "tenantId",
    "partnerId",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "url",
        "collectionId",
        "title",
        "description",
        "image",
        "utm",
        "expiresAt",
        "expiredUrl",
        "password",
        "cloaked",
        "ios",
        "android",
        "geo",
        "externalId",
        "tenantId",
        "partnerId",
    }
)


@_attrs_define
class LinkCreate:
    """A link to create (POST). `url` and `collectionId` are required; nothing is nullable (D11).

    Attributes:
        url (str): An absolute http or https URL, at most 2048 characters.
        collection_id (UUID): An existing collection of the workspace (D14).
        title (str | Unset):
        description (str | Unset):
        image (str | Unset): An absolute http or https URL, at most 2048 characters.
        utm (Utm | Unset): UTM parameters. Only these six keys are allowed (D10).
        expires_at (datetime.datetime | Unset): RFC 3339 (D9). Plan-gated (link expiration, D8).
        expired_url (str | Unset): An absolute http or https URL, at most 2048 characters.
        password (str | Unset): Plan-gated (password protection, D8). Echoed in responses (D19).
        cloaked (bool | Unset): `true` is plan-gated (link cloaking, D8); `false` is always allowed.
        ios (str | Unset): An absolute http or https URL, at most 2048 characters.
        android (str | Unset): An absolute http or https URL, at most 2048 characters.
        geo (Geo | Unset): Country code (ISO 3166-1 alpha-2, upper case) to destination URL.
        external_id (str | Unset): Unique in the workspace and within the batch (D14).
        tenant_id (str | Unset):
        partner_id (UUID | Unset): An existing partner of the workspace (D14).
    """

    url: str
    collection_id: UUID
    title: str | Unset = UNSET
    description: str | Unset = UNSET
    image: str | Unset = UNSET
    utm: Utm | Unset = UNSET
    expires_at: datetime.datetime | Unset = UNSET
    expired_url: str | Unset = UNSET
    password: str | Unset = UNSET
    cloaked: bool | Unset = UNSET
    ios: str | Unset = UNSET
    android: str | Unset = UNSET
    geo: Geo | Unset = UNSET
    external_id: str | Unset = UNSET
    tenant_id: str | Unset = UNSET
    partner_id: UUID | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}

        field_dict["url"] = self.url
        collection_id = uuid_text(self.collection_id)
        field_dict["collectionId"] = collection_id
        if self.title is not UNSET:
            field_dict["title"] = self.title
        if self.description is not UNSET:
            field_dict["description"] = self.description
        if self.image is not UNSET:
            field_dict["image"] = self.image
        utm: dict[str, Any] | Unset = UNSET
        if not isinstance(self.utm, Unset):
            utm = self.utm.to_dict()
        if utm is not UNSET:
            field_dict["utm"] = utm
        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()
        if expires_at is not UNSET:
            field_dict["expiresAt"] = expires_at
        if self.expired_url is not UNSET:
            field_dict["expiredUrl"] = self.expired_url
        if self.password is not UNSET:
            field_dict["password"] = self.password
        if self.cloaked is not UNSET:
            field_dict["cloaked"] = self.cloaked
        if self.ios is not UNSET:
            field_dict["ios"] = self.ios
        if self.android is not UNSET:
            field_dict["android"] = self.android
        geo: dict[str, Any] | Unset = UNSET
        if not isinstance(self.geo, Unset):
            geo = self.geo.to_dict()
        if geo is not UNSET:
            field_dict["geo"] = geo
        if self.external_id is not UNSET:
            field_dict["externalId"] = self.external_id
        if self.tenant_id is not UNSET:
            field_dict["tenantId"] = self.tenant_id
        partner_id: str | Unset = UNSET
        if not isinstance(self.partner_id, Unset):
            partner_id = uuid_text(self.partner_id)
        if partner_id is not UNSET:
            field_dict["partnerId"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        _all = None
        if len(d) >= 16:
            try:
                _all = _ALL_FIELDS(d)
            except KeyError:
                pass
        if _all is None:
            url = d["url"]
            collection_id = cached_uuid(d["collectionId"])
            title = d.get("title", UNSET)
            description = d.get("description", UNSET)
            image = d.get("image", UNSET)
            _utm = d.get("utm", UNSET)
            utm: Utm | Unset
            if isinstance(_utm, Unset):
                utm = UNSET
            else:
                utm = Utm.from_dict(_utm)
            _expires_at = d.get("expiresAt", UNSET)
            expires_at: datetime.datetime | Unset
            if isinstance(_expires_at, Unset):
                expires_at = UNSET
            else:
                expires_at = datetime.datetime.fromisoformat(_expires_at)
            expired_url = d.get("expiredUrl", UNSET)
            password = d.get("password", UNSET)
            cloaked = d.get("cloaked", UNSET)
            ios = d.get("ios", UNSET)
            android = d.get("android", UNSET)
            _geo = d.get("geo", UNSET)
            geo: Geo | Unset
            if isinstance(_geo, Unset):
                geo = UNSET
            else:
                geo = Geo.from_dict(_geo)
            external_id = d.get("externalId", UNSET)
            tenant_id = d.get("tenantId", UNSET)
            _partner_id = d.get("partnerId", UNSET)
            partner_id: UUID | Unset
            if isinstance(_partner_id, Unset):
                partner_id = UNSET
            else:
                partner_id = cached_uuid(_partner_id)

            link_create = cls(
                url,
                collection_id,
                title,
                description,
                image,
                utm,
                expires_at,
                expired_url,
                password,
                cloaked,
                ios,
                android,
                geo,
                external_id,
                tenant_id,
                partner_id,
            )

        else:
            (
                _f1,
                _f2,
                _f3,
                _f4,
                _f5,
                _f6,
                _f7,
                _f8,
                _f9,
                _f10,
                _f11,
                _f12,
                _f13,
                _f14,
                _f15,
                _f16,
            ) = _all
            url = _f1
            collection_id = cached_uuid(_f2)
            title = _f3
            description = _f4
            image = _f5
            _utm = _f6
            utm: Utm | Unset
            if isinstance(_utm, Unset):
                utm = UNSET
            else:
                utm = Utm.from_dict(_utm)
            _expires_at = _f7
            expires_at: datetime.datetime | Unset
            if isinstance(_expires_at, Unset):
                expires_at = UNSET
            else:
                expires_at = datetime.datetime.fromisoformat(_expires_at)
            expired_url = _f8
            password = _f9
            cloaked = _f10
            ios = _f11
            android = _f12
            _geo = _f13
            geo: Geo | Unset
            if isinstance(_geo, Unset):
                geo = UNSET
            else:
                geo = Geo.from_dict(_geo)
            external_id = _f14
            tenant_id = _f15
            _partner_id = _f16
            partner_id: UUID | Unset
            if isinstance(_partner_id, Unset):
                partner_id = UNSET
            else:
                partner_id = cached_uuid(_partner_id)

            link_create = cls(
                url,
                collection_id,
                title,
                description,
                image,
                utm,
                expires_at,
                expired_url,
                password,
                cloaked,
                ios,
                android,
                geo,
                external_id,
                tenant_id,
                partner_id,
            )

        return link_create


def _read_url(d: dict[str, Any]) -> Any:
    url = d["url"]
    return url


def _read_collection_id(d: dict[str, Any]) -> Any:
    collection_id = cached_uuid(d["collectionId"])
    return collection_id


def _read_title(d: dict[str, Any]) -> Any:
    title = d.get("title", UNSET)
    return title


def _read_description(d: dict[str, Any]) -> Any:
    description = d.get("description", UNSET)
    return description


def _read_image(d: dict[str, Any]) -> Any:
    image = d.get("image", UNSET)
    return image


def _read_utm(d: dict[str, Any]) -> Any:
    _utm = d.get("utm", UNSET)
    utm: Utm | Unset
    if isinstance(_utm, Unset):
        utm = UNSET
    else:
        utm = Utm.from_dict(_utm)
    return utm


def _read_expires_at(d: dict[str, Any]) -> Any:
    _expires_at = d.get("expiresAt", UNSET)
    expires_at: datetime.datetime | Unset
    if isinstance(_expires_at, Unset):
        expires_at = UNSET
    else:
        expires_at = datetime.datetime.fromisoformat(_expires_at)
    return expires_at


def _read_expired_url(d: dict[str, Any]) -> Any:
    expired_url = d.get("expiredUrl", UNSET)
    return expired_url


def _read_password(d: dict[str, Any]) -> Any:
    password = d.get("password", UNSET)
    return password


def _read_cloaked(d: dict[str, Any]) -> Any:
    cloaked = d.get("cloaked", UNSET)
    return cloaked


def _read_ios(d: dict[str, Any]) -> Any:
    ios = d.get("ios", UNSET)
    return ios


def _read_android(d: dict[str, Any]) -> Any:
    android = d.get("android", UNSET)
    return android


def _read_geo(d: dict[str, Any]) -> Any:
    _geo = d.get("geo", UNSET)
    geo: Geo | Unset
    if isinstance(_geo, Unset):
        geo = UNSET
    else:
        geo = Geo.from_dict(_geo)
    return geo


def _read_external_id(d: dict[str, Any]) -> Any:
    external_id = d.get("externalId", UNSET)
    return external_id


def _read_tenant_id(d: dict[str, Any]) -> Any:
    tenant_id = d.get("tenantId", UNSET)
    return tenant_id


def _read_partner_id(d: dict[str, Any]) -> Any:
    _partner_id = d.get("partnerId", UNSET)
    partner_id: UUID | Unset
    if isinstance(_partner_id, Unset):
        partner_id = UNSET
    else:
        partner_id = cached_uuid(_partner_id)
    return partner_id


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "url": _read_url,
    "collection_id": _read_collection_id,
    "title": _read_title,
    "description": _read_description,
    "image": _read_image,
    "utm": _read_utm,
    "expires_at": _read_expires_at,
    "expired_url": _read_expired_url,
    "password": _read_password,
    "cloaked": _read_cloaked,
    "ios": _read_ios,
    "android": _read_android,
    "geo": _read_geo,
    "external_id": _read_external_id,
    "tenant_id": _read_tenant_id,
    "partner_id": _read_partner_id,
}


class LazyLinkCreate(LazyModel, LinkCreate):
    """A `LinkCreate` whose fields are converted from its JSON object when first read (see
    `LazyModel`)."""

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: frozenset[str]
    _eager = LinkCreate
    _readers = _READERS


# The models this one nests, imported once at the end of the module rather than inside every
# call (an import statement costs ~2 us even when cached); by now this module's class exists,
# so models that nest each other still import.
from ..models.geo import Geo
from ..models.utm import Utm
