from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.geo import Geo
    from ..models.utm_patch import UtmPatch


T = TypeVar("T", bound="LinkUpsert")


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
        from ..models.geo import Geo
        from ..models.utm_patch import UtmPatch

        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)

        url = self.url

        collection_id: str | Unset = UNSET
        if not isinstance(self.collection_id, Unset):
            collection_id = str(self.collection_id)

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
        elif isinstance(self.utm, UtmPatch):
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
        elif isinstance(self.geo, Geo):
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

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if url is not UNSET:
            field_dict["url"] = url
        if collection_id is not UNSET:
            field_dict["collectionId"] = collection_id
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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.geo import Geo
        from ..models.utm_patch import UtmPatch

        d = dict(src_dict)
        _id = d.pop("id", UNSET)
        id: UUID | Unset
        if isinstance(_id, Unset):
            id = UNSET
        else:
            id = UUID(_id)

        url = d.pop("url", UNSET)

        _collection_id = d.pop("collectionId", UNSET)
        collection_id: UUID | Unset
        if isinstance(_collection_id, Unset):
            collection_id = UNSET
        else:
            collection_id = UUID(_collection_id)

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

        def _parse_utm(data: object) -> None | Unset | UtmPatch:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                utm_type_0 = UtmPatch.from_dict(data)

                return utm_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UtmPatch, data)

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

        def _parse_geo(data: object) -> Geo | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                geo_type_0 = Geo.from_dict(data)

                return geo_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Geo | None | Unset, data)

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

        link_upsert = cls(
            id=id,
            url=url,
            collection_id=collection_id,
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
        )

        return link_upsert
