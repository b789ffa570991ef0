"""Small ports the services depend on; `app.py` wires the real adapters, unit tests pass fakes."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from interview_sim.domain.model import LogEvent
from interview_sim.judge.model import JudgeRequest, JudgeResult

Audience = Literal["all", "candidates", "observers"]


@dataclass(frozen=True)
class Appended:
    seq: int
    ts_ms: int
    duplicate: bool


class SessionClosed(Exception):
    """The session does not exist or has ended: nothing more is logged."""


class BudgetExceeded(Exception):
    """The session's storage budget (bytes or events) is used up: the event was not logged."""


@dataclass(frozen=True)
class LogBudget:
    """Refuse a client event once the session's log would exceed `max_bytes` or `max_events`."""

    max_bytes: int
    max_events: int


class StateConflict(Exception):
    """A compare-and-set on the interview state lost: the state was not the expected one."""

    def __init__(self, expected: str, actual: str) -> None:
        super().__init__(f"state is {actual}, not {expected}")
        self.expected = expected
        self.actual = actual


class EventLog(Protocol):
    async def append(
        self,
        session_id: str,
        type_: str,
        payload: dict[str, Any],
        *,
        ts_ms: int,
        client_id: str | None = None,
        role: str | None = None,
        expect_state: str | None = None,
        new_state: str | None = None,
        budget: LogBudget | None = None,
    ) -> Appended: ...

    async def after(
        self, session_id: str, after_seq: int = 0, limit: int | None = None
    ) -> list[LogEvent]: ...


@dataclass(frozen=True)
class SessionFacts:
    """The columns of a session that its view is built from."""

    question_id: str
    company_mode: str
    difficulty: str
    language: str
    state: str
    started_at_ms: int | None
    candidate_name: str | None
    started_here: bool = False  # this read marked the interview started (see SessionReads)


class SessionReads(Protocol):
    async def facts_and_events(
        self, session_id: str, after_seq: int, *, start_at: datetime | None = None
    ) -> tuple[SessionFacts, list[LogEvent]] | None:
        """The session's facts and its logged events with seq > after_seq, in order, in one round
        trip; None when there is no such session. With `start_at`, the session is also marked
        started at that time unless it was: `started_here` is True for the one caller, on any
        node, that marked it."""
        ...


class Publisher(Protocol):
    """Room fan-out (socket.io, across nodes through Redis when configured)."""

    async def emit(
        self,
        session_id: str,
        envelope: dict[str, Any],
        *,
        audience: Audience = "all",
        skip_sid: str | None = None,
    ) -> None: ...

    async def send(self, sid: str, envelope: dict[str, Any]) -> None: ...

    async def send_many(self, sid: str, envelopes: Sequence[dict[str, Any]]) -> None: ...


class TurnLock(Protocol):
    """At most one interviewer turn per session, across nodes."""

    async def acquire(self, session_id: str, ttl_s: float = 30.0) -> str | None: ...

    async def extend(self, session_id: str, token: str, ttl_s: float = 30.0) -> bool: ...

    async def release(self, session_id: str, token: str) -> None: ...

    async def request_interrupt(self, session_id: str) -> None: ...

    async def interrupted(self, session_id: str, token: str) -> bool: ...


class Clock(Protocol):
    def now_ms(self) -> int: ...


class SystemClock:
    def now_ms(self) -> int:
        return int(time.time() * 1000)


class Judge(Protocol):
    """Runs candidate code against cases on the server, confined (the `judge/` package).

    Raises `JudgeBusy` when its bounded queue is full and `JudgeUnavailable` when the sandbox cannot
    run on this machine; never blocks the event loop."""

    async def run(self, request: JudgeRequest) -> JudgeResult: ...
