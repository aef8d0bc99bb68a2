"""The generated models, re-exported so `hoko` users need one import path (like `openai.types`):
the `hoko_client.models` classes themselves (requests such as `LinkUpsert`, answers such as
`Link`), not copies; the 429 body's model is also `RateLimitErrorBody`."""

from hoko_client.models import *  # noqa: F403
from hoko_client.models import RateLimitError as RateLimitErrorBody
from hoko_client.models import __all__ as _models
from hoko_client.types import UNSET, Unset

__all__ = [*_models, "UNSET", "RateLimitErrorBody", "Unset"]
