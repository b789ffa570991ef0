"""The session log on a real database (SQLite and PostgreSQL): gap-free seq under concurrency, the
state compare-and-set, appends after the end, and client-id de-duplication (including the race)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from tests.support.db import stored_session
from tortoise.transactions import in_transaction

from interview_sim.services.ports import Appended, SessionClosed, StateConflict
from interview_sim.storage.db import close_db, init_db, is_postgres
from interview_sim.storage.event_log import TortoiseEventLog
from interview_sim.storage.models import EventRow, SessionRow
from interview_sim.storage.questions import seed_questions


@dataclass
class Log:
    log: TortoiseEventLog

    async def new_session(self) -> str:
        return str((await stored_session()).row.id)

    async def code(self, session_id: str, n: int, client_id: str | None = None) -> Appended:
        payload = {"code": f"# {n}", "language": "python"}
        return await self.log.append(session_id, "CODE_SNAPSHOT", payload, ts_ms=n, client_id=client_id)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Log]:
    await init_db(db_url)
    await seed_questions()
    try:
        yield Log(TortoiseEventLog(is_postgres(db_url)))
    finally:
        await close_db()


async def _seqs(session_id: str) -> list[int]:
    rows = await EventRow.filter(session_id=session_id).order_by("seq").values("seq")
    return [int(r["seq"]) for r in rows]


async def test_seq_is_gap_free_under_concurrency(db: Log) -> None:
    a, b = await db.new_session(), await db.new_session()
    appended = await asyncio.gather(*(db.code(a if i % 6 else b, i) for i in range(240)))
    seqs_a = sorted(x.seq for i, x in enumerate(appended) if i % 6)
    seqs_b = sorted(x.seq for i, x in enumerate(appended) if not i % 6)
    assert seqs_a == list(range(1, 201)) and seqs_b == list(range(1, 41))  # per session, from 1
    assert await _seqs(a) == seqs_a and await _seqs(b) == seqs_b
    assert not any(x.duplicate for x in appended)
    assert (await SessionRow.get(id=a)).last_seq == 200
    events = await db.log.after(a)
    assert [e.seq for e in events] == seqs_a
    # the stored order matches the seq order each append was given
    by_seq = {x.seq: i for i, x in enumerate(appended) if i % 6}
    assert [e.payload["code"] for e in events] == [f"# {by_seq[e.seq]}" for e in events]


async def test_after_pages(db: Log) -> None:
    sid = await db.new_session()
    for i in range(10):
        await db.code(sid, i)
    assert [e.seq for e in await db.log.after(sid, 4, 3)] == [5, 6, 7]
    assert [e.seq for e in await db.log.after(sid, 8)] == [9, 10]
    assert await db.log.after(sid, 10) == []


async def test_state_compare_and_set(db: Log) -> None:
    sid = await db.new_session()
    moves = [
        db.log.append(
            sid, "STATE_CHANGE", {"from": "INTRO", "to": to}, ts_ms=1, expect_state="INTRO", new_state=to
        )
        for to in ("PROBLEM", "CODING", "ENDED", "PROBLEM")
    ]
    results = await asyncio.gather(*moves, return_exceptions=True)
    won = [r for r in results if isinstance(r, Appended)]
    lost = [r for r in results if isinstance(r, StateConflict)]
    assert len(won) == 1 and len(lost) == 3 and won[0].seq == 1
    winner = (await SessionRow.get(id=sid)).state
    assert all(c.expected == "INTRO" and c.actual == winner for c in lost)
    assert await _seqs(sid) == [1] and winner != "INTRO"
    # a stale expectation fails; the right one succeeds and takes the next seq
    with pytest.raises(StateConflict):
        await db.log.append(sid, "STATE_CHANGE", {}, ts_ms=2, expect_state="INTRO", new_state="CODING")
    if winner != "ENDED":
        ok = await db.log.append(sid, "STATE_CHANGE", {}, ts_ms=2, expect_state=winner, new_state="ENDED")
        assert ok.seq == 2


async def test_append_after_end_is_refused(db: Log) -> None:
    sid = await db.new_session()
    await db.code(sid, 1)
    await db.log.append(sid, "STATE_CHANGE", {"to": "ENDED"}, ts_ms=2, new_state="ENDED")
    with pytest.raises(SessionClosed):
        await db.code(sid, 3)
    with pytest.raises(SessionClosed):
        await db.log.append(sid, "STATE_CHANGE", {}, ts_ms=3, new_state="INTRO")
    with pytest.raises(SessionClosed):
        await db.code("00000000-0000-4000-8000-000000000000", 1)
    assert await _seqs(sid) == [1, 2]


async def test_client_id_dedup(db: Log) -> None:
    sid = await db.new_session()
    first = await db.code(sid, 1, client_id="c-1")
    again = await db.code(sid, 2, client_id="c-1")
    assert (first.seq, first.duplicate) == (1, False)
    assert (again.seq, again.duplicate, again.ts_ms) == (1, True, first.ts_ms)
    other_session = await db.new_session()
    assert (await db.code(other_session, 3, client_id="c-1")).duplicate is False  # ids are per session
    assert (await db.code(sid, 4, client_id="c-2")).seq == 2
    assert await _seqs(sid) == [1, 2]


async def test_client_id_race(db: Log) -> None:
    """The same id sent many times at once (two nodes racing): one row, one seq, no gap after."""
    sid = await db.new_session()
    results = await asyncio.gather(*(db.code(sid, i, client_id="resent") for i in range(20)))
    assert len({r.seq for r in results}) == 1 and sum(not r.duplicate for r in results) == 1
    assert await EventRow.filter(session_id=sid, client_id="resent").count() == 1
    assert (await db.code(sid, 99)).seq == 2
    assert await _seqs(sid) == [1, 2]


async def test_failed_transaction_leaves_no_gap(db: Log) -> None:
    sid = await db.new_session()
    await db.code(sid, 1)
    with pytest.raises(RuntimeError):
        async with in_transaction() as conn:
            await conn.execute_query("UPDATE sessions SET last_seq = last_seq + 1")
            raise RuntimeError("rolled back")
    assert (await db.code(sid, 2)).seq == 2
