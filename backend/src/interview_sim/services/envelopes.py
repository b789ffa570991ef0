"""Building server envelopes and the log-then-emit step every logged server event goes through."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from interview_sim.domain.model import LogEvent
from interview_sim.protocol import EventType
from interview_sim.services.ports import Appended, Audience, Clock, EventLog, LogBudget, Publisher


def envelope(
    type_: str,
    session_id: str,
    payload: dict[str, Any],
    *,
    ts_ms: int,
    seq: int | None = None,
    client_id: str | None = None,
) -> dict[str, Any]:
    env: dict[str, Any] = {"type": type_, "ts_ms": ts_ms, "session_id": session_id, "payload": payload}
    if seq is not None:
        env["seq"] = seq
    if client_id is not None and not client_id.startswith("srv:"):
        env["id"] = client_id
    return env


def from_log(session_id: str, event: LogEvent, *, redact_notes: bool) -> dict[str, Any]:
    """A logged event as a client receives it; candidates get observer notes with an empty payload,
    so their seq stays gap-free without seeing what observers wrote."""
    payload = dict(event.payload)
    if redact_notes and event.type == EventType.OBSERVER_NOTE:
        payload = {}
    return envelope(
        event.type, session_id, payload, ts_ms=event.ts_ms, seq=event.seq, client_id=event.client_id
    )


class Recorder:
    """Log an event (getting its seq), then emit it: the order that makes replay reliable."""

    def __init__(self, log: EventLog, publisher: Publisher, clock: Clock) -> None:
        self.log, self.publisher, self.clock = log, publisher, clock
        self.on_append: Callable[[float], None] | None = None  # seconds per append (metrics)

    async def record(
        self,
        session_id: str,
        type_: str,
        payload: dict[str, Any],
        *,
        client_id: str | None = None,
        role: str | None = None,
        skip_sid: str | None = None,
        audience: Audience = "all",
        expect_state: str | None = None,
        new_state: str | None = None,
        budget: LogBudget | None = None,
    ) -> Appended:
        started = time.perf_counter()
        appended = await self.log.append(
            session_id,
            type_,
            payload,
            ts_ms=self.clock.now_ms(),
            client_id=client_id,
            role=role,
            expect_state=expect_state,
            new_state=new_state,
            budget=budget,
        )
        if self.on_append is not None:
            self.on_append(time.perf_counter() - started)
        if not appended.duplicate:
            env = envelope(
                type_, session_id, payload, ts_ms=appended.ts_ms, seq=appended.seq, client_id=client_id
            )
            await self.publisher.emit(session_id, env, audience=audience, skip_sid=skip_sid)
        return appended

    async def ephemeral(
        self, session_id: str, type_: str, payload: dict[str, Any], *, skip_sid: str | None = None
    ) -> None:
        env = envelope(type_, session_id, payload, ts_ms=self.clock.now_ms())
        await self.publisher.emit(session_id, env, skip_sid=skip_sid)

    async def error_to(
        self, session_id: str, code: str, message: str, audience: Audience = "candidates"
    ) -> None:
        env = envelope(
            EventType.ERROR, session_id, {"code": code, "message": message}, ts_ms=self.clock.now_ms()
        )
        await self.publisher.emit(session_id, env, audience=audience)
