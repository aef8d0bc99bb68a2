from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.geo import Geo
    from ..models.utm import Utm


T = TypeVar("T", bound="LinkCreate")


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
        url = self.url

        collection_id = str(self.collection_id)

        title = self.title

        description = self.description

        image = self.image

        utm: dict[str, Any] | Unset = UNSET
        if not isinstance(self.utm, Unset):
            utm = self.utm.to_dict()

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        expired_url = self.expired_url

        password = self.password

        cloaked = self.cloaked

        ios = self.ios

        android = self.android

        geo: dict[str, Any] | Unset = UNSET
        if not isinstance(self.geo, Unset):
            geo = self.geo.to_dict()

        external_id = self.external_id

        tenant_id = self.tenant_id

        partner_id: str | Unset = UNSET
        if not isinstance(self.partner_id, Unset):
            partner_id = str(self.partner_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
                "collectionId": collection_id,
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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.geo import Geo
        from ..models.utm import Utm

        d = dict(src_dict)
        url = d.pop("url")

        collection_id = UUID(d.pop("collectionId"))

        title = d.pop("title", UNSET)

        description = d.pop("description", UNSET)

        image = d.pop("image", UNSET)

        _utm = d.pop("utm", UNSET)
        utm: Utm | Unset
        if isinstance(_utm, Unset):
            utm = UNSET
        else:
            utm = Utm.from_dict(_utm)

        _expires_at = d.pop("expiresAt", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        expired_url = d.pop("expiredUrl", UNSET)

        password = d.pop("password", UNSET)

        cloaked = d.pop("cloaked", UNSET)

        ios = d.pop("ios", UNSET)

        android = d.pop("android", UNSET)

        _geo = d.pop("geo", UNSET)
        geo: Geo | Unset
        if isinstance(_geo, Unset):
            geo = UNSET
        else:
            geo = Geo.from_dict(_geo)

        external_id = d.pop("externalId", UNSET)

        tenant_id = d.pop("tenantId", UNSET)

        _partner_id = d.pop("partnerId", UNSET)
        partner_id: UUID | Unset
        if isinstance(_partner_id, Unset):
            partner_id = UNSET
        else:
            partner_id = UUID(_partner_id)

        link_create = cls(
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

        return link_create
