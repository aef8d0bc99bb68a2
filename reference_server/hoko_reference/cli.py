"""`python -m hoko_reference`: serve the reference server on loopback with the dev keys."""

from __future__ import annotations

import argparse
import contextlib
import logging
import socket
import sys
from collections.abc import Iterator, Sequence

import uvicorn

from .app import create_app
from .connections import DEFAULT_HEAD_TIMEOUT, protocol
from .faults import FAULTS, UnknownFaultError
from .seed import load_seed_file


class _Server(uvicorn.Server):
    """uvicorn re-raises SIGINT/SIGTERM after its graceful shutdown; we just exit 0 instead."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        with super().capture_signals():
            yield
            self._captured_signals.clear()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m hoko_reference", description="Hoko bulk link API reference server."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--db", default=None, help="SQLite file (default: a fresh temporary one)")
    parser.add_argument(
        "--base-url-for-links",
        default=None,
        help="base of shortUrl and qrCode (default: this server's own URL)",
    )
    parser.add_argument("--seed", default=None, help="JSON or TOML file with workspaces and keys")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME",
        help="switch on a deliberate fault (repeatable); --list-faults shows them",
    )
    parser.add_argument("--list-faults", action="store_true", help="print the faults and exit")
    parser.add_argument(
        "--list-variants",
        action="store_true",
        help="print the variants (legal alternatives to our decisions, also --fault) and exit",
    )
    parser.add_argument(
        "--list-races",
        action="store_true",
        help="print the faults only concurrent requests reveal (the load run's) and exit",
    )
    parser.add_argument(
        "--head-timeout",
        type=float,
        default=DEFAULT_HEAD_TIMEOUT,
        help="seconds a request's head may take before the connection is closed "
        f"(default {DEFAULT_HEAD_TIMEOUT:g})",
    )
    parser.add_argument("--log-level", default="info")
    return parser


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, before anything is printed: a busy port fails here. Made with
    IPPROTO_TCP, as asyncio's own: it then sets TCP_NODELAY on every connection (without it,
    Nagle's algorithm and delayed ACKs add ~40 ms to each small answer)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.list_faults:
        for fault in FAULTS.values():
            if fault.kind == "fault":
                print(f"{fault.name}\t{fault.family}\t{','.join(fault.seams)}\t{fault.description}")
        return 0
    if args.list_races:
        for fault in FAULTS.values():
            if fault.kind == "race":
                print(f"{fault.name}\t{fault.family}\t{','.join(fault.seams)}\t{fault.description}")
        return 0
    if args.list_variants:
        for v in FAULTS.values():
            if v.kind == "variant":
                seams = ",".join(sorted({s.split("@")[0] for s in v.seams}))
                print(f"{v.name}\t{v.decision}\t{seams}\t{v.description}\t{v.allowed_by}")
        return 0
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        seed = load_seed_file(args.seed) if args.seed else None
        app = create_app(
            db_path=args.db,
            base_url_for_links=args.base_url_for_links or f"http://{args.host}:{args.port}",
            seed=seed,
            faults=args.fault,
        )
        sock = _bind(args.host, args.port)
    except (UnknownFaultError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    registry = app.state.hoko.registry
    print(f"Hoko reference server on http://{args.host}:{args.port}", flush=True)
    print(f"database: {app.state.hoko.db.path}", flush=True)
    if args.fault:
        print(f"FAULTS ON: {', '.join(args.fault)}", flush=True)
    print("dev keys:", flush=True)
    for key in registry.keys.values():
        scopes = " ".join(sorted(key.scopes))
        print(
            f"  {key.key}  workspace {key.workspace.id} ({key.workspace.plan.name}), "
            f"{key.rate_requests} req/{key.rate_window_seconds}s, scopes: {scopes}",
            flush=True,
        )
    # SIGINT/SIGTERM: stop accepting, finish in-flight requests, run lifespan shutdown, exit 0.
    config = uvicorn.Config(
        app, log_level=args.log_level, access_log=False, http=protocol(args.head_timeout)
    )
    _Server(config).run(sockets=[sock])
    return 0
