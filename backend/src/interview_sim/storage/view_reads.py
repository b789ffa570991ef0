"""The read behind every `SessionView` (an interviewer turn, a tick, a ready, a move), in plain SQL:
the session's columns and the events after what this node has cached, in one round trip. Through
the ORM it was two queries, each built by pypika on every call."""

from __future__ import annotations

import uuid
from typing import Any

from tortoise.connection import get_connection

from interview_sim.domain.model import LogEvent
from interview_sim.services.ports import SessionFacts
from interview_sim.storage.event_log import SqlDialect
from interview_sim.storage.models import EventRow, SessionRow

# A LEFT JOIN so the session row comes back (with NULL event columns) when nothing is new.
_SQL = (
    "SELECT s.question_id, s.company_mode, s.difficulty, s.language, s.state, s.started_at, "
    "s.candidate_name, e.seq, e.type, e.ts_ms, e.payload, e.client_id "
    "FROM sessions s LEFT JOIN events e ON e.session_id = s.id AND e.seq > {after} "
    "WHERE s.id = {id} ORDER BY e.seq"
)
# The fields' own converters, so the values match what the ORM gave (SQLite keeps datetimes and
# JSON as text; asyncpg hands jsonb over as text).
_STARTED_AT = SessionRow._meta.fields_map["started_at"]
_PAYLOAD = EventRow._meta.fields_map["payload"]


class SqlSessionReads:
    """`SessionReads` on Tortoise's default connection (SQLite or PostgreSQL)."""

    def __init__(self, postgres: bool) -> None:
        self.sql = SqlDialect(postgres)
        self._query = _SQL.format(id=self.sql.ph(1), after=self.sql.ph(2))

    async def facts_and_events(
        self, session_id: str, after_seq: int
    ) -> tuple[SessionFacts, list[LogEvent]] | None:
        try:
            key = self.sql.sid(str(uuid.UUID(session_id)))
        except ValueError:  # not a uuid: no such session (PostgreSQL would raise on it)
            return None
        _, rows = await get_connection("default").execute_query(self._query, [key, after_seq])
        if not rows:
            return None
        return _facts(rows[0]), [_event(r) for r in rows if r[7] is not None]


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
    )


def _event(row: Any) -> LogEvent:
    return LogEvent(
        seq=row[7], type=row[8], ts_ms=row[9], payload=_PAYLOAD.to_python_value(row[10]), client_id=row[11]
    )
