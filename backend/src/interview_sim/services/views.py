"""Builds the domain's `SessionView` from the session row and its log, kept per node and topped up
incrementally (only events after the cached seq are read)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from interview_sim.domain.model import LogEvent, Question, SessionView
from interview_sim.domain.states import time_budget_s
from interview_sim.protocol import State
from interview_sim.services.errors import NotFound
from interview_sim.services.ports import Clock, EventLog
from interview_sim.storage.models import SessionRow
from interview_sim.storage.questions import QuestionStore


@dataclass
class _Cached:
    events: list[LogEvent] = field(default_factory=list)

    @property
    def last_seq(self) -> int:
        return self.events[-1].seq if self.events else 0


class ViewCache:
    """Keeps the logs of the `capacity` most recently used sessions (a running interview is used
    every few seconds; an abandoned one falls out)."""

    def __init__(self, log: EventLog, questions: QuestionStore, clock: Clock, capacity: int = 512) -> None:
        self.log, self.questions, self.clock = log, questions, clock
        self.capacity = capacity
        self._cache: OrderedDict[str, _Cached] = OrderedDict()

    async def events(self, session_id: str) -> list[LogEvent]:
        """The whole log, reading from the database only what this node has not seen yet."""
        cached = self._cache.setdefault(session_id, _Cached())
        self._cache.move_to_end(session_id)
        while len(self._cache) > self.capacity:
            self._cache.popitem(last=False)
        fresh = await self.log.after(session_id, cached.last_seq)
        cached.events.extend(e for e in fresh if e.seq > cached.last_seq)
        return cached.events

    async def view(self, session_id: str) -> SessionView:
        row = await SessionRow.get_or_none(id=session_id)
        if row is None:
            raise NotFound("no such session")
        question = await self.question(row.question_id)  # type: ignore[attr-defined]
        events = await self.events(session_id)
        return SessionView(
            session_id=session_id,
            question=question,
            company_mode=row.company_mode,
            difficulty=row.difficulty,
            language=row.language,
            state=State(row.state),
            events=tuple(events),
            now_ms=self.clock.now_ms(),
            started_at_ms=int(row.started_at.timestamp() * 1000) if row.started_at else None,
            time_budget_s=time_budget_s(row.difficulty),
            candidate_name=row.candidate_name,
        )

    async def question(self, question_id: str) -> Question:
        q = await self.questions.get(question_id)
        if q is None:
            raise NotFound(f"question {question_id} is gone")
        return q

    def forget(self, session_id: str) -> None:
        self._cache.pop(session_id, None)
