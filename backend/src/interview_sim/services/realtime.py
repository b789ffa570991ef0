"""Realtime use cases, one per client envelope type. Each logs what must be logged (seq first),
relays it to the room, and hands it to the interviewer and the coach."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from interview_sim.domain import view as fold
from interview_sim.domain.model import SessionView
from interview_sim.domain.states import can_move
from interview_sim.protocol import (
    Ack,
    ClientReady,
    CodeSnapshot,
    EventType,
    ObserverNote,
    Role,
    RunResult,
    SessionSnapshot,
    State,
    StateChangeRequest,
    TranscriptFinal,
    TranscriptPartial,
)
from interview_sim.questions.bank import to_public
from interview_sim.services.coaching import CoachService
from interview_sim.services.envelopes import Recorder, envelope, from_log
from interview_sim.services.errors import Conflict, Forbidden, OverBudget, TooMany
from interview_sim.services.interviewer import InterviewerService
from interview_sim.services.judging import JudgingService
from interview_sim.services.ports import BudgetExceeded, LogBudget, SessionClosed, StateConflict
from interview_sim.services.sessions import SessionService
from interview_sim.services.views import ViewCache


@dataclass(frozen=True)
class Conn:
    sid: str
    session_id: str
    role: Role


def ok(seq: int | None = None, duplicate: bool = False) -> dict[str, Any]:
    return Ack(ok=True, seq=seq, duplicate=duplicate).model_dump(exclude_none=True)


class RealtimeService:
    def __init__(
        self,
        recorder: Recorder,
        views: ViewCache,
        sessions: SessionService,
        interviewer: InterviewerService,
        coach: CoachService,
        judging: JudgingService,
        *,
        budget: LogBudget | None = None,
        replay_interval_s: float = 3.0,
        replay_page: int = 200,
    ) -> None:
        self.recorder, self.views, self.sessions = recorder, views, sessions
        self.interviewer, self.coach, self.judging = interviewer, coach, judging
        self.budget, self.replay_interval_s, self.replay_page = budget, replay_interval_s, replay_page
        self.candidates_here: Counter[str] = Counter()  # sessions with a candidate on this node
        self._full_replays: dict[str, float] = {}  # sid -> when it last got a snapshot or long replay

    def connected(self, conn: Conn) -> None:
        if conn.role == Role.CANDIDATE:
            self.candidates_here[conn.session_id] += 1

    def disconnected(self, conn: Conn) -> None:
        self._full_replays.pop(conn.sid, None)
        if conn.role == Role.CANDIDATE:
            self.candidates_here[conn.session_id] -= 1
            if self.candidates_here[conn.session_id] <= 0:
                del self.candidates_here[conn.session_id]

    async def client_ready(self, conn: Conn, body: ClientReady) -> dict[str, Any]:
        """Snapshot or replay to this client; the first candidate ready starts the interview."""
        if conn.role == Role.CANDIDATE:
            view, started_here = await self.views.start(conn.session_id)
            if started_here:
                self.interviewer.start(conn.session_id, view)
            self.judging.resume(view)  # a submit whose node died before its verdict was logged
        else:
            view = await self.views.view(conn.session_id)
        redact = conn.role == Role.CANDIDATE
        self._limit_full_replays(conn, view, body.last_seq)
        if body.last_seq is None:
            snap = self.snapshot(view, conn.role)
            await self.recorder.publisher.send(
                conn.sid, envelope(EventType.SESSION_SNAPSHOT, conn.session_id, snap, ts_ms=view.now_ms)
            )
        else:
            last = view.events[-1].seq if view.events else 0
            # From the database (the cache drops superseded code); nothing to read when up to date.
            logged = (
                await self.recorder.log.after(conn.session_id, body.last_seq) if body.last_seq < last else []
            )
            missed = [from_log(conn.session_id, e, redact_notes=redact) for e in logged]
            await self.recorder.publisher.send_many(conn.sid, missed)
        return ok(view.events[-1].seq if view.events else 0)

    def _limit_full_replays(self, conn: Conn, view: SessionView, last_seq: int | None) -> None:
        """At most one snapshot or long replay (more than a page) per connection per interval; a
        short catch-up after a gap is always answered."""
        missed = (view.events[-1].seq if view.events else 0) - (last_seq or 0)
        if last_seq is not None and missed <= self.replay_page:
            return
        now = time.monotonic()
        if now - self._full_replays.get(conn.sid, -1e9) < self.replay_interval_s:
            raise TooMany(
                f"one full replay per {self.replay_interval_s:g} s: wait and send CLIENT_READY again"
            )
        self._full_replays[conn.sid] = now

    def snapshot(self, view: SessionView, role: Role) -> dict[str, Any]:
        lines = [
            {"seq": ln.seq, "ts_ms": ln.ts_ms, "speaker": ln.speaker, "text": ln.text, "source": ln.source}
            for ln in fold.transcript(view)
        ]
        notes = (
            [dict(e.payload) for e in view.of_type(EventType.OBSERVER_NOTE)] if role == Role.OBSERVER else []
        )
        snap = SessionSnapshot(
            state=view.state,
            question=to_public(view.question),
            transcript=lines,  # type: ignore[arg-type]
            code=fold.latest_code(view),
            language=view.language,  # type: ignore[arg-type]
            runs=[dict(r.payload) for r in fold.runs(view)],  # type: ignore[misc]
            nudges=[dict(n.payload) for n in fold.nudges(view)],  # type: ignore[misc]
            last_seq=view.events[-1].seq if view.events else 0,
            role=role,
            started_at_ms=view.started_at_ms,
            time_budget_s=view.time_budget_s,
            notes=notes,  # type: ignore[arg-type]
        )
        return snap.model_dump(mode="json", by_alias=True)

    async def transcript_partial(
        self, conn: Conn, body: TranscriptPartial, client_id: str | None
    ) -> dict[str, Any]:
        await self.recorder.ephemeral(
            conn.session_id, EventType.TRANSCRIPT_PARTIAL, body.model_dump(), skip_sid=conn.sid
        )
        await self.interviewer.on_partial(conn.session_id, body.text)
        return ok()

    async def transcript_final(
        self, conn: Conn, body: TranscriptFinal, client_id: str | None
    ) -> dict[str, Any]:
        appended = await self._record(conn, EventType.TRANSCRIPT_FINAL, body.model_dump(), client_id)
        if not appended.duplicate:
            await self.interviewer.on_utterance(conn.session_id, body.text, appended.seq, body.source)
            self.coach.evaluate_soon(conn.session_id)
        return ok(appended.seq, appended.duplicate)

    async def code_snapshot(self, conn: Conn, body: CodeSnapshot, client_id: str | None) -> dict[str, Any]:
        appended = await self._record(conn, EventType.CODE_SNAPSHOT, body.model_dump(mode="json"), client_id)
        return ok(appended.seq, appended.duplicate)

    async def run_result(self, conn: Conn, body: RunResult, client_id: str | None) -> dict[str, Any]:
        """A sample run as the page reports it (logged with `source: "page"`). Only the server
        judges a submit: a client's submit result is refused."""
        if body.kind == "submit":
            raise Forbidden("only the server judges a submit: send STATE_CHANGE {to: REVIEW}")
        payload = body.model_dump(mode="json", exclude_none=True)
        appended = await self._record(conn, EventType.RUN_RESULT, payload, client_id)
        if not appended.duplicate:
            self.coach.evaluate_soon(conn.session_id)
        return ok(appended.seq, appended.duplicate)

    async def observer_note(self, conn: Conn, body: ObserverNote, client_id: str | None) -> dict[str, Any]:
        try:
            appended = await self.recorder.record(
                conn.session_id,
                EventType.OBSERVER_NOTE,
                body.model_dump(),
                client_id=client_id,
                role=conn.role,
                skip_sid=conn.sid,
                audience="observers",
                budget=self.budget,
            )
        except BudgetExceeded as exc:
            raise _over_budget() from exc
        if not appended.duplicate:
            redacted = envelope(
                EventType.OBSERVER_NOTE, conn.session_id, {}, ts_ms=appended.ts_ms, seq=appended.seq
            )
            await self.recorder.publisher.emit(conn.session_id, redacted, audience="candidates")
        return ok(appended.seq, appended.duplicate)

    async def state_change(
        self, conn: Conn, body: StateChangeRequest, client_id: str | None
    ) -> dict[str, Any]:
        """A candidate move, validated against the state machine and applied as a compare-and-set."""
        if body.to == State.ENDED:
            await self.sessions.end(conn.session_id)
            return ok()
        view = await self.views.view(conn.session_id)
        if not can_move(view.state, body.to):
            raise Conflict(f"cannot move from {view.state.value} to {body.to.value}")
        payload = {"from": view.state.value, "to": body.to.value, "reason": "candidate"}
        try:
            appended = await self.recorder.record(
                conn.session_id,
                EventType.STATE_CHANGE,
                payload,
                client_id=client_id,
                role=conn.role,
                expect_state=view.state.value,
                new_state=body.to.value,
            )
        except StateConflict as exc:
            raise Conflict(f"the state changed meanwhile: it is {exc.actual}") from exc
        if not appended.duplicate:
            await self._after_move(conn, view, body.to, appended.seq)
        return ok(appended.seq, appended.duplicate)

    async def _after_move(self, conn: Conn, view: SessionView, to: State, move_seq: int) -> None:
        if view.state == State.CODING and to == State.REVIEW:  # the submit: judged on the server
            self.judging.submit(conn.session_id, move_seq)
        elif to == State.WRAP_UP:
            self.interviewer.on_wrap_up(conn.session_id)
        self.coach.evaluate_soon(conn.session_id)

    async def _record(self, conn: Conn, type_: str, payload: dict[str, Any], client_id: str | None) -> Any:
        try:
            return await self.recorder.record(
                conn.session_id,
                type_,
                payload,
                client_id=client_id,
                role=conn.role,
                skip_sid=conn.sid,
                budget=self.budget,
            )
        except SessionClosed as exc:
            raise Conflict("the interview has ended") from exc
        except BudgetExceeded as exc:
            raise _over_budget() from exc


def _over_budget() -> OverBudget:
    return OverBudget(
        "this session's storage budget is used up: this message was not saved, everything saved "
        "before is kept"
    )
