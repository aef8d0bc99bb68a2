"""The embedded Hoko reference server (Starlette + SQLite).

Where things live: app (ASGI wiring), pipeline (one request through the checks), rules/ (every
rule the spec and DECISIONS.md define, one module per decision area; rules/__init__.py has the
index), writes (the order a write applies the rules in), storage/ (the SQLite file, its SQL,
server-made ids), ratelimit (the counting), spec (what is read from the packaged spec), seed
(workspaces, plans, keys), faults/ (seeded faults for mutation testing, bound into the rules),
cli.
"""

from .app import create_app

__all__ = ["create_app"]
