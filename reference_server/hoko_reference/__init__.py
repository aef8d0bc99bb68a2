"""The embedded Hoko reference server (Starlette + SQLite)."""

from .app import create_app

__all__ = ["create_app"]
