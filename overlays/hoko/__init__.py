"""``hoko``: an ergonomic, safe bulk client for Hoko's link API, over the generated hoko_client.

    from hoko import Hoko

    with Hoko() as client:                      # key from HOKO_API_KEY
        links = client.links.upsert(items)      # any iterable; chunked, retried, in input order

Results are the generated models (``hoko_client.models.Link`` etc., also importable from
``hoko.types``), built lazily on access.
"""

from hoko_client.types import UNSET, Unset

from . import types
from ._client import AsyncHoko, Hoko
from ._constants import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    MAX_BATCH_SIZE,
    MAX_BODY_BYTES,
)
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BulkError,
    HokoError,
    InternalServerError,
    InvalidItemError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
)
from ._logging import setup_logging as _setup_logging
from ._response import APIResponse, BulkResult, ChunkFailure, ChunkResult
from ._types import NOT_GIVEN, NotGiven, RateLimitInfo

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_BATCH_SIZE",
    "MAX_BODY_BYTES",
    "NOT_GIVEN",
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
    "ChunkFailure",
    "ChunkResult",
    "Hoko",
    "HokoError",
    "InternalServerError",
    "InvalidItemError",
    "NotGiven",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimitInfo",
    "Unset",
    "types",
]

_setup_logging()
