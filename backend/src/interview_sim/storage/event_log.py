"""The session log: every logged event gets the next per-session `seq` in the same transaction
that stores it, so two nodes never hand out the same number and there are no gaps."""

from __future__ import annotations

import uuid
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from interview_sim.domain.model import LogEvent
from interview_sim.services.ports import Appended, SessionClosed, StateConflict
from interview_sim.storage.models import EventRow


class SqlDialect:
    """Placeholders and id binding differ between SQLite (`?`, text uuids) and asyncpg (`$n`)."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres

    def ph(self, n: int) -> str:
        return f"${n}" if self.postgres else "?"

    def sid(self, session_id: str) -> Any:
        return uuid.UUID(session_id) if self.postgres else session_id


class TortoiseEventLog:
    """`EventLog` port on Tortoise (SQLite or PostgreSQL)."""

    def __init__(self, postgres: bool) -> None:
        self.sql = SqlDialect(postgres)

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
    ) -> Appended:
        """Store one event with the next seq. A repeated `client_id` returns the original seq with
        `duplicate=True`; `expect_state`/`new_state` make the append a compare-and-set of the state."""
        if client_id is not None and (found := await self._by_client_id(session_id, client_id)):
            return found
        try:
            async with in_transaction() as conn:
                seq = await self._next_seq(conn, session_id, expect_state, new_state)
                await EventRow.create(
                    session_id=session_id,
                    seq=seq,
                    type=type_,
                    ts_ms=ts_ms,
                    payload=payload,
                    client_id=client_id,
                    sender_role=role,
                    using_db=conn,
                )
        except IntegrityError:
            # Another node stored the same client id between our check and our insert.
            if client_id is not None and (found := await self._by_client_id(session_id, client_id)):
                return found
            raise
        return Appended(seq=seq, ts_ms=ts_ms, duplicate=False)

    async def _next_seq(self, conn: Any, session_id: str, expect: str | None, new: str | None) -> int:
        p = self.sql.ph
        sets, params = ["last_seq = last_seq + 1"], []
        if new is not None:
            sets.append(f"state = {p(1)}")
            params.append(new)
        where = [f"id = {p(len(params) + 1)}", "state <> 'ENDED'"]
        params.append(self.sql.sid(session_id))
        if expect is not None:
            where.append(f"state = {p(len(params) + 1)}")
            params.append(expect)
        sql = f"UPDATE sessions SET {', '.join(sets)} WHERE {' AND '.join(where)} RETURNING last_seq"
        # execute_query_dict fetches on both backends; Tortoise's asyncpg execute_query drops the
        # RETURNING rows of an UPDATE (it only counts affected rows).
        rows = await conn.execute_query_dict(sql, params)
        if rows:
            return int(rows[0]["last_seq"])
        raise await self._why_not(conn, session_id, expect)

    async def _why_not(self, conn: Any, session_id: str, expect: str | None) -> Exception:
        sql = f"SELECT state FROM sessions WHERE id = {self.sql.ph(1)}"
        _, rows = await conn.execute_query(sql, [self.sql.sid(session_id)])
        state = rows[0][0] if rows else None
        if state in (None, "ENDED"):
            return SessionClosed(session_id)
        return StateConflict(expected=expect or "", actual=str(state))

    async def _by_client_id(self, session_id: str, client_id: str) -> Appended | None:
        row = await EventRow.filter(session_id=session_id, client_id=client_id).only("seq", "ts_ms").first()
        return Appended(seq=row.seq, ts_ms=row.ts_ms, duplicate=True) if row else None

    async def after(self, session_id: str, after_seq: int = 0, limit: int | None = None) -> list[LogEvent]:
        """Logged events with seq > after_seq, in order."""
        query = EventRow.filter(session_id=session_id, seq__gt=after_seq).order_by("seq")
        if limit is not None:
            query = query.limit(limit)
        rows = await query.values("seq", "type", "ts_ms", "payload", "client_id")
        return [_to_event(r) for r in rows]


def _to_event(row: dict[str, Any]) -> LogEvent:
    return LogEvent(
        seq=row["seq"],
        type=row["type"],
        ts_ms=row["ts_ms"],
        payload=row["payload"],
        client_id=row["client_id"],
    )
