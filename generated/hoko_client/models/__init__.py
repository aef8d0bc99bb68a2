"""Contains all the data models used in inputs/outputs"""

from .collection import Collection
from .collection_upsert import CollectionUpsert
from .deleted_ids import DeletedIds
from .error import Error
from .error_detail import ErrorDetail
from .geo import Geo
from .link import Link
from .link_create import LinkCreate
from .link_geo_type_0 import LinkGeoType0
from .link_upsert import LinkUpsert
from .link_utm import LinkUtm
from .localized_message import LocalizedMessage
from .partner import Partner
from .partner_upsert import PartnerUpsert
from .rate_limit_error import RateLimitError
from .sort_order import SortOrder
from .utm import Utm
from .utm_patch import UtmPatch

__all__ = (
    "Collection",
    "CollectionUpsert",
    "DeletedIds",
    "Error",
    "ErrorDetail",
    "Geo",
    "Link",
    "LinkCreate",
    "LinkGeoType0",
    "LinkUpsert",
    "LinkUtm",
    "LocalizedMessage",
    "Partner",
    "PartnerUpsert",
    "RateLimitError",
    "SortOrder",
    "Utm",
    "UtmPatch",
)
