"""Deadlines of one LLM call, enforced with `asyncio.timeout` around single awaits.

Never across a `yield`: the consumer's own work between deltas is not timed against the stream.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from interview_sim.llm.base import LLMTimeout, LLMTimeouts

T = TypeVar("T")


class Deadline:
    """The call's total deadline (it spans retries)."""

    def __init__(self, total: float) -> None:
        self._loop = asyncio.get_running_loop()
        self._at = self._loop.time() + total

    def remaining(self) -> float:
        return max(0.0, self._at - self._loop.time())


class Watch:
    """Deadlines of one attempt: the first token is due `first_token` seconds after the request starts
    (keep-alive comments do not move it); afterwards each text delta is due `idle` seconds after the
    previous one. `wait()` is the timeout of the next read and the name of the limit it enforces."""

    def __init__(self, timeouts: LLMTimeouts, deadline: Deadline) -> None:
        self._loop = asyncio.get_running_loop()
        self._timeouts = timeouts
        self._deadline = deadline
        self._due = self._loop.time() + timeouts.first_token
        self._phase = "first token"

    def on_text(self) -> None:
        self._due = self._loop.time() + self._timeouts.idle
        self._phase = "idle"

    def wait(self) -> tuple[float, str]:
        left = max(0.0, self._due - self._loop.time())
        total = self._deadline.remaining()
        return (total, "total") if total < left else (left, self._phase)


async def timed(awaitable: Awaitable[T], watch: Watch) -> T:
    """Await under the watch's current limit; its expiry raises `LLMTimeout` naming the limit."""
    seconds, limit = watch.wait()
    try:
        async with asyncio.timeout(seconds):
            return await awaitable
    except TimeoutError as exc:
        raise LLMTimeout(f"LLM {limit} timeout") from exc
