"""The periodic tick: coach rules that depend on time passing (silence, pacing) and the
interviewer's time checks, for the sessions whose candidate is connected to this node."""

from __future__ import annotations

import asyncio
import logging

from interview_sim.protocol import State
from interview_sim.services.coaching import CoachService
from interview_sim.services.interviewer import InterviewerService
from interview_sim.services.realtime import RealtimeService
from interview_sim.services.views import ViewCache

log = logging.getLogger(__name__)


class Ticker:
    def __init__(
        self,
        realtime: RealtimeService,
        views: ViewCache,
        interviewer: InterviewerService,
        coach: CoachService,
        period_s: float,
    ) -> None:
        self.realtime, self.views, self.interviewer, self.coach = realtime, views, interviewer, coach
        self.period_s = period_s
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
            for session_id in list(self.realtime.candidates_here):
                try:
                    await self.tick(session_id)
                except Exception:
                    log.exception("tick failed for %s", session_id)

    async def tick(self, session_id: str) -> None:
        view = await self.views.view(session_id)
        if view.started_at_ms is None or view.state == State.ENDED:
            return
        await self.coach.evaluate(session_id, view)
        await self.interviewer.time_check(view)
        await self.coach.ai_tip(view)
