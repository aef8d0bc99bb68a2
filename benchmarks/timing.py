"""Repeated, interleaved sampling so machine noise hits every variant alike."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping


def interleaved(
    variants: Mapping[str, Callable[[], object]],
    *,
    runs: int,
    warmup: int = 1,
    budget_s: float | None = None,
) -> dict[str, list[float]]:
    """Run A B C A B C ... and return each variant's samples in milliseconds.

    Stops early (but after at least one timed round) once `budget_s` is spent.
    """
    for _ in range(warmup):
        for fn in variants.values():
            fn()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    start = time.perf_counter()
    for _ in range(runs):
        for name, fn in variants.items():
            t0 = time.perf_counter()
            fn()
            samples[name].append((time.perf_counter() - t0) * 1000.0)
        if budget_s is not None and time.perf_counter() - start > budget_s:
            break
    return samples
