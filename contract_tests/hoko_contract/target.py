"""Which server the suite certifies, with which keys, and how hard it may push.

Every setting comes from a pytest option or, failing that, an environment variable. Without a base
URL the embedded reference server is started as a subprocess on 127.0.0.1 (a real HTTP hop, and
`--fault` can be passed through for mutation runs).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from .secrets import Secret

# Key variable -> (pytest option, key of the embedded server's dev seed).
KEY_VARS: dict[str, tuple[str, str]] = {
    "HOKO_API_KEY": ("--hoko-api-key", "hk_test_full_a"),
    "HOKO_API_KEY_READONLY": ("--hoko-api-key-readonly", "hk_test_readonly_a"),
    "HOKO_API_KEY_OTHER": ("--hoko-api-key-other", "hk_test_full_b"),
    "HOKO_API_KEY_RATE_LIMITED": ("--hoko-api-key-rate-limited", "hk_test_ratelimited_a"),
    "HOKO_API_KEY_BASIC": ("--hoko-api-key-basic", "hk_test_basic_c"),
}

# Embedded server only: a rate-limited key with a short window keeps the rate-limit tests fast.
FAST_RATE_LIMIT = {"requests": 3, "windowSeconds": 2}


PRODUCTION_HOSTS = ("hoko.to", "www.hoko.to")


@dataclass
class Settings:
    base_url: str | None
    keys: dict[str, str | None] = field(repr=False)
    heavy: bool = False
    examples: int = 25
    st_examples: int = 30
    seed: int = 0
    run_id: str = ""
    faults: list[str] = field(default_factory=list)
    shrink: bool = True
    report_json: Path = Path("reports/contract-guarantees.json")
    spec_path: Path | None = None
    notes: list[str] = field(default_factory=list)
    timeout: float = 60.0  # per request (connect: 5 s)
    certify: bool = False
    baseline: Path | None = None
    baseline_update: bool = False
    write_budget: int | None = None
    allow_production: bool = False
    profile: str = "reference"
    cleanup: bool = False

    @property
    def reports_dir(self) -> Path:
        return self.report_json.parent

    @property
    def production(self) -> bool:
        return self.remote and (urlsplit(self.base_url or "").hostname or "") in PRODUCTION_HOSTS

    @property
    def remote(self) -> bool:
        return self.base_url is not None

    @property
    def tag(self) -> str:
        return f"contract-{self.run_id}"


def _opt(config: Any, name: str) -> Any:
    return config.getoption(name, default=None)


def _flag(value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    return value.strip().lower() not in ("0", "false", "no", "off")


def resolve_settings(config: Any) -> Settings:
    env = os.environ
    base_url = _opt(config, "--hoko-base-url") or env.get("HOKO_BASE_URL") or None
    keys: dict[str, str | None] = {}
    for var, (option, _dev) in KEY_VARS.items():
        value = _opt(config, option) or env.get(var) or None
        keys[var] = Secret(value) if value else None
    heavy_opt = _opt(config, "--hoko-heavy")
    heavy = _flag(heavy_opt) if heavy_opt is not None else _flag(env.get("HOKO_HEAVY"))
    if heavy is None:
        heavy = base_url is None  # on for the embedded server, off against a remote target
    seed_raw = _opt(config, "--hoko-seed") or env.get("HOKO_SEED")
    seed = int(seed_raw) if seed_raw else secrets.randbelow(2**32)
    faults = list(_opt(config, "--hoko-reference-fault") or [])
    faults += [f for f in env.get("HOKO_REFERENCE_FAULTS", "").replace(",", " ").split() if f]
    shrink = _flag(_opt(config, "--hoko-shrink") or env.get("HOKO_SHRINK"))
    baseline = _opt(config, "--baseline") or env.get("HOKO_BASELINE")
    budget = _opt(config, "--hoko-write-budget") or env.get("HOKO_WRITE_BUDGET")
    # Against a remote target only what Hoko documents fails a run; the embedded server is ours
    # and enforces every decision.
    profile = (
        _opt(config, "--hoko-profile")
        or env.get("HOKO_PROFILE")
        or ("documented" if base_url else "reference")
    )
    cleanup = _flag(_opt(config, "--hoko-cleanup") or env.get("HOKO_CLEANUP"))
    return Settings(
        base_url=base_url.rstrip("/") if base_url else None,
        keys=keys,
        heavy=heavy,
        examples=int(_opt(config, "--hoko-examples") or env.get("HOKO_EXAMPLES") or 25),
        st_examples=int(_opt(config, "--hoko-st-examples") or env.get("HOKO_ST_EXAMPLES") or 30),
        seed=seed,
        run_id=_opt(config, "--hoko-run-id") or env.get("HOKO_RUN_ID") or secrets.token_hex(4),
        faults=faults,
        shrink=True if shrink is None else shrink,
        report_json=Path(
            _opt(config, "--hoko-report-json")
            or env.get("HOKO_REPORT_JSON")
            or "reports/contract-guarantees.json"
        ),
        timeout=float(_opt(config, "--hoko-timeout") or env.get("HOKO_TIMEOUT") or 60),
        certify=bool(_opt(config, "--certify") or _flag(env.get("HOKO_CERTIFY"))),
        baseline=Path(baseline) if baseline else None,
        baseline_update=bool(_opt(config, "--baseline-update")),
        write_budget=int(budget)
        if budget
        else (None if base_url is None else default_budget(heavy)),
        allow_production=bool(_flag(env.get("HOKO_ALLOW_PRODUCTION"))),
        profile=profile,
        cleanup=base_url is not None if cleanup is None else cleanup,
    )


def default_budget(heavy: bool) -> int:
    """The most objects a remote run may create, unless HOKO_WRITE_BUDGET says otherwise: about
    twice what a full run creates (measured on the reference server), so a runaway loop stops."""
    return 300_000 if heavy else 120_000


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_until_serving(proc: subprocess.Popen[bytes], base_url: str, timeout: float = 30.0) -> bool:
    """True once `base_url` answers HTTP; False if the process exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            httpx.get(base_url + "/", timeout=1.0)
            return True
        except httpx.TransportError:
            time.sleep(0.05)
    return False


def stop_process(proc: subprocess.Popen[bytes] | None) -> None:
    """Terminate, then kill if it does not exit within 10 s."""
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


class EmbeddedServer:
    """`python -m hoko_reference` in a subprocess with a fresh SQLite file and the dev keys."""

    def __init__(
        self, faults: list[str], run_id: str, extra_keys: list[dict[str, Any]] | None = None
    ) -> None:
        self.faults = faults
        self.extra_keys = list(extra_keys or [])
        self.tmp = tempfile.TemporaryDirectory(prefix="hoko-contract-")
        self.fast_rl_key = f"hk_contract_rl_{run_id}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.base_url = ""
        self.log_path = Path(self.tmp.name) / "server.log"

    def start(self) -> None:
        seed_file = Path(self.tmp.name) / "seed.json"
        seed = {
            "keys": [
                {
                    "key": self.fast_rl_key,
                    "workspace": "A",
                    "scopes": "all",
                    "rateLimit": FAST_RATE_LIMIT,
                },
                *self.extra_keys,
            ]
        }
        seed_file.write_text(json.dumps(seed), encoding="utf-8")
        last_error = ""
        for _attempt in range(3):  # a port taken between probe and bind: try another
            port = free_port()
            cmd = [
                sys.executable,
                "-m",
                "hoko_reference",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--db",
                str(Path(self.tmp.name) / "hoko.sqlite"),
                "--seed",
                str(seed_file),
                "--log-level",
                "warning",
            ]
            for fault in self.faults:
                cmd += ["--fault", fault]
            log = self.log_path.open("ab")
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
            self.base_url = f"http://127.0.0.1:{port}"
            if self._wait_ready():
                return
            last_error = self.log_path.read_text(errors="replace")[-2000:]
            self.stop()
        raise RuntimeError(f"embedded reference server did not start:\n{last_error}")

    def _wait_ready(self) -> bool:
        assert self.proc is not None
        return wait_until_serving(self.proc, self.base_url)

    def stop(self) -> None:
        stop_process(self.proc)
        self.proc = None

    def cleanup(self) -> None:
        self.stop()
        self.tmp.cleanup()


@dataclass
class Target:
    base_url: str
    keys: dict[str, str | None] = field(repr=False)
    embedded: bool = False
    server: EmbeddedServer | None = None


def start_target(settings: Settings) -> Target:
    if settings.base_url is not None:
        return Target(settings.base_url, dict(settings.keys), embedded=False)
    server = EmbeddedServer(settings.faults, settings.run_id)
    server.start()
    keys: dict[str, str | None] = {
        var: settings.keys[var] or Secret(dev) for var, (_o, dev) in KEY_VARS.items()
    }
    if settings.keys["HOKO_API_KEY_RATE_LIMITED"] is None:
        keys["HOKO_API_KEY_RATE_LIMITED"] = Secret(server.fast_rl_key)
    return Target(server.base_url, keys, embedded=True, server=server)
