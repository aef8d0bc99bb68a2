"""The embedded Hoko reference server (Starlette + SQLite)."""
