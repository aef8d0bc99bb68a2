"""The generated models, re-exported so ``hoko`` users need one import path (like ``openai.types``).

Request models (``LinkCreate``, ``LinkUpsert``, ``CollectionUpsert``, ``PartnerUpsert``,
``UtmPatch``, ``Utm``, ``Geo``) and response models (``Link``, ``Collection``, ``Partner``) are the
generated ``hoko_client.models`` classes themselves, not copies.
"""

from hoko_client.models import (
    Collection,
    CollectionUpsert,
    Error,
    ErrorDetail,
    Geo,
    Link,
    LinkCreate,
    LinkGeoType0,
    LinkUpsert,
    LinkUtm,
    LocalizedMessage,
    Partner,
    PartnerUpsert,
    Utm,
    UtmPatch,
)
from hoko_client.models import RateLimitError as RateLimitErrorBody
from hoko_client.types import UNSET, Unset

__all__ = [
    "UNSET",
    "Collection",
    "CollectionUpsert",
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
    "RateLimitErrorBody",
    "Unset",
    "Utm",
    "UtmPatch",
]
