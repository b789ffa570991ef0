"""The garbage collector of a serving node (issue 10).

CPython's full collection scans every object the collector tracks. With 1,500 connections (some
200,000 tracked objects) one took 80-170 ms on a busy 2-core node, and it ran when the old
generation had grown by a quarter since the last one: exactly while connections arrive and
interviews start, the moments the p99 delivery and the interviewer's first delta are measured at.
Seen from the collector's own callbacks (`gc.callbacks`, `gc.DEBUG_SAVEALL`), a serving node makes
next to no cyclic garbage: the cycles found came from closed connections (aiohttp's reset error
holds its traceback). So, in the serving process only (`python -m interview_sim`; tests leave the
collector alone):

- the start-up heap (modules, settings, the question bank) is frozen: never scanned again;
- young collections (generations 0 and 1) run as before, so short-lived cycles go as they did;
- full collections run every `gc_full_every_s` (a known, bounded pause, timed in `/metrics` as
  `interview_sim_gc_full_seconds`) instead of whenever the heap grew.

With the default collector the benchmark's 1,500-connection run showed p99 delivery 155-240 ms and
interviewer greetings at p99 590-830 ms; with full collections off during the run, 77-90 ms and
370-440 ms (docs/BENCHMARKS.md)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)
_NEVER = 1 << 30  # generation-1 collections before an automatic full one: never, in practice


class HeapPolicy:
    """`start()` once the app has started (what it loaded stays), `stop()` at shutdown."""

    def __init__(self, full_every_s: float, on_full: Callable[[float], None] | None = None) -> None:
        self.full_every_s, self.on_full = full_every_s, on_full
        self._thresholds = gc.get_threshold()
        self._task: asyncio.Task[None] | None = None

    @property
    def active(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        if self.full_every_s <= 0 or self._task is not None:
            return  # 0: CPython's own schedule
        gc.collect()
        gc.freeze()
        young, older, _ = self._thresholds
        gc.set_threshold(young, older, _NEVER)
        self._task = asyncio.get_running_loop().create_task(self._full_collections())

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        gc.set_threshold(*self._thresholds)
        gc.unfreeze()

    def collect_full(self) -> int:
        """One full collection, timed; returns how many objects it freed."""
        started = time.perf_counter()
        freed = gc.collect()
        took = time.perf_counter() - started
        if self.on_full is not None:
            self.on_full(took)
        log.debug("full collection: %d objects freed in %.1f ms", freed, took * 1000)
        return freed

    async def _full_collections(self) -> None:
        while True:
            await asyncio.sleep(self.full_every_s)
            self.collect_full()
