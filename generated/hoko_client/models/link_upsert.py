from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, LazyModel, Unset, cached_uuid, parse_uuid, uuid_text

if TYPE_CHECKING:
    from ..models.geo import Geo
    from ..models.utm_patch import UtmPatch


T = TypeVar("T", bound="LinkUpsert")

_ALL_FIELDS = operator.itemgetter(
    "id",
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
        "id",
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
class LinkUpsert:
    """A link to update (with `id`) or create (without `id`, then `url` and `collectionId` are
    required, D2). Omitted fields keep their value; null clears every field except `url` and
    `collectionId` (D11).

        Attributes:
            id (UUID | Unset): The link to update. Omit to create. Must exist in the workspace (D3).
            url (str | Unset): An absolute http or https URL, at most 2048 characters.
            collection_id (UUID | Unset): An existing collection of the workspace (D14). Cannot be null.
            title (None | str | Unset):
            description (None | str | Unset):
            image (None | str | Unset):
            utm (None | Unset | UtmPatch): Merged key by key; null clears every key (D10).
            expires_at (datetime.datetime | None | Unset): RFC 3339 (D9). Setting a value is plan-gated (link expiration,
                D8).
            expired_url (None | str | Unset): Setting a value is plan-gated (link expiration, D8).
            password (None | str | Unset): Setting a value is plan-gated (password protection, D8). Echoed (D19).
            cloaked (bool | None | Unset): `true` is plan-gated (link cloaking, D8); `false` or null clears it (D12).
            ios (None | str | Unset): Setting a value is plan-gated (device targeting, D8).
            android (None | str | Unset): Setting a value is plan-gated (device targeting, D8).
            geo (Geo | None | Unset): Replaces the whole map; null clears it (D13). Plan-gated (geo targeting, D8).
            external_id (None | str | Unset): Unique in the workspace and within the batch (D14).
            tenant_id (None | str | Unset):
            partner_id (None | Unset | UUID): An existing partner of the workspace (D14).
    """

    id: UUID | Unset = UNSET
    url: str | Unset = UNSET
    collection_id: UUID | Unset = UNSET
    title: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    image: None | str | Unset = UNSET
    utm: None | Unset | UtmPatch = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    expired_url: None | str | Unset = UNSET
    password: None | str | Unset = UNSET
    cloaked: bool | None | Unset = UNSET
    ios: None | str | Unset = UNSET
    android: None | str | Unset = UNSET
    geo: Geo | None | Unset = UNSET
    external_id: None | str | Unset = UNSET
    tenant_id: None | str | Unset = UNSET
    partner_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {}

        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)
        if id is not UNSET:
            field_dict["id"] = id
        if self.url is not UNSET:
            field_dict["url"] = self.url
        collection_id: str | Unset = UNSET
        if not isinstance(self.collection_id, Unset):
            collection_id = uuid_text(self.collection_id)
        if collection_id is not UNSET:
            field_dict["collectionId"] = collection_id
        if self.title is not UNSET:
            field_dict["title"] = self.title
        if self.description is not UNSET:
            field_dict["description"] = self.description
        if self.image is not UNSET:
            field_dict["image"] = self.image
        utm: dict[str, Any] | None | Unset
        if isinstance(self.utm, Unset):
            utm = UNSET
        elif isinstance(self.utm, UtmPatch):
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
        elif isinstance(self.geo, Geo):
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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        _all = None
        if len(d) >= 17:
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
            url = d.get("url", UNSET)
            _collection_id = d.get("collectionId", UNSET)
            collection_id: UUID | Unset
            if isinstance(_collection_id, Unset):
                collection_id = UNSET
            else:
                collection_id = cached_uuid(_collection_id)
            title: None | str | Unset = d.get("title", UNSET)
            description: None | str | Unset = d.get("description", UNSET)
            image: None | str | Unset = d.get("image", UNSET)
            utm: None | Unset | UtmPatch = d.get("utm", UNSET)
            if isinstance(utm, dict):
                try:
                    utm_type_0 = UtmPatch.from_dict(utm)

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
            geo: Geo | None | Unset = d.get("geo", UNSET)
            if isinstance(geo, dict):
                try:
                    geo_type_0 = Geo.from_dict(geo)

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

            link_upsert = cls(
                id,
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
                _f17,
            ) = _all
            _id = _f1
            id: UUID | Unset
            if isinstance(_id, Unset):
                id = UNSET
            else:
                id = parse_uuid(_id)
            url = _f2
            _collection_id = _f3
            collection_id: UUID | Unset
            if isinstance(_collection_id, Unset):
                collection_id = UNSET
            else:
                collection_id = cached_uuid(_collection_id)
            title: None | str | Unset = _f4
            description: None | str | Unset = _f5
            image: None | str | Unset = _f6
            utm: None | Unset | UtmPatch = _f7
            if isinstance(utm, dict):
                try:
                    utm_type_0 = UtmPatch.from_dict(utm)

                    utm = utm_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            expires_at: datetime.datetime | None | Unset = _f8
            if isinstance(expires_at, str):
                try:
                    expires_at_type_0 = datetime.datetime.fromisoformat(expires_at)

                    expires_at = expires_at_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            expired_url: None | str | Unset = _f9
            password: None | str | Unset = _f10
            cloaked: bool | None | Unset = _f11
            ios: None | str | Unset = _f12
            android: None | str | Unset = _f13
            geo: Geo | None | Unset = _f14
            if isinstance(geo, dict):
                try:
                    geo_type_0 = Geo.from_dict(geo)

                    geo = geo_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            external_id: None | str | Unset = _f15
            tenant_id: None | str | Unset = _f16
            partner_id: None | Unset | UUID = _f17
            if isinstance(partner_id, str):
                try:
                    partner_id_type_0 = cached_uuid(partner_id)

                    partner_id = partner_id_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass

            link_upsert = cls(
                id,
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

        return link_upsert


def _read_id(d: dict[str, Any]) -> Any:
    _id = d.get("id", UNSET)
    id: UUID | Unset
    if isinstance(_id, Unset):
        id = UNSET
    else:
        id = parse_uuid(_id)
    return id


def _read_url(d: dict[str, Any]) -> Any:
    url = d.get("url", UNSET)
    return url


def _read_collection_id(d: dict[str, Any]) -> Any:
    _collection_id = d.get("collectionId", UNSET)
    collection_id: UUID | Unset
    if isinstance(_collection_id, Unset):
        collection_id = UNSET
    else:
        collection_id = cached_uuid(_collection_id)
    return collection_id


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
    utm: None | Unset | UtmPatch = d.get("utm", UNSET)
    if isinstance(utm, dict):
        try:
            utm_type_0 = UtmPatch.from_dict(utm)

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
    geo: Geo | None | Unset = d.get("geo", UNSET)
    if isinstance(geo, dict):
        try:
            geo_type_0 = Geo.from_dict(geo)

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


_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "id": _read_id,
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


class LazyLinkUpsert(LazyModel, LinkUpsert):
    """A `LinkUpsert` whose fields are converted from its JSON object when first read (see
    `LazyModel`)."""

    __slots__ = ("_seen", "_src")
    _src: dict[str, Any]
    _seen: frozenset[str]
    _eager = LinkUpsert
    _readers = _READERS


# The models this one nests, imported once at the end of the module rather than inside every
# call (an import statement costs ~2 us even when cached); by now this module's class exists,
# so models that nest each other still import.
from ..models.geo import Geo
from ..models.utm_patch import UtmPatch
