"""The session log: every logged event gets the next per-session `seq` in the same transaction
that stores it, so two nodes never hand out the same number and there are no gaps."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from tortoise.connection import get_connection
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from interview_sim.domain.model import LogEvent
from interview_sim.services.ports import Appended, BudgetExceeded, LogBudget, SessionClosed, StateConflict
from interview_sim.storage.log_batch import AppendBatcher, Entry
from interview_sim.storage.models import EventRow


class SqlDialect:
    """Placeholders and id binding differ between SQLite (`?`, text uuids) and asyncpg (`$n`)."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres

    def ph(self, n: int) -> str:
        return f"${n}" if self.postgres else f"?{n}"

    def sid(self, session_id: str) -> Any:
        return uuid.UUID(session_id) if self.postgres else session_id


def session_key(session_id: str) -> uuid.UUID | None:
    """A session id as a UUID, however it was spelled; None when it is not one: no such session
    (PostgreSQL would raise on it, SQLite would find nothing)."""
    try:
        return uuid.UUID(str(session_id))
    except ValueError:
        return None


class TortoiseEventLog:
    """`EventLog` port on Tortoise's connections (SQLite or PostgreSQL), in plain SQL: the append is
    the hot path of every logged message, and the ORM's query building cost more than the write.
    On PostgreSQL, appends from many sessions are grouped into one statement (`log_batch.py`) unless
    `batch` is off; SQLite has one connection anyway, so it writes row by row."""

    def __init__(
        self,
        postgres: bool,
        *,
        batch: bool = True,
        batch_rows: int = 200,
        batch_wait_s: float = 0.0,
        batch_lanes: int = 4,
    ) -> None:
        self.sql = SqlDialect(postgres)
        self.batcher = (
            AppendBatcher(self._append_one, batch_rows, batch_wait_s, batch_lanes)
            if postgres and batch
            else None
        )

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
    ) -> Appended:
        """Store one event with the next seq. A repeated `client_id` returns the original seq with
        `duplicate=True`; `expect_state`/`new_state` make the append a compare-and-set of the state;
        a `budget` refuses the event (`BudgetExceeded`) when the session's log would outgrow it.
        A client event (with a `role`) also marks the session active at `ts_ms` (idle expiry).
        Returns once the event is committed."""
        body = orjson.dumps(payload).decode()
        entry = Entry(session_id, type_, body, ts_ms, client_id, role, expect_state, new_state, budget)
        if self.batcher is None:
            return await self._append_one(entry)
        stored = await self.batcher.submit(entry)
        return stored if stored is not None else await self._explain(entry)

    async def _append_one(self, e: Entry) -> Appended:
        """The single-row path: SQLite, batching off, and the retry of a batch statement that failed."""
        update, params = self._update(e.session_id, e.client_id, e.expect_state, e.new_state)
        update, params = self._account(update, params, len(e.body), e.ts_ms if e.role else None, e.budget)
        row = [e.type_, e.ts_ms, e.body, e.client_id, e.role]
        try:
            seq = await (self._append_pg if self.sql.postgres else self._append_sqlite)(update, params, row)
        except IntegrityError:
            seq = None  # the same client id stored by another node at the same moment
        if seq is not None:
            return Appended(seq=seq, ts_ms=e.ts_ms, duplicate=False)
        return await self._explain(e)

    async def _explain(self, e: Entry) -> Appended:
        """A row the statement did not store: the original of a repeated client id, or why not."""
        if e.client_id is not None and (found := await self._by_client_id(e.session_id, e.client_id)):
            return found
        raise await self._why_not(e.session_id, e.expect_state, e.budget)

    def _update(
        self, session_id: str, client_id: str | None, expect: str | None, new: str | None
    ) -> tuple[str, list[Any]]:
        """`UPDATE sessions ... RETURNING last_seq`: no row when the session is closed, the state is
        not the expected one, or the client id is already logged (so a repeat allocates no seq)."""
        p, params = self.sql.ph, [self.sql.sid(session_id)]
        sets, where = ["last_seq = last_seq + 1"], [f"id = {p(1)}", "state <> 'ENDED'"]
        if new is not None:
            params.append(new)
            sets.append(f"state = {p(len(params))}")
        if expect is not None:
            params.append(expect)
            where.append(f"state = {p(len(params))}")
        if client_id is not None:
            params.append(client_id)
            logged = f"SELECT 1 FROM events WHERE session_id = {p(1)} AND client_id = {p(len(params))}"
            where.append(f"NOT EXISTS ({logged})")
        return f"UPDATE sessions SET {', '.join(sets)} WHERE {' AND '.join(where)} RETURNING last_seq", params

    def _account(
        self, update: str, params: list[Any], size: int, active_ms: int | None, budget: LogBudget | None
    ) -> tuple[str, list[Any]]:
        """Add the payload's bytes to `log_bytes` (and the activity mark), guarded by the budget."""
        p, params = self.sql.ph, [*params, size]
        sets = f"log_bytes = log_bytes + {p(len(params))}"
        if active_ms is not None:
            params.append(active_ms)
            sets += f", last_client_ms = {p(len(params))}"
        update = update.replace(" WHERE ", f", {sets} WHERE ", 1)
        if budget is not None:
            params += [budget.max_bytes - size, budget.max_events]
            guard = f" AND log_bytes <= {p(len(params) - 1)} AND last_seq < {p(len(params))}"
            update = update.replace(" RETURNING ", f"{guard} RETURNING ", 1)
        return update, params

    async def _append_pg(self, update: str, params: list[Any], row: list[Any]) -> int | None:
        """One statement, so one round trip and atomic: a unique violation undoes the seq too."""
        n = len(params)
        sql = (
            f"WITH s AS ({update}) INSERT INTO events (session_id, seq, type, ts_ms, payload, client_id, "
            f"sender_role) SELECT $1, s.last_seq, ${n + 1}, ${n + 2}, ${n + 3}::jsonb, ${n + 4}, ${n + 5} "
            "FROM s RETURNING seq"
        )
        _, rows = await get_connection("default").execute_query(sql, [*params, *row])
        return int(rows[0][0]) if rows else None

    async def _append_sqlite(self, update: str, params: list[Any], row: list[Any]) -> int | None:
        async with in_transaction() as conn:
            _, rows = await conn.execute_query(update, params)
            if not rows:
                return None
            seq = int(rows[0][0])
            await conn.execute_query(
                "INSERT INTO events (session_id, seq, type, ts_ms, payload, client_id, sender_role) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [params[0], seq, *row],
            )
            return seq

    async def _why_not(self, session_id: str, expect: str | None, budget: LogBudget | None) -> Exception:
        sql = f"SELECT state FROM sessions WHERE id = {self.sql.ph(1)}"
        _, rows = await get_connection("default").execute_query(sql, [self.sql.sid(session_id)])
        state = rows[0][0] if rows else None
        if state in (None, "ENDED"):
            return SessionClosed(session_id)
        if budget is not None and (expect is None or state == expect):
            return BudgetExceeded(session_id)
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
