"""Group commit for the session log on PostgreSQL: appends from many sessions share one statement.

One statement per logged event was a fifth of a busy node's CPU (a round trip, a parse, a commit
each). Here an append queues its row and waits, and the rows queued together go out as one
statement (`grouping.py`, shared with the view reads); each caller gets its seq once that statement
has committed.

The seq still comes from `UPDATE sessions SET last_seq = last_seq + 1`, row by row, so it stays
gap-free and unique across nodes. An `UPDATE ... FROM` touches a target row once however many input
rows match it, so a statement carries at most one row per session; a session's later rows wait for
the next statement, which also keeps them in the order they were appended."""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tortoise.connection import get_connection

from interview_sim.services.ports import Appended, LogBudget
from interview_sim.storage.grouping import Pending, StatementGroups


@dataclass(frozen=True)
class Entry:
    """One append's inputs, the payload already JSON."""

    session_id: str
    type_: str
    body: str
    ts_ms: int
    client_id: str | None
    role: str | None
    expect_state: str | None
    new_state: str | None
    budget: LogBudget | None


# The rows travel as parallel arrays (one parameter per column, whatever the batch size): one
# statement text, so asyncpg prepares it once per connection. The `locked` step takes the session
# rows' locks in id order: two nodes flushing overlapping sessions at once would otherwise lock them
# in plan order and could deadlock (PostgreSQL breaks that only after a second).
BATCH_SQL = """
WITH i AS (
    SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[],
        $7::text[], $8::bigint[], $9::bigint[], $10::text[], $11::text[], $12::bigint[], $13::bigint[])
    AS i(n, session_id, type, ts_ms, payload, client_id, role, size, active_ms, expect_state,
        new_state, bytes_left, max_events)
), locked AS MATERIALIZED (
    SELECT id FROM sessions WHERE id = ANY($2::uuid[]) ORDER BY id FOR UPDATE
), s AS (
    UPDATE sessions SET last_seq = sessions.last_seq + 1,
        state = COALESCE(i.new_state, sessions.state),
        log_bytes = sessions.log_bytes + i.size,
        last_client_ms = COALESCE(i.active_ms, sessions.last_client_ms)
    FROM i JOIN locked ON locked.id = i.session_id
    WHERE sessions.id = i.session_id AND sessions.state <> 'ENDED'
        AND (i.expect_state IS NULL OR sessions.state = i.expect_state)
        AND (i.bytes_left IS NULL
            OR (sessions.log_bytes <= i.bytes_left AND sessions.last_seq < i.max_events))
        AND (i.client_id IS NULL OR NOT EXISTS (
            SELECT 1 FROM events e WHERE e.session_id = i.session_id AND e.client_id = i.client_id))
    RETURNING sessions.last_seq, i.n
)
INSERT INTO events (session_id, seq, type, ts_ms, payload, client_id, sender_role)
SELECT i.session_id, s.last_seq, i.type, i.ts_ms, i.payload::jsonb, i.client_id, i.role
FROM s JOIN i ON i.n = s.n
RETURNING session_id, seq
"""


def _columns(entries: list[Entry]) -> list[list[Any]]:
    """The 13 arrays of `BATCH_SQL`: the same values the single-row statement binds."""
    cols: list[list[Any]] = [[] for _ in range(13)]
    for n, e in enumerate(entries):
        size = len(e.body)
        b = e.budget
        row = [n, uuid.UUID(e.session_id), e.type_, e.ts_ms, e.body, e.client_id, e.role, size,
               e.ts_ms if e.role else None, e.expect_state, e.new_state,
               b.max_bytes - size if b else None, b.max_events if b else None]  # fmt: skip
        for col, value in zip(cols, row, strict=True):
            col.append(value)
    return cols


async def execute_batch(entries: list[Entry]) -> dict[uuid.UUID, int]:
    """Store what can be stored of `entries` (one per session) in one statement; returns the seq of
    each stored row by session id. A row missing from the answer was refused, as the single-row
    statement would have refused it."""
    async with get_connection("default").acquire_connection() as conn:
        rows = await conn.fetch(BATCH_SQL, *_columns(entries))
    return {r[0]: int(r[1]) for r in rows}


class AppendBatcher(StatementGroups[Entry, Appended | None]):
    """Queues appends and flushes them as few statements as it can, in order per session.

    Up to `lanes` statements are in flight at once, no session in two of them: one statement at a
    time made every append wait for the previous statement's commit (its WAL flush), and the
    one-statement-per-event path it replaces overlapped those on the pool's connections. A session's
    next row goes out only once its previous statement (retries included) is done, so its seqs keep
    the order of its appends.

    `submit` answers the stored `Appended`, or None when the statement did not store the row (the
    caller explains why, as before). When a whole statement fails (a client id raced in by another
    node, a dropped connection), each of its rows is retried alone through `single`, which gives it
    its own outcome."""

    what = "log append"

    def __init__(
        self,
        single: Callable[[Entry], Awaitable[Appended]],
        max_rows: int = 200,
        wait_s: float = 0.0,
        lanes: int = 4,
    ) -> None:
        super().__init__(single, max_rows, wait_s, lanes)
        self.execute: Callable[[list[Entry]], Awaitable[dict[uuid.UUID, int]]] = execute_batch
        self._busy: set[uuid.UUID] = set()  # sessions with a row in a statement in flight

    async def submit(self, entry: Entry) -> Appended | None:
        return await self.call(entry)

    def key(self, request: Entry) -> uuid.UUID:
        """The session, however its id was spelled; a malformed id raises ValueError here, as the
        single-row path does."""
        return uuid.UUID(request.session_id)

    async def _grouped(self, batch: list[Pending[Entry, Appended | None]]) -> list[Appended | None]:
        stored = await self.execute([p.request for p in batch])
        return [
            Appended(seq=seq, ts_ms=p.request.ts_ms, duplicate=False)
            if (seq := stored.get(p.key)) is not None
            else None
            for p in batch
        ]

    def _take(self) -> list[Pending[Entry, Appended | None]]:
        """Up to `max_rows` rows, the first queued one of each session not already in flight; the
        rest keep their order. Looks at a bounded stretch of the queue, so a flood from one session
        stays cheap."""
        batch: list[Pending[Entry, Appended | None]] = []
        seen = set(self._busy)
        skipped: deque[Pending[Entry, Appended | None]] = deque()
        for _ in range(min(len(self._queue), self.max_rows * 4)):
            if len(batch) >= self.max_rows:
                break
            item = self._queue.popleft()
            if item.key in seen:
                skipped.append(item)
            else:
                seen.add(item.key)
                batch.append(item)
        skipped.extend(self._queue)
        self._queue = skipped
        self._busy.update(p.key for p in batch)
        return batch

    def _released(self, batch: list[Pending[Entry, Appended | None]]) -> None:
        self._busy.difference_update(p.key for p in batch)
