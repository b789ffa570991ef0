"""Idle expiry: a session with no client message for the idle timeout is ended by the server, with
its report, as `POST /end` would; the same sweep prunes the view cache. Every node sweeps; ending
is idempotent, so two nodes ending the same session agree."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from interview_sim.services.ports import Clock
from interview_sim.services.views import ViewCache
from interview_sim.storage.sessions import SessionStore

log = logging.getLogger(__name__)
Ender = Callable[[str, str], Coroutine[Any, Any, Any]]


class IdleSweeper:
    def __init__(
        self,
        store: SessionStore,
        end: Ender,
        views: ViewCache,
        clock: Clock,
        *,
        idle_s: float,
        period_s: float,
    ) -> None:
        self.store, self.end, self.views, self.clock = store, end, views, clock
        self.idle_s, self.period_s = idle_s, period_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.period_s)
            try:
                await self.sweep()
            except Exception:
                log.exception("idle sweep failed")

    async def sweep(self) -> list[str]:
        """End the idle sessions (with their reports) and prune the cache; returns the ended ids."""
        cutoff_ms = self.clock.now_ms() - int(self.idle_s * 1000)
        ended = await self.store.idle(cutoff_ms)
        reason = f"no message for {_duration(self.idle_s)}: the server ended the interview"
        for session_id in ended:
            log.info("session %s idle: ending it", session_id)
            await self.end(session_id, reason)
        self.views.prune(max(self.idle_s, 600.0))
        return ended


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 120 else f"{seconds:g} s"
