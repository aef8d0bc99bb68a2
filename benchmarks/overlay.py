"""The only place that knows the overlay's API, so the sections stay readable."""

from __future__ import annotations

from typing import Any

from benchmarks.server import KEY


def available() -> bool:
    try:
        import hoko
    except ImportError:
        return False
    return hasattr(hoko, "Hoko") and hasattr(hoko, "AsyncHoko")


def sync_client(base_url: str) -> Any | None:
    if not available():
        return None
    import hoko

    return hoko.Hoko(api_key=KEY, base_url=base_url)  # type: ignore[attr-defined, unused-ignore]


def async_client(base_url: str, *, max_concurrency: int) -> Any | None:
    if not available():
        return None
    import hoko

    return hoko.AsyncHoko(  # type: ignore[attr-defined, unused-ignore]
        api_key=KEY, base_url=base_url, max_concurrency=max_concurrency
    )
