"""The read behind every `SessionView` (an interviewer turn, a tick, a ready, a move), in plain SQL:
the session's columns and the events after what this node has cached, in one round trip. Through
the ORM it was two queries, each built by pypika on every call.

A candidate's ready also marks the interview started (once, on one node): on PostgreSQL in the same
round trip, since 300 interviews starting at once queued three statements each for the pool
(issue 10); SQLite, with no UPDATE inside a WITH, sends the two statements one after the other."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from tortoise.connection import get_connection

from interview_sim.domain.model import LogEvent
from interview_sim.services.ports import SessionFacts
from interview_sim.storage.event_log import SqlDialect, session_key
from interview_sim.storage.models import EventRow, SessionRow
from interview_sim.storage.read_batch import ReadBatcher, Request, Rows

# A LEFT JOIN so the session row comes back (with NULL event columns) when nothing is new.
_SQL = (
    "SELECT s.question_id, s.company_mode, s.difficulty, s.language, s.state, s.started_at, "
    "s.candidate_name, e.seq, e.type, e.ts_ms, e.payload, e.client_id "
    "FROM sessions s LEFT JOIN events e ON e.session_id = s.id AND e.seq > {after} "
    "WHERE s.id = {id} ORDER BY e.seq"
)
_MARK = "UPDATE sessions SET started_at = {at} WHERE id = {id} AND started_at IS NULL"
# The SELECT sees the row as it was before the UPDATE in its WITH (one snapshot per statement), so
# the new mark comes from the UPDATE's RETURNING; `up` has one row only for the caller that set it.
_START_PG = (
    "WITH up AS (" + _MARK.format(at="$3", id="$1") + " RETURNING started_at) "
    "SELECT s.question_id, s.company_mode, s.difficulty, s.language, s.state, "
    "COALESCE(up.started_at, s.started_at), s.candidate_name, e.seq, e.type, e.ts_ms, e.payload, "
    "e.client_id, up.started_at IS NOT NULL "
    "FROM sessions s LEFT JOIN up ON TRUE LEFT JOIN events e ON e.session_id = s.id AND e.seq > $2 "
    "WHERE s.id = $1 ORDER BY e.seq"
)
# The fields' own converters, so the values match what the ORM gave (SQLite keeps datetimes and
# JSON as text; asyncpg hands jsonb over as text).
_STARTED_AT = SessionRow._meta.fields_map["started_at"]
_PAYLOAD = EventRow._meta.fields_map["payload"]


class SqlSessionReads:
    """`SessionReads` on Tortoise's default connection (SQLite or PostgreSQL). On PostgreSQL the
    reads of many sessions are grouped into one statement (`read_batch.py`) unless `batch` is off."""

    def __init__(self, postgres: bool, *, batch: bool = True) -> None:
        self.sql = SqlDialect(postgres)
        self._query = _SQL.format(id=self.sql.ph(1), after=self.sql.ph(2))
        self._mark = _MARK.format(at=self.sql.ph(2), id=self.sql.ph(1))
        self.batcher = ReadBatcher(self._single) if postgres and batch else None

    async def facts_and_events(
        self, session_id: str, after_seq: int, *, start_at: datetime | None = None
    ) -> tuple[SessionFacts, list[LogEvent]] | None:
        if (key := session_key(session_id)) is None:
            return None
        request = Request(key, after_seq, start_at)
        rows = await (self.batcher.read(request) if self.batcher is not None else self._single(request))
        if not rows:
            return None
        return _facts(rows[0]), [_event(r) for r in rows if r[7] is not None]

    async def _single(self, request: Request) -> Rows:
        """One session's rows in the start read's layout (the 13th column: this read started it)."""
        conn = get_connection("default")
        key, after, start_at = self.sql.sid(str(request.key)), request.after_seq, request.start_at
        if start_at is not None and self.sql.postgres:
            _, rows = await conn.execute_query(_START_PG, [key, after, _to_db(start_at)])
            return cast(Rows, rows)  # asyncpg's records (tortoise calls them dicts)
        started_here = False
        if start_at is not None:
            changed, _ = await conn.execute_query(self._mark, [key, _to_db(start_at)])
            started_here = changed == 1
        _, rows = await conn.execute_query(self._query, [key, after])
        return [(*row, started_here) for row in rows]


def _to_db(at: datetime) -> Any:
    return _STARTED_AT.to_db_value(at, SessionRow)


def _facts(row: Any) -> SessionFacts:
    started = _STARTED_AT.to_python_value(row[5])
    return SessionFacts(
        question_id=row[0],
        company_mode=row[1],
        difficulty=row[2],
        language=row[3],
        state=row[4],
        started_at_ms=int(started.timestamp() * 1000) if started else None,
        candidate_name=row[6],
        started_here=bool(row[12]),
    )


def _event(row: Any) -> LogEvent:
    return LogEvent(
        seq=row[7], type=row[8], ts_ms=row[9], payload=_PAYLOAD.to_python_value(row[10]), client_id=row[11]
    )
