"""`hoko` on the command line (the `cli` extra: `pip install 'hoko[cli]'`)."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .app import app
    except ImportError as exc:  # typer or rich missing: the client alone was installed
        print(
            f"hoko: the command line needs the cli extra (pip install 'hoko[cli]'): {exc}",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    app()
