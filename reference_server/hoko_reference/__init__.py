"""The embedded Hoko reference server (Starlette + SQLite).

Modules: app (routes, check order), auth (keys, scopes), ratelimit (fixed window), body (content
type, 16 MiB cap, JSON), validation (spec schemas, limits, plan gates), storage (SQLite, one
transaction per request), serialize (responses), spec (what is read from openapi/hoko.yaml),
seed (dev keys, seed files), timestamps, errors, faults (mutation testing), cli.
"""

from .app import create_app

__all__ = ["create_app"]
