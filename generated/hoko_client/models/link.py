from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.link_geo_type_0 import LinkGeoType0
    from ..models.link_utm import LinkUtm


T = TypeVar("T", bound="Link")


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
        from ..models.link_geo_type_0 import LinkGeoType0
        from ..models.link_utm import LinkUtm

        id = str(self.id)

        url = self.url

        short_url = self.short_url

        qr_code = self.qr_code

        collection_id = str(self.collection_id)

        created_at = self.created_at.isoformat()

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        image: None | str | Unset
        if isinstance(self.image, Unset):
            image = UNSET
        else:
            image = self.image

        utm: dict[str, Any] | None | Unset
        if isinstance(self.utm, Unset):
            utm = UNSET
        elif isinstance(self.utm, LinkUtm):
            utm = self.utm.to_dict()
        else:
            utm = self.utm

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        expired_url: None | str | Unset
        if isinstance(self.expired_url, Unset):
            expired_url = UNSET
        else:
            expired_url = self.expired_url

        password: None | str | Unset
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password

        cloaked: bool | None | Unset
        if isinstance(self.cloaked, Unset):
            cloaked = UNSET
        else:
            cloaked = self.cloaked

        ios: None | str | Unset
        if isinstance(self.ios, Unset):
            ios = UNSET
        else:
            ios = self.ios

        android: None | str | Unset
        if isinstance(self.android, Unset):
            android = UNSET
        else:
            android = self.android

        geo: dict[str, Any] | None | Unset
        if isinstance(self.geo, Unset):
            geo = UNSET
        elif isinstance(self.geo, LinkGeoType0):
            geo = self.geo.to_dict()
        else:
            geo = self.geo

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        tenant_id: None | str | Unset
        if isinstance(self.tenant_id, Unset):
            tenant_id = UNSET
        else:
            tenant_id = self.tenant_id

        partner_id: None | str | Unset
        if isinstance(self.partner_id, Unset):
            partner_id = UNSET
        elif isinstance(self.partner_id, UUID):
            partner_id = str(self.partner_id)
        else:
            partner_id = self.partner_id

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "url": url,
                "shortUrl": short_url,
                "qrCode": qr_code,
                "collectionId": collection_id,
                "createdAt": created_at,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title
        if description is not UNSET:
            field_dict["description"] = description
        if image is not UNSET:
            field_dict["image"] = image
        if utm is not UNSET:
            field_dict["utm"] = utm
        if expires_at is not UNSET:
            field_dict["expiresAt"] = expires_at
        if expired_url is not UNSET:
            field_dict["expiredUrl"] = expired_url
        if password is not UNSET:
            field_dict["password"] = password
        if cloaked is not UNSET:
            field_dict["cloaked"] = cloaked
        if ios is not UNSET:
            field_dict["ios"] = ios
        if android is not UNSET:
            field_dict["android"] = android
        if geo is not UNSET:
            field_dict["geo"] = geo
        if external_id is not UNSET:
            field_dict["externalId"] = external_id
        if tenant_id is not UNSET:
            field_dict["tenantId"] = tenant_id
        if partner_id is not UNSET:
            field_dict["partnerId"] = partner_id
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.link_geo_type_0 import LinkGeoType0
        from ..models.link_utm import LinkUtm

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        url = d.pop("url")

        short_url = d.pop("shortUrl")

        qr_code = d.pop("qrCode")

        collection_id = UUID(d.pop("collectionId"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_image(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image = _parse_image(d.pop("image", UNSET))

        def _parse_utm(data: object) -> LinkUtm | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                utm_type_0 = LinkUtm.from_dict(data)

                return utm_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LinkUtm | None | Unset, data)

        utm = _parse_utm(d.pop("utm", UNSET))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expiresAt", UNSET))

        def _parse_expired_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        expired_url = _parse_expired_url(d.pop("expiredUrl", UNSET))

        def _parse_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))

        def _parse_cloaked(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        cloaked = _parse_cloaked(d.pop("cloaked", UNSET))

        def _parse_ios(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ios = _parse_ios(d.pop("ios", UNSET))

        def _parse_android(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        android = _parse_android(d.pop("android", UNSET))

        def _parse_geo(data: object) -> LinkGeoType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                geo_type_0 = LinkGeoType0.from_dict(data)

                return geo_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LinkGeoType0 | None | Unset, data)

        geo = _parse_geo(d.pop("geo", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("externalId", UNSET))

        def _parse_tenant_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tenant_id = _parse_tenant_id(d.pop("tenantId", UNSET))

        def _parse_partner_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                partner_id_type_0 = UUID(data)

                return partner_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        partner_id = _parse_partner_id(d.pop("partnerId", UNSET))

        def _parse_updated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        updated_at = _parse_updated_at(d.pop("updatedAt", UNSET))

        link = cls(
            id=id,
            url=url,
            short_url=short_url,
            qr_code=qr_code,
            collection_id=collection_id,
            created_at=created_at,
            title=title,
            description=description,
            image=image,
            utm=utm,
            expires_at=expires_at,
            expired_url=expired_url,
            password=password,
            cloaked=cloaked,
            ios=ios,
            android=android,
            geo=geo,
            external_id=external_id,
            tenant_id=tenant_id,
            partner_id=partner_id,
            updated_at=updated_at,
        )

        link.additional_properties = d
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
