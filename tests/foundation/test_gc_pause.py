"""`gc_paused` (D39): what a big pause built goes to the oldest generation on the way out, so the
young collection due next does not walk it; small pauses, a collector someone else froze or
tuned off, and the cycles among what was built are left to the collector as usual."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from hoko_client import types
from hoko_client.types import gc_paused

pytestmark = pytest.mark.skipif(
    not types._CAN_PROMOTE, reason="this interpreter cannot promote without walking the heap"
)

BIG = 50_000  # containers: far more than _PROMOTE_AFTER young collections' worth
OLDEST = 2


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


@pytest.fixture(autouse=True)
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An enabled collector whose older generations are never collected on their own, so an
    object reaches the oldest generation only by being promoted."""
    was, thresholds = gc.isenabled(), gc.get_threshold()
    monkeypatch.setattr(types, "_promote", [True])
    gc.collect()
    gc.set_threshold(700, 1_000_000, 1_000_000)
    gc.enable()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        (gc.enable if was else gc.disable)()


def _generation(obj: object) -> int | None:
    for gen in range(OLDEST + 1):
        if any(o is obj for o in gc.get_objects(generation=gen)):
            return gen
    return None


def _build(n: int) -> list[list[int]]:
    with gc_paused():
        return [[i] for i in range(n)]


def test_what_a_big_pause_built_ends_in_the_oldest_generation() -> None:
    built = _build(BIG)
    [[0] for _ in range(1_000)]  # allocations that would trigger the young collection now
    assert _generation(built[0]) == OLDEST and _generation(built[-1]) == OLDEST
    assert gc.isenabled()


def test_without_the_promotion_the_young_collection_would_keep_them_young() -> None:
    # The control: the fixture's thresholds do not move young objects to the oldest generation.
    types._promote[0] = False
    built = _build(BIG)
    [[0] for _ in range(1_000)]
    assert _generation(built[0]) != OLDEST


def test_a_small_pause_leaves_its_objects_young() -> None:
    built = _build(10)
    assert _generation(built[0]) == 0


def test_objects_someone_froze_stay_frozen_and_promoting_stops() -> None:
    frozen = [[0]]
    gc.freeze()
    try:
        count = gc.get_freeze_count()
        built = _build(BIG)
        assert gc.get_freeze_count() == count  # nothing was unfrozen
        assert _generation(built[0]) != OLDEST
        assert types._promote[0] is False  # and no later pause tries again
        assert _generation(frozen[0]) is None  # still in the permanent generation
    finally:
        gc.unfreeze()


def test_no_promotion_when_the_automatic_collector_is_tuned_off() -> None:
    gc.set_threshold(0)
    built = _build(BIG)
    assert _generation(built[0]) == 0


def test_a_cycle_built_in_a_big_pause_is_still_freed() -> None:
    with gc_paused():
        bulk = [[i] for i in range(BIG)]
        node = Node()
    ref = weakref.ref(node)
    del node
    assert _generation(bulk[0]) == OLDEST
    assert ref() is not None  # only the cyclic collector can free it
    gc.collect()
    assert ref() is None
