"""The coach: rule-based nudges evaluated over the log after candidate events and on a tick."""

from __future__ import annotations

import logging
from dataclasses import asdict

from interview_sim.domain import coach
from interview_sim.domain.model import SessionView
from interview_sim.protocol import EventType
from interview_sim.services.envelopes import Recorder
from interview_sim.services.ports import SessionClosed
from interview_sim.services.views import ViewCache

log = logging.getLogger(__name__)


class CoachService:
    def __init__(
        self, recorder: Recorder, views: ViewCache, settings: coach.CoachSettings | None = None
    ) -> None:
        self.recorder, self.views = recorder, views
        self.settings = settings or coach.CoachSettings()

    async def evaluate(self, session_id: str, view: SessionView | None = None) -> int:
        """Log and send the nudges due now; the nudge id doubles as the log's client id, so two nodes
        evaluating the same log never send the same nudge twice. Returns how many were sent."""
        view = view or await self.views.view(session_id)
        sent = 0
        for nudge in coach.evaluate(view, settings=self.settings):
            try:
                appended = await self.recorder.record(
                    session_id, EventType.COACH_NUDGE, asdict(nudge), client_id=f"srv:coach:{nudge.id}"
                )
            except SessionClosed:
                return sent
            sent += not appended.duplicate
        return sent
