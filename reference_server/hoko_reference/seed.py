"""Workspaces, plans and API keys: the fixed dev keys plus anything from a seed file."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .spec import load_spec

ALL_SCOPES: tuple[str, ...] = (
    "linksRead",
    "linksWrite",
    "collectionsRead",
    "collectionsWrite",
    "partnersRead",
    "partnersWrite",
)

# High enough that test suites never trip it, but still a real limit with real headers.
DEFAULT_RATE_LIMIT = (100_000, 60)


@dataclass(frozen=True)
class Plan:
    """A workspace's plan: its batch cap (D7) and the plan features it includes (D8)."""

    name: str
    max_items: int
    # None = every plan feature named in the spec
    features: frozenset[str] | None

    def has(self, feature: str) -> bool:
        return self.features is None or feature in self.features


def plans() -> dict[str, Plan]:
    """The plans the spec's `x-plans` describes."""
    return {p.name: Plan(p.name, p.max_items, p.features) for p in load_spec().plans.values()}


@dataclass(frozen=True)
class Workspace:
    id: str
    plan: Plan


@dataclass(frozen=True)
class ApiKey:
    key: str
    workspace: Workspace
    scopes: frozenset[str]
    rate_requests: int
    rate_window_seconds: int

    def __repr__(self) -> str:  # never leak the key into logs or tracebacks
        return f"ApiKey(workspace={self.workspace.id!r}, key=***)"


DEV_SEED: dict[str, Any] = {
    "workspaces": [
        {"id": "A", "plan": "pro"},
        {"id": "B", "plan": "pro"},
        {"id": "C", "plan": "basic"},
    ],
    "keys": [
        {"key": "hk_test_full_a", "workspace": "A", "scopes": "all"},
        {
            "key": "hk_test_readonly_a",
            "workspace": "A",
            "scopes": ["linksRead", "collectionsRead", "partnersRead"],
        },
        {"key": "hk_test_full_b", "workspace": "B", "scopes": "all"},
        {
            "key": "hk_test_ratelimited_a",
            "workspace": "A",
            "scopes": "all",
            "rateLimit": {"requests": 5, "windowSeconds": 10},
        },
        {"key": "hk_test_basic_c", "workspace": "C", "scopes": "all"},
    ],
}


@dataclass
class Registry:
    workspaces: dict[str, Workspace]
    keys: dict[str, ApiKey]

    def apply(self, seed: Mapping[str, Any]) -> None:
        """Adds (or replaces) the workspaces and keys of one seed document."""
        if not isinstance(seed, Mapping):
            raise ValueError("seed must be an object with 'workspaces' and 'keys'")
        unknown = set(seed) - {"workspaces", "keys"}
        if unknown:
            raise ValueError(f"unknown seed sections: {sorted(unknown)}")
        known_plans = plans()
        for ws in seed.get("workspaces", []):
            plan_name = ws.get("plan", "pro")
            if plan_name not in known_plans:
                raise ValueError(f"unknown plan {plan_name!r}; use one of {sorted(known_plans)}")
            ws_id = ws.get("id")
            if not isinstance(ws_id, str) or not ws_id:
                raise ValueError("every workspace needs a non-empty string 'id'")
            self.workspaces[ws_id] = Workspace(ws_id, known_plans[plan_name])
        for entry in seed.get("keys", []):
            key = entry.get("key")
            if not isinstance(key, str) or not key:
                raise ValueError("every key needs a non-empty string 'key'")
            ws_id = entry.get("workspace")
            if ws_id not in self.workspaces:
                raise ValueError(f"key refers to unknown workspace {ws_id!r}")
            scopes_raw = entry.get("scopes", "all")
            if scopes_raw == "all":
                scopes = frozenset(ALL_SCOPES)
            elif isinstance(scopes_raw, list) and all(isinstance(s, str) for s in scopes_raw):
                scopes = frozenset(scopes_raw)
            else:
                raise ValueError("'scopes' must be \"all\" or a list of scope names")
            limit = entry.get("rateLimit") or {}
            requests = int(limit.get("requests", DEFAULT_RATE_LIMIT[0]))
            window = int(limit.get("windowSeconds", DEFAULT_RATE_LIMIT[1]))
            if requests < 0 or window < 1:
                raise ValueError("rateLimit needs requests >= 0 and windowSeconds >= 1")
            self.keys[key] = ApiKey(key, self.workspaces[ws_id], scopes, requests, window)


def build_registry(extra: Mapping[str, Any] | None = None) -> Registry:
    registry = Registry({}, {})
    registry.apply(DEV_SEED)
    if extra is not None:
        registry.apply(extra)
    return registry


def load_seed_file(path: str | Path) -> dict[str, Any]:
    """Reads a JSON or TOML seed file (chosen by extension; JSON is tried first otherwise)."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    if p.suffix.lower() == ".toml":
        return tomllib.loads(text)
    if p.suffix.lower() == ".json":
        data = json.loads(text)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return tomllib.loads(text)
    if not isinstance(data, dict):
        raise ValueError("seed file must hold an object")
    return data
