"""The coach: rule-based nudges evaluated over the log after candidate events and on a tick."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict

from interview_sim.domain import coach
from interview_sim.domain.model import SessionView
from interview_sim.domain.prompts import coach_tip_messages
from interview_sim.llm import ChatMessage, LLMError, LLMProvider, ScriptedProvider
from interview_sim.protocol import EventType
from interview_sim.services.envelopes import Recorder
from interview_sim.services.model_budget import ModelBudget
from interview_sim.services.ports import SessionClosed
from interview_sim.services.tasks import TaskGroup
from interview_sim.services.views import ViewCache

log = logging.getLogger(__name__)


class CoachService:
    budget: ModelBudget | None = None  # shared with the interviewer: model calls per session

    def __init__(
        self,
        recorder: Recorder,
        views: ViewCache,
        llm: LLMProvider | None = None,
        settings: coach.CoachSettings | None = None,
    ) -> None:
        self.recorder, self.views = recorder, views
        self.llm = None if isinstance(llm, ScriptedProvider) else llm
        self.settings = settings or coach.CoachSettings()
        self.tasks = TaskGroup("coach")
        self._due: set[str] = set()  # sessions with an evaluation spawned and not started yet

    def evaluate_soon(self, session_id: str) -> None:
        """Evaluate in a task of its own, after the message that called for it is answered: a
        candidate's messages are handled one after the other, and the evaluation (a read of the
        log, maybe a nudge to log) held up their next code snapshot behind each final (issue 10).
        Several calls before it starts make one evaluation."""
        if session_id not in self._due:
            self._due.add(session_id)
            self.tasks.spawn(self._evaluate_due(session_id))

    async def _evaluate_due(self, session_id: str) -> None:
        self._due.discard(session_id)
        await self.evaluate(session_id)

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

    async def ai_tip(self, view: SessionView) -> bool:
        """With a model configured: one short model-written tip per period (rate limited by
        `ai_tip_due`); a failing model costs nothing but a log line."""
        tip_id = coach.ai_tip_due(view, self.settings) if self.llm is not None else None
        if self.llm is None or tip_id is None:
            return False
        if self.budget is not None and not self.budget.take(view.session_id):
            return False
        messages = [ChatMessage(m.role, m.content) for m in coach_tip_messages(view)]
        try:
            async with asyncio.timeout(20):
                text = "".join([d async for d in self.llm.stream(messages, max_tokens=80)]).strip()
        except (LLMError, TimeoutError) as exc:
            log.info("coach tip skipped for %s: %s", view.session_id, exc)
            return False
        if not text:
            return False
        nudge = {"id": tip_id, "category": "ai_tip", "severity": "info", "text": text[:400]}
        try:
            appended = await self.recorder.record(
                view.session_id, EventType.COACH_NUDGE, nudge, client_id=f"srv:coach:{tip_id}"
            )
        except SessionClosed:
            return False
        return not appended.duplicate
