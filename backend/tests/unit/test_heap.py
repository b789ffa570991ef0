"""The serving process's collector policy (heap.py): the start-up heap frozen, no automatic full
collection, full ones on the timer and timed, everything as it was after `stop()`."""

from __future__ import annotations

import asyncio
import gc

from interview_sim.heap import HeapPolicy


class _Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_full_collections_run_on_the_timer_only() -> None:
    before = gc.get_threshold()
    took: list[float] = []
    heap = HeapPolicy(0.05, took.append)
    heap.start()
    try:
        assert heap.active and gc.get_freeze_count() > 0
        young, older, full = gc.get_threshold()
        assert (young, older) == before[:2] and full > 1_000_000  # never automatic
        _Cycle()  # cyclic garbage: only a collection frees it
        await asyncio.sleep(0.3)
        assert took and all(t >= 0 for t in took)
        _Cycle()
        assert heap.collect_full() >= 1  # the cycle's object and its __dict__
    finally:
        await heap.stop()
    assert not heap.active and gc.get_threshold() == before and gc.get_freeze_count() == 0


async def test_zero_keeps_pythons_schedule() -> None:
    before = gc.get_threshold()
    heap = HeapPolicy(0)
    heap.start()
    assert not heap.active and gc.get_threshold() == before and gc.get_freeze_count() == 0
    await heap.stop()
