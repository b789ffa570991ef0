"""Interviewer deltas grouped into phrases: the first goes out at once (the page shows the
interviewer started), then at most one every `interval_s`, or sooner at a clause boundary. A word
per frame to every socket of the room was the largest cost of a speaking interviewer (issue 10); the
page and read-aloud want phrases anyway."""

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
        if self.on_clause and delta.rstrip()[-1:] in CLAUSE_ENDS:
            return True
        return self.now() - self._last_flush >= self.interval_s
