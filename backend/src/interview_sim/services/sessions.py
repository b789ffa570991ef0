"""Session use cases: create, authorise a token, read, end (with the report), the log page."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from interview_sim.domain import scoring, submits
from interview_sim.domain.model import SessionView
from interview_sim.domain.prompts import summary_messages
from interview_sim.domain.states import time_budget_s
from interview_sim.llm import ChatMessage, LLMError, LLMProvider, ScriptedProvider
from interview_sim.protocol import (
    CompanyMode,
    Difficulty,
    EventPage,
    EventType,
    Language,
    LoggedEvent,
    ObserverJoined,
    Report,
    Role,
    SessionCreate,
    SessionCreated,
    SessionPublic,
    State,
)
from interview_sim.questions.bank import to_public
from interview_sim.services.envelopes import Recorder
from interview_sim.services.errors import Conflict, Invalid, NotFound, TooMany, Unauthorized
from interview_sim.services.ports import SessionClosed
from interview_sim.services.views import ViewCache
from interview_sim.storage.models import SessionRow
from interview_sim.storage.questions import QuestionStore
from interview_sim.storage.sessions import SessionStore

log = logging.getLogger(__name__)


def feedback_notes(view: SessionView) -> list[dict[str, Any]]:
    """Observer notes marked as feedback for the candidate (private notes never leave observers)."""
    notes = view.of_type(EventType.OBSERVER_NOTE)
    return [
        {"text": n.payload["text"], "ts_ms": n.ts_ms}
        for n in notes
        if n.payload.get("visibility") == "feedback"
    ]


def _iso(dt: Any) -> str | None:
    return dt.isoformat() if dt is not None else None


class SessionService:
    def __init__(
        self,
        store: SessionStore,
        questions: QuestionStore,
        views: ViewCache,
        recorder: Recorder,
        llm: LLMProvider,
    ) -> None:
        self.store, self.questions, self.views, self.recorder, self.llm = (
            store,
            questions,
            views,
            recorder,
            llm,
        )
        self.on_end: list[Any] = []
        self.max_observers = 50  # observer tokens minted per session (each join of the invite link)
        self._building: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.before_end: list[Any] = []  # awaited before ENDED is logged (a verdict still coming)
        self.judge_details: Any = None  # async (session_id) -> {verdict seq: failures}, after the end

    async def create(self, body: SessionCreate) -> SessionCreated:
        """A new session on the requested question, or a random one of that mode and difficulty."""
        if body.question_id:
            question = await self.questions.get(body.question_id)
            if question is None:
                raise NotFound(f"no question {body.question_id!r}")
        else:
            question = await self.questions.pick(body.company_mode, body.difficulty)
            if question is None:
                raise NotFound("no question for that company mode and difficulty")
        new = await self.store.create(
            question_id=question.id,
            company_mode=body.company_mode.value,
            difficulty=body.difficulty.value,
            language=body.language.value,
            candidate_name=body.candidate_name,
        )
        return SessionCreated(
            session_id=str(new.row.id),
            candidate_token=new.candidate_token,
            observer_invite=new.observer_invite,
            state=State(new.row.state),
            question=to_public(question),
        )

    async def authorize(self, session_id: str, token: str | None) -> tuple[SessionRow, Role]:
        row = await self.store.get(session_id)
        if row is None:
            raise NotFound("no such session")
        role = await self.store.role_for(row, token) if token else None
        if role is None:
            raise Unauthorized("bad or missing token")
        return row, role

    async def admit(self, session_id: str, token: str | None) -> tuple[str, str, Role]:
        """A socket's connect, in one query: the session's id (as stored), its state and the
        token's role; the same refusals as `authorize`."""
        access = await self.store.access(session_id, token or "")  # "": no token's hash matches
        if access is None:
            raise NotFound("no such session")
        if access.role is None:
            raise Unauthorized("bad or missing token")
        return access.session_id, access.state, access.role

    async def join_observer(self, session_id: str, invite: str) -> ObserverJoined:
        """Trade the session's observer invite for an observer token of one's own."""
        row = await self.store.get(session_id)
        if row is None:
            raise NotFound("no such session")
        if not self.store.invite_matches(row, invite):
            raise Unauthorized("this observer invite is not valid for the session")
        token = await self.store.add_observer(row, self.max_observers)
        if token is None:
            raise TooMany(f"this session has its {self.max_observers} observers already")
        return ObserverJoined(session_id=str(row.id), observer_token=token)

    async def public(self, row: SessionRow, role: Role) -> SessionPublic:
        question = await self.views.question(row.question_id)  # type: ignore[attr-defined]
        return SessionPublic(
            session_id=str(row.id),
            state=State(row.state),
            role=role,
            company_mode=CompanyMode(row.company_mode),
            difficulty=Difficulty(row.difficulty),
            language=Language(row.language),
            candidate_name=row.candidate_name,
            question=to_public(question),
            created_at=_iso(row.created_at) or "",
            started_at=_iso(row.started_at),
            ended_at=_iso(row.ended_at),
            time_budget_s=time_budget_s(row.difficulty),
            last_seq=row.last_seq,
        )

    async def events(self, session_id: str, role: Role, after_seq: int, limit: int) -> EventPage:
        if after_seq < 0 or not 1 <= limit <= 1000:
            raise Invalid("after_seq must be >= 0 and limit between 1 and 1000")
        events = await self.recorder.log.after(session_id, after_seq, limit + 1)
        page = events[:limit]
        row = await self.store.get(session_id)
        items = [
            LoggedEvent(
                seq=e.seq,
                type=e.type,
                ts_ms=e.ts_ms,
                session_id=session_id,
                payload={}
                if role == Role.CANDIDATE and e.type == EventType.OBSERVER_NOTE
                else dict(e.payload),
            )
            for e in page
        ]
        return EventPage(
            session_id=session_id,
            events=items,
            last_seq=row.last_seq if row else 0,
            has_more=len(events) > limit,
        )

    async def end(self, session_id: str, reason: str = "candidate ended the interview") -> dict[str, Any]:
        """End the interview (idempotent) and return its report, building it once."""
        row = await self.store.get(session_id)
        if row is None:
            raise NotFound("no such session")
        if row.state != State.ENDED:
            for wait in self.before_end:
                await wait(session_id)
            payload = {"from": row.state, "to": State.ENDED.value, "reason": reason}
            try:
                await self.recorder.record(
                    session_id, EventType.STATE_CHANGE, payload, new_state=State.ENDED.value
                )
            except SessionClosed:
                pass  # ended meanwhile by another request or node
            await self.store.mark_ended(session_id)
            for hook in self.on_end:
                await hook(session_id)
        return await self.report(session_id, build=True)

    async def report(self, session_id: str, *, build: bool = False) -> dict[str, Any]:
        row = await self.store.get(session_id)
        if row is None:
            raise NotFound("no such session")
        if row.state != State.ENDED:
            raise Conflict("the interview is still running: the report comes when it ends")
        if row.report is not None:
            return dict(row.report)
        # One build (and one model summary) per session however many requests arrive together.
        building = self._building.get(session_id)
        if building is None:
            building = self._building[session_id] = asyncio.ensure_future(self._build_report(session_id))
            building.add_done_callback(lambda _: self._building.pop(session_id, None))
        return dict(await asyncio.shield(building))

    async def _build_report(self, session_id: str) -> dict[str, Any]:
        row = await self.store.get(session_id)
        if row is not None and row.report is not None:  # built by a request that just finished
            return dict(row.report)
        view = await self.views.view(session_id)
        report = scoring.build_report(view)
        summary = await self._model_summary(report)
        if summary:
            report = scoring.build_report(view, summary=summary)
        report["observer_feedback"] = feedback_notes(view)
        report |= await self._after_the_end(view)
        report = Report.model_validate(report).model_dump(mode="json")
        await self.store.save_report(session_id, report)
        self.views.forget(session_id)
        return report

    async def _after_the_end(self, view: SessionView) -> dict[str, Any]:
        """What the report may show once the interview is over: the failing hidden tests of the
        scored (last) submit, and the question's intended approach and complexity."""
        q = view.question
        optimal = {"approach": q.approach, "time": q.complexity.time, "space": q.complexity.space}
        verdicts = submits.verdicts(view)
        if not verdicts or self.judge_details is None:
            return {"optimal": optimal, "hidden_failures": []}
        details = await self.judge_details(view.session_id)
        return {
            "optimal": optimal | {"notes": q.complexity.notes},
            "hidden_failures": details.get(verdicts[-1].seq, []),
        }

    async def _model_summary(self, report: dict[str, Any]) -> str | None:
        if isinstance(self.llm, ScriptedProvider):
            return None
        messages = [ChatMessage(m.role, m.content) for m in summary_messages(report)]
        try:
            async with asyncio.timeout(30):
                text = "".join([d async for d in self.llm.stream(messages, max_tokens=300)])
        except (LLMError, TimeoutError) as exc:
            log.warning("model summary failed (%s): the deterministic one stands", exc)
            return None
        return text.strip() or None
