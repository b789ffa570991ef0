"""Grouped view reads on PostgreSQL: the reads of many sessions share one statement.

Every interviewer turn, ready, tick and move reads its session (`view_reads.py`). When 300
interviews start at once, that was 300 statements, each a commit (the ready marks the interview
started), a round trip and the driver's work on this node, queued for a pool of 20 connections: the
greetings waited 50-320 ms for their read (issue 10). Here a read queues its request and waits;
requests made in one loop turn go out together on the next as one statement, up to `lanes`
statements in flight, on the machinery the log's appends use (`grouping.py`).

A request is (session, events after seq, mark started?). The statement answers each request's rows
in the single read's layout, so both paths share their decoding. A session asked twice in one
statement is marked started by its first start request only, so exactly one caller, on any node, is
told it started the interview."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.connection import get_connection

from interview_sim.storage.grouping import Pending, StatementGroups

# The rows of request n are the single start read's 13 columns (view_reads._START_PG) after n. The
# sessions to mark are locked in id order first, as the log's appends lock them (log_batch.py):
# locking them in plan order could deadlock with another node's statement.
BATCH_SQL = """
WITH q AS (
    SELECT * FROM unnest($1::int[], $2::uuid[], $3::bigint[], $4::bool[]) AS q(n, id, after, start)
), locked AS MATERIALIZED (
    SELECT id FROM sessions WHERE id IN (SELECT id FROM q WHERE start) ORDER BY id FOR UPDATE
), up AS (
    UPDATE sessions SET started_at = $5 FROM locked
    WHERE sessions.id = locked.id AND sessions.started_at IS NULL
    RETURNING sessions.id, sessions.started_at
)
SELECT q.n, s.question_id, s.company_mode, s.difficulty, s.language, s.state,
    COALESCE(up.started_at, s.started_at), s.candidate_name, e.seq, e.type, e.ts_ms, e.payload,
    e.client_id, q.start AND up.id IS NOT NULL
FROM q JOIN sessions s ON s.id = q.id LEFT JOIN up ON up.id = q.id
    LEFT JOIN events e ON e.session_id = s.id AND e.seq > q.after
ORDER BY q.n, e.seq
"""

Rows = list[Sequence[Any]]


@dataclass(frozen=True)
class Request:
    key: uuid.UUID
    after_seq: int
    start_at: datetime | None


async def execute_batch(requests: list[Request]) -> dict[int, Rows]:
    """One statement for `requests`; the rows of each, by its index (none: no such session)."""
    starting = {r.key for r in requests if r.start_at is not None}
    start_at = next((r.start_at for r in requests if r.start_at is not None), None)
    cols: list[list[Any]] = [[], [], [], []]
    for n, r in enumerate(requests):
        first_start = r.start_at is not None and r.key in starting
        if first_start:
            starting.discard(r.key)
        for col, value in zip(cols, (n, r.key, r.after_seq, first_start), strict=True):
            col.append(value)
    async with get_connection("default").acquire_connection() as conn:
        records = await conn.fetch(BATCH_SQL, *cols, start_at)
    found: dict[int, Rows] = {}
    for rec in records:
        found.setdefault(rec[0], []).append(tuple(rec)[1:])
    return found


class ReadBatcher(StatementGroups[Request, Rows]):
    """Queues reads and sends each loop turn's as one statement (`single` when there is one, or
    when a grouped statement failed: each read then gets its own outcome)."""

    what = "view read"

    def __init__(
        self, single: Callable[[Request], Awaitable[Rows]], max_rows: int = 200, lanes: int = 4
    ) -> None:
        super().__init__(single, max_rows, lanes=lanes)
        self.execute: Callable[[list[Request]], Awaitable[dict[int, Rows]]] = execute_batch

    async def read(self, request: Request) -> Rows:
        return await self.call(request)

    async def _grouped(self, batch: list[Pending[Request, Rows]]) -> list[Rows]:
        found = await self.execute([p.request for p in batch])
        return [found.get(n, []) for n in range(len(batch))]
