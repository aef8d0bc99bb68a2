from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, LazyModel, Unset, cached_uuid, parse_uuid, uuid_text

if TYPE_CHECKING:
    from ..models.link_geo_type_0 import LinkGeoType0
    from ..models.link_utm import LinkUtm


T = TypeVar("T", bound="Link")

_ALL_FIELDS = operator.itemgetter(
    "id",
    "url",
    "shortUrl",
    "qrCode",
    "collectionId",
    "createdAt",
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
    "updatedAt",
)

# The JSON names of the declared properties; any other key is an additional property.
_KNOWN_KEYS = frozenset(
    {
        "id",
        "url",
        "shortUrl",
        "qrCode",
        "collectionId",
        "createdAt",
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
        "updatedAt",
    }
)


@_attrs_define
class Link:
    """A link as returned. Fields other than the required ones may be absent or null. Unknown
    properties may appear and must be ignored. Date-times are UTC with `Z` (D9).

        Attributes:
            id (UUID):
            url (str):
            short_url (str): `<link base>/<code>`; the code is unique and URL-safe.
            qr_code (str): A QR-code image URL that encodes `shortUrl`.
            collection_id (UUID):
            created_at (datetime.datetime):
            title (None | str | Unset):
            description (None | str | Unset):
            image (None | str | Unset):
            utm (LinkUtm | None | Unset):
            expires_at (datetime.datetime | None | Unset):
            expired_url (None | str | Unset):
            password (None | str | Unset): Echoed as Hoko's docs show (D19).
            cloaked (bool | None | Unset): Reads back as false once cleared (D12).
            ios (None | str | Unset):
            android (None | str | Unset):
            geo (LinkGeoType0 | None | Unset):
            external_id (None | str | Unset):
            tenant_id (None | str | Unset):
            partner_id (None | Unset | UUID):
            updated_at (datetime.datetime | None | Unset):
    """

    id: UUID
    url: str
    short_url: str
    qr_code: str
    collection_id: UUID
    created_at: datetime.datetime
    title: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    image: None | str | Unset = UNSET
    utm: LinkUtm | None | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    expired_url: None | str | Unset = UNSET
    password: None | str | Unset = UNSET
    cloaked: bool | None | Unset = UNSET
    ios: None | str | Unset = UNSET
    android: None | str | Unset = UNSET
    geo: LinkGeoType0 | None | Unset = UNSET
    external_id: None | str | Unset = UNSET
    tenant_id: None | str | Unset = UNSET
    partner_id: None | Unset | UUID = UNSET
    updated_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        id = str(self.id)
        field_dict["id"] = id
        field_dict["url"] = self.url
        field_dict["shortUrl"] = self.short_url
        field_dict["qrCode"] = self.qr_code
        collection_id = uuid_text(self.collection_id)
        field_dict["collectionId"] = collection_id
        created_at = self.created_at.isoformat()
        field_dict["createdAt"] = created_at
        if self.title is not UNSET:
            field_dict["title"] = self.title
        if self.description is not UNSET:
            field_dict["description"] = self.description
        if self.image is not UNSET:
            field_dict["image"] = self.image
        utm: dict[str, Any] | None | Unset
        if isinstance(self.utm, Unset):
            utm = UNSET
        elif isinstance(self.utm, LinkUtm):
            utm = self.utm.to_dict()
        else:
            utm = self.utm
        if utm is not UNSET:
            field_dict["utm"] = utm
        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at
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
        geo: dict[str, Any] | None | Unset
        if isinstance(self.geo, Unset):
            geo = UNSET
        elif isinstance(self.geo, LinkGeoType0):
            geo = self.geo.to_dict()
        else:
            geo = self.geo
        if geo is not UNSET:
            field_dict["geo"] = geo
        if self.external_id is not UNSET:
            field_dict["externalId"] = self.external_id
        if self.tenant_id is not UNSET:
            field_dict["tenantId"] = self.tenant_id
        partner_id: None | str | Unset
        if isinstance(self.partner_id, Unset):
            partner_id = UNSET
        elif isinstance(self.partner_id, UUID):
            partner_id = uuid_text(self.partner_id)
        else:
            partner_id = self.partner_id
        if partner_id is not UNSET:
            field_dict["partnerId"] = partner_id
        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        _all = None
        if len(d) >= 21:
            try:
                _all = _ALL_FIELDS(d)
            except KeyError:
                pass
        if _all is None:
            id = parse_uuid(d["id"])
            url = d["url"]
            short_url = d["shortUrl"]
            qr_code = d["qrCode"]
            collection_id = cached_uuid(d["collectionId"])
            created_at = datetime.datetime.fromisoformat(d["createdAt"])
            title: None | str | Unset = d.get("title", UNSET)
            description: None | str | Unset = d.get("description", UNSET)
            image: None | str | Unset = d.get("image", UNSET)
            utm: LinkUtm | None | Unset = d.get("utm", UNSET)
            if isinstance(utm, dict):
                try:
                    utm_type_0 = LinkUtm.from_dict(utm)

                    utm = utm_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            expires_at: datetime.datetime | None | Unset = d.get("expiresAt", UNSET)
            if isinstance(expires_at, str):
                try:
                    expires_at_type_0 = datetime.datetime.fromisoformat(expires_at)

                    expires_at = expires_at_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            expired_url: None | str | Unset = d.get("expiredUrl", UNSET)
            password: None | str | Unset = d.get("password", UNSET)
            cloaked: bool | None | Unset = d.get("cloaked", UNSET)
            ios: None | str | Unset = d.get("ios", UNSET)
            android: None | str | Unset = d.get("android", UNSET)
            geo: LinkGeoType0 | None | Unset = d.get("geo", UNSET)
            if isinstance(geo, dict):
                try:
                    geo_type_0 = LinkGeoType0.from_dict(geo)

                    geo = geo_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            external_id: None | str | Unset = d.get("externalId", UNSET)
            tenant_id: None | str | Unset = d.get("tenantId", UNSET)
            partner_id: None | Unset | UUID = d.get("partnerId", UNSET)
            if isinstance(partner_id, str):
                try:
                    partner_id_type_0 = cached_uuid(partner_id)

                    partner_id = partner_id_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            updated_at: datetime.datetime | None | Unset = d.get("updatedAt", UNSET)
            if isinstance(updated_at, str):
                try:
                    updated_at_type_0 = datetime.datetime.fromisoformat(updated_at)

                    updated_at = updated_at_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass

            link = cls(
                id,
                url,
                short_url,
                qr_code,
                collection_id,
                created_at,
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
                updated_at,
            )

            _extra = not d.keys() <= _KNOWN_KEYS
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
                _f17,
                _f18,
                _f19,
                _f20,
                _f21,
            ) = _all
            id = parse_uuid(_f1)
            url = _f2
            short_url = _f3
            qr_code = _f4
            collection_id = cached_uuid(_f5)
            created_at = datetime.datetime.fromisoformat(_f6)
            title: None | str | Unset = _f7
            description: None | str | Unset = _f8
            image: None | str | Unset = _f9
            utm: LinkUtm | None | Unset = _f10
            if isinstance(utm, dict):
                try:
                    utm_type_0 = LinkUtm.from_dict(utm)

                    utm = utm_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            expires_at: datetime.datetime | None | Unset = _f11
            if isinstance(expires_at, str):
                try:
                    expires_at_type_0 = datetime.datetime.fromisoformat(expires_at)

                    expires_at = expires_at_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            expired_url: None | str | Unset = _f12
            password: None | str | Unset = _f13
            cloaked: bool | None | Unset = _f14
            ios: None | str | Unset = _f15
            android: None | str | Unset = _f16
            geo: LinkGeoType0 | None | Unset = _f17
            if isinstance(geo, dict):
                try:
                    geo_type_0 = LinkGeoType0.from_dict(geo)

                    geo = geo_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            external_id: None | str | Unset = _f18
            tenant_id: None | str | Unset = _f19
            partner_id: None | Unset | UUID = _f20
            if isinstance(partner_id, str):
                try:
                    partner_id_type_0 = cached_uuid(partner_id)

                    partner_id = partner_id_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            updated_at: datetime.datetime | None | Unset = _f21
            if isinstance(updated_at, str):
                try:
                    updated_at_type_0 = datetime.datetime.fromisoformat(updated_at)

                    updated_at = updated_at_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass

            link = cls(
                id,
                url,
                short_url,
                qr_code,
                collection_id,
                created_at,
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
                updated_at,
            )

            _extra = len(d) != 21

        if _extra:
            link.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return link

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


def _read_id(d: dict[str, Any]) -> Any:
    id = parse_uuid(d["id"])
    return id


def _read_url(d: dict[str, Any]) -> Any:
    url = d["url"]
    return url


def _read_short_url(d: dict[str, Any]) -> Any:
    short_url = d["shortUrl"]
    return short_url


def _read_qr_code(d: dict[str, Any]) -> Any:
    qr_code = d["qrCode"]
    return qr_code


def _read_collection_id(d: dict[str, Any]) -> Any:
    collection_id = cached_uuid(d["collectionId"])
    return collection_id


def _read_created_at(d: dict[str, Any]) -> Any:
    created_at = datetime.datetime.fromisoformat(d["createdAt"])
    return created_at


def _read_title(d: dict[str, Any]) -> Any:
    title: None | str | Unset = d.get("title", UNSET)
    return title


def _read_description(d: dict[str, Any]) -> Any:
    description: None | str | Unset = d.get("description", UNSET)
    return description


def _read_image(d: dict[str, Any]) -> Any:
    image: None | str | Unset = d.get("image", UNSET)
    return image


def _read_utm(d: dict[str, Any]) -> Any:
    utm: LinkUtm | None | Unset = d.get("utm", UNSET)
    if isinstance(utm, dict):
        try:
            utm_type_0 = LinkUtm.from_dict(utm)

            utm = utm_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    return utm


def _read_expires_at(d: dict[str, Any]) -> Any:
    expires_at: datetime.datetime | None | Unset = d.get("expiresAt", UNSET)
    if isinstance(expires_at, str):
        try:
            expires_at_type_0 = datetime.datetime.fromisoformat(expires_at)

            expires_at = expires_at_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    return expires_at


def _read_expired_url(d: dict[str, Any]) -> Any:
    expired_url: None | str | Unset = d.get("expiredUrl", UNSET)
    return expired_url


def _read_password(d: dict[str, Any]) -> Any:
    password: None | str | Unset = d.get("password", UNSET)
    return password


def _read_cloaked(d: dict[str, Any]) -> Any:
    cloaked: bool | None | Unset = d.get("cloaked", UNSET)
    return cloaked


def _read_ios(d: dict[str, Any]) -> Any:
    ios: None | str | Unset = d.get("ios", UNSET)
    return ios


def _read_android(d: dict[str, Any]) -> Any:
    android: None | str | Unset = d.get("android", UNSET)
    return android


def _read_geo(d: dict[str, Any]) -> Any:
    geo: LinkGeoType0 | None | Unset = d.get("geo", UNSET)
    if isinstance(geo, dict):
        try:
            geo_type_0 = LinkGeoType0.from_dict(geo)

            geo = geo_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    return geo


def _read_external_id(d: dict[str, Any]) -> Any:
    external_id: None | str | Unset = d.get("externalId", UNSET)
    return external_id


def _read_tenant_id(d: dict[str, Any]) -> Any:
    tenant_id: None | str | Unset = d.get("tenantId", UNSET)
    return tenant_id


def _read_partner_id(d: dict[str, Any]) -> Any:
    partner_id: None | Unset | UUID = d.get("partnerId", UNSET)
    if isinstance(partner_id, str):
        try:
            partner_id_type_0 = cached_uuid(partner_id)

            partner_id = partner_id_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    return partner_id


def _read_updated_at(d: dict[str, Any]) -> Any:
    updated_at: datetime.datetime | None | Unset = d.get("updatedAt", UNSET)
    if isinstance(updated_at, str):
        try:
            updated_at_type_0 = datetime.datetime.fromisoformat(updated_at)

            updated_at = updated_at_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    return updated_at


def _read_additional_properties(d: dict[str, Any]) -> Any:
    return {k: v for k, v in d.items() if k not in _KNOWN_KEYS}


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "id": _read_id,
    "url": _read_url,
    "short_url": _read_short_url,
    "qr_code": _read_qr_code,
    "collection_id": _read_collection_id,
    "created_at": _read_created_at,
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
    "updated_at": _read_updated_at,
    "additional_properties": _read_additional_properties,
}


class LazyLink(LazyModel, Link):
    """A `Link` whose fields are converted from its JSON object when first read (see
    `LazyModel`)."""

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: frozenset[str]
    _eager = Link
    _readers = _READERS
    _uuid_id = True


# The models this one nests, imported once at the end of the module rather than inside every
# call (an import statement costs ~2 us even when cached); by now this module's class exists,
# so models that nest each other still import.
from ..models.link_geo_type_0 import LinkGeoType0
from ..models.link_utm import LinkUtm
