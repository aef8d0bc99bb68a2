"""`hoko`: an ergonomic, safe bulk client for Hoko's link API, over the generated hoko_client.

    from hoko import Hoko

    with Hoko() as client:                      # key from HOKO_API_KEY
        links = client.links.upsert(items)      # any iterable; chunked, retried, in input order

Results are the generated models (`hoko_client.models.Link` etc., also importable from
`hoko.types`), built lazily on access.
"""

from hoko_client.types import UNSET, Unset

from . import types
from ._client import AsyncHoko, Hoko
from ._constants import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    MAX_BATCH_SIZE,
    MAX_BODY_BYTES,
    PLAN_MAX_ITEMS,
)
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BulkError,
    ClientClosedError,
    HokoError,
    InternalServerError,
    InvalidItemError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
)
from ._logging import setup_logging as _setup_logging
from ._options import CallOptions, ClientOptions, RawOptions
from ._response import APIResponse, BulkResult, ChunkFailure, ChunkResult
from ._types import RateLimitInfo
from ._validation import check_items

__version__ = "0.2.0"

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_BATCH_SIZE",
    "MAX_BODY_BYTES",
    "PLAN_MAX_ITEMS",
    "UNSET",
    "APIConnectionError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncHoko",
    "AuthenticationError",
    "BadRequestError",
    "BulkError",
    "BulkResult",
    "CallOptions",
    "ChunkFailure",
    "ChunkResult",
    "ClientClosedError",
    "ClientOptions",
    "Hoko",
    "HokoError",
    "InternalServerError",
    "InvalidItemError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimitInfo",
    "RawOptions",
    "Unset",
    "check_items",
    "types",
]

_setup_logging()
