"""stdlib logging for the ``hoko`` logger, with credentials redacted.

Set ``HOKO_LOG=debug`` (or ``info``) to get a stderr handler without touching logging config;
otherwise records propagate to whatever the application configured.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from . import _constants

logger = logging.getLogger("hoko")

REDACTED = "<redacted>"


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``headers`` that is safe to log."""
    return {
        k: (REDACTED if k.lower() in _constants.SENSITIVE_HEADERS else v)
        for k, v in headers.items()
    }


class SensitiveHeadersFilter(logging.Filter):
    """Redacts header mappings passed as log arguments, whoever logs them (belt and braces)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, Mapping):
            record.args = redact_headers({str(k): str(v) for k, v in args.items()})
        elif isinstance(args, tuple):
            record.args = tuple(
                redact_headers({str(k): str(v) for k, v in a.items()})
                if isinstance(a, Mapping)
                else a
                for a in args
            )
        return True


def setup_logging() -> None:
    if not any(isinstance(f, SensitiveHeadersFilter) for f in logger.filters):
        logger.addFilter(SensitiveHeadersFilter())
    level = os.environ.get(_constants.LOG_ENV, "").strip().lower()
    if level in {"debug", "info"}:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s")
        )
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
