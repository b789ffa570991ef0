"""Interviewer deltas grouped into phrases: the first goes out at once (the page shows the
interviewer started), then one every `interval_s`, or sooner at a clause boundary but never sooner
than half the interval after the last. A word per frame to every socket of the room was the largest
cost of a speaking interviewer (issue 10); the page and read-aloud want phrases anyway (read-aloud
takes whole sentences from the text so far, whatever the phrases).

Why the half interval: a greeting has a comma every two or three words ("Hi Sam, I'm Alex, and
today..."), so flushing at every clause end sent about twice the phrases of the interval alone. With
300 greetings at once that was most of the node's first second: the snapshots sent meanwhile were
delivered at p50 24-66 ms against 2 ms with the rule (issue 10, fifth round in docs/BENCHMARKS.md)."""

from __future__ import annotations

import time
from collections.abc import Callable

from interview_sim.llm.scripted import CLAUSE_ENDS


class DeltaCoalescer:
    """Buffers deltas; `add` returns the text to send now (or None), `drain` what is left. Every
    delta is in exactly one returned chunk, in order, so the chunks join to the whole text."""

    def __init__(
        self, interval_s: float, *, on_clause: bool = True, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.interval_s, self.on_clause, self.now = interval_s, on_clause, now
        self._buffer: list[str] = []
        self._last_flush: float | None = None

    def add(self, delta: str) -> str | None:
        self._buffer.append(delta)
        if self._due(delta):
            return self.drain()
        return None

    def drain(self) -> str | None:
        if not self._buffer:
            return None
        text = "".join(self._buffer)
        self._buffer.clear()
        self._last_flush = self.now()
        return text

    @property
    def pending(self) -> bool:
        return bool(self._buffer)

    def _due(self, delta: str) -> bool:
        if self._last_flush is None or self.interval_s <= 0:
            return True
        elapsed = self.now() - self._last_flush
        if elapsed >= self.interval_s:
            return True
        return self.on_clause and elapsed >= self.interval_s / 2 and delta.rstrip()[-1:] in CLAUSE_ENDS
