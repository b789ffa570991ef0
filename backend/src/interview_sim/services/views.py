"""Builds the domain's `SessionView` from the session row and its log, kept per node and topped up
incrementally (only events after the cached seq are read).

The cache is bounded in sessions and in bytes: only the latest code of a session stays whole (a
superseded CODE_SNAPSHOT keeps its place and seq with its code dropped, except the first change
from the starter code, which the coach and the report read), and the least recently used sessions
fall out first. Replays to clients read the database, never this cache."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson

from interview_sim.domain.model import LogEvent, Question, SessionView
from interview_sim.domain.states import time_budget_s
from interview_sim.protocol import EventType, State
from interview_sim.services.errors import NotFound
from interview_sim.services.ports import Clock, EventLog, SessionFacts, SessionReads
from interview_sim.storage.questions import QuestionStore


def _size(event: LogEvent) -> int:
    return 96 + len(orjson.dumps(dict(event.payload)))


def _squash(code: str) -> str:
    return "".join(code.split())


@dataclass
class _Cached:
    starter: str
    events: list[LogEvent] = field(default_factory=list)
    by_type: dict[str, list[LogEvent]] = field(default_factory=dict)  # `events` by type, kept with it
    bytes: int = 0
    first_change: int | None = None  # index of the first snapshot that differs from the starter
    latest_snap: int | None = None
    used_at: float = field(default_factory=time.monotonic)

    @property
    def last_seq(self) -> int:
        return self.events[-1].seq if self.events else 0

    def add(self, event: LogEvent) -> int:
        """Append one event; returns the change in bytes (a superseded snapshot shrinks)."""
        delta = 0
        if event.type == EventType.CODE_SNAPSHOT:
            if self.latest_snap is not None and self.first_change is not None:
                delta += self._drop_code(self.latest_snap)
            index = len(self.events)
            if self.first_change is None and _squash(str(event.payload.get("code", ""))) != self.starter:
                self.first_change = index
            self.latest_snap = index
        self.events.append(event)
        self.by_type.setdefault(event.type, []).append(event)
        size = _size(event)
        self.bytes += size + delta
        return size + delta

    def _drop_code(self, index: int) -> int:
        if index == self.first_change:
            return 0
        old = self.events[index]
        payload = {"language": old.payload.get("language"), "code": "", "superseded": True}
        self.events[index] = LogEvent(old.seq, old.type, old.ts_ms, payload, old.client_id)
        # The latest snapshot is always the last of its type: the one being superseded now.
        self.by_type[EventType.CODE_SNAPSHOT][-1] = self.events[index]
        return _size(self.events[index]) - _size(old)

    def snapshot(self) -> tuple[tuple[LogEvent, ...], dict[str, tuple[LogEvent, ...]]]:
        """The log and its by-type index as they are now, for a view (copies: the cache goes on)."""
        return tuple(self.events), {t: tuple(found) for t, found in self.by_type.items()}


class ViewCache:
    """Keeps the logs of at most `capacity` recently used sessions in at most `max_bytes` (a
    running interview is used every few seconds; an abandoned one falls out)."""

    def __init__(
        self,
        log: EventLog,
        questions: QuestionStore,
        clock: Clock,
        capacity: int = 512,
        max_bytes: int = 64_000_000,
        *,
        reads: SessionReads,
    ) -> None:
        self.log, self.questions, self.clock, self.reads = log, questions, clock, reads
        self.capacity, self.max_bytes = capacity, max_bytes
        self.bytes = 0
        self._cache: OrderedDict[str, _Cached] = OrderedDict()

    async def events(self, session_id: str, starter: str = "") -> list[LogEvent]:
        """The whole log, reading from the database only what this node has not seen yet."""
        return list((await self._refill(session_id, starter)).events)

    async def _refill(self, session_id: str, starter: str) -> _Cached:
        cached = self._touch(session_id, starter)
        self._top_up(session_id, cached, await self.log.after(session_id, cached.last_seq))
        return cached

    def _touch(self, session_id: str, starter: str) -> _Cached:
        cached = self._cache.get(session_id)
        if cached is None:
            cached = self._cache[session_id] = _Cached(_squash(starter))
        self._cache.move_to_end(session_id)
        cached.used_at = time.monotonic()
        return cached

    def _top_up(self, session_id: str, cached: _Cached, fresh: list[LogEvent]) -> None:
        for event in fresh:
            if event.seq > cached.last_seq:
                self.bytes += cached.add(event)
        self._evict(keep=session_id)

    def _evict(self, keep: str) -> None:
        while len(self._cache) > 1 and (len(self._cache) > self.capacity or self.bytes > self.max_bytes):
            oldest = next(iter(self._cache))
            if oldest == keep:
                self._cache.move_to_end(keep)
                continue
            self.forget(oldest)

    async def view(self, session_id: str) -> SessionView:
        """The session as the domain sees it. One round trip reads the session row and the events
        this node has not cached yet."""
        return (await self._read(session_id, None))[0]

    async def start(self, session_id: str) -> tuple[SessionView, bool]:
        """The view, marking the interview started unless it was, in the same round trip; True for
        the one caller, on any node, that started it (a candidate's ready)."""
        return await self._read(session_id, datetime.now(UTC))

    async def _read(self, session_id: str, start_at: datetime | None) -> tuple[SessionView, bool]:
        cached = self._cache.get(session_id)
        after = cached.last_seq if cached is not None else 0
        read = await self.reads.facts_and_events(session_id, after, start_at=start_at)
        if read is None:
            raise NotFound("no such session")
        row, fresh = read
        question = await self.question(row.question_id)
        starter = str(question.starter_code.get(row.language, ""))
        cached = self._touch(session_id, starter)
        if cached.last_seq < after:  # dropped from the cache meanwhile: `fresh` starts too late
            cached = await self._refill(session_id, starter)
        else:
            self._top_up(session_id, cached, fresh)
        return self._build(session_id, row, question, cached), row.started_here

    def _build(self, session_id: str, row: SessionFacts, question: Question, cached: _Cached) -> SessionView:
        events, by_type = cached.snapshot()
        return SessionView(
            session_id=session_id,
            question=question,
            company_mode=row.company_mode,
            difficulty=row.difficulty,
            language=row.language,
            state=State(row.state),
            events=events,
            now_ms=self.clock.now_ms(),
            started_at_ms=row.started_at_ms,
            time_budget_s=time_budget_s(row.difficulty),
            candidate_name=row.candidate_name,
            by_type=by_type,
        )

    async def question(self, question_id: str) -> Question:
        q = await self.questions.get(question_id)
        if q is None:
            raise NotFound(f"question {question_id} is gone")
        return q

    def forget(self, session_id: str) -> None:
        if (cached := self._cache.pop(session_id, None)) is not None:
            self.bytes -= cached.bytes

    def prune(self, idle_s: float) -> int:
        """Drop the sessions nobody used for `idle_s` (the sweeper calls it); returns how many."""
        cutoff = time.monotonic() - idle_s
        stale = [sid for sid, c in self._cache.items() if c.used_at < cutoff]
        for sid in stale:
            self.forget(sid)
        return len(stale)
