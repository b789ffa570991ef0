"""Grouped log appends on PostgreSQL (storage/log_batch.py): many sessions' rows share a statement, and
every row still gets exactly the outcome the one-row statement gives it (seq, duplicate, refusal),
also when the grouped statement fails and its rows are retried one by one."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable
from typing import Any

import pytest
from tests.support.db import stored_session

from interview_sim.services.ports import Appended, BudgetExceeded, LogBudget, SessionClosed, StateConflict
from interview_sim.storage.db import close_db, init_db
from interview_sim.storage.event_log import TortoiseEventLog
from interview_sim.storage.log_batch import AppendBatcher, Entry
from interview_sim.storage.models import EventRow, SessionRow

pytestmark = pytest.mark.postgres


@pytest.fixture
async def log(pg_url: str) -> AsyncIterator[TortoiseEventLog]:
    await init_db(pg_url)  # the template database is seeded already
    try:
        yield TortoiseEventLog(postgres=True)
    finally:
        await close_db()


def batcher(log: TortoiseEventLog) -> AppendBatcher:
    assert log.batcher is not None
    return log.batcher


async def new_sessions(n: int) -> list[str]:
    made = [await stored_session() for _ in range(n)]
    return [str(m.row.id) for m in made]


def note(log: TortoiseEventLog, sid: str, n: int, **kw: Any) -> Awaitable[Appended]:
    return log.append(sid, "OBSERVER_NOTE", {"text": f"{n}"}, ts_ms=1000 + n, **kw)


async def stored(sid: str) -> list[tuple[int, str]]:
    rows = await EventRow.filter(session_id=sid).order_by("seq").values("seq", "payload")
    return [(int(r["seq"]), r["payload"]["text"]) for r in rows]


async def test_many_sessions_share_statements_and_keep_their_order(log: TortoiseEventLog) -> None:
    sids = await new_sessions(50)
    calls = [(sid, i) for i in range(20) for sid in sids]  # each session's appends issued in order
    results = await asyncio.gather(*(note(log, sid, i) for sid, i in calls))
    for sid in sids:
        got = [r.seq for (s, _), r in zip(calls, results, strict=True) if s == sid]
        assert got == list(range(1, 21)), sid  # the i-th append of a session took seq i + 1
        assert await stored(sid) == [(i + 1, f"{i}") for i in range(20)]
        assert (await SessionRow.get(id=sid)).last_seq == 20
    assert batcher(log).rows == 1000
    assert batcher(log).statements < 100  # about 20: one per round of the 50 sessions
    assert batcher(log).failures == 0


async def test_duplicate_client_ids_in_and_across_statements(log: TortoiseEventLog) -> None:
    a, b, c = await new_sessions(3)
    first = await asyncio.gather(
        note(log, a, 1, client_id="c1"),
        note(log, b, 1, client_id="c1"),  # ids are per session
        note(log, a, 2, client_id="c1"),
        note(log, c, 1),
        note(log, a, 3, client_id="c2"),
    )
    assert [(r.seq, r.duplicate) for r in first] == [
        (1, False),
        (1, False),
        (1, True),
        (1, False),
        (2, False),
    ]
    assert first[2].ts_ms == first[0].ts_ms  # the original's time, as the one-row path answers
    again = await asyncio.gather(note(log, a, 4, client_id="c1"), note(log, c, 2), note(log, a, 5))
    assert [(r.seq, r.duplicate) for r in again] == [(1, True), (2, False), (3, False)]
    assert await stored(a) == [(1, "1"), (2, "3"), (3, "5")]


async def test_refusals_inside_a_statement_next_to_stored_rows(log: TortoiseEventLog) -> None:
    ok, cas, full, ended = await new_sessions(4)
    await note(log, full, 0)
    await log.append(ended, "STATE_CHANGE", {}, ts_ms=1, new_state="ENDED")
    before = batcher(log).statements
    results = await asyncio.gather(
        log.append(ok, "STATE_CHANGE", {}, ts_ms=2, expect_state="INTRO", new_state="PROBLEM"),
        log.append(cas, "STATE_CHANGE", {}, ts_ms=2, expect_state="CODING", new_state="REVIEW"),
        note(log, full, 1, budget=LogBudget(max_bytes=10_000, max_events=1)),
        note(log, ended, 1),
        note(log, str(uuid.uuid4()), 1),
        note(log, cas, 2, budget=LogBudget(max_bytes=10_000, max_events=5)),
        return_exceptions=True,
    )
    assert batcher(log).statements == before + 2  # `cas` has two rows: the second one waits
    assert results[0] == Appended(seq=1, ts_ms=2, duplicate=False)
    conflict = results[1]
    assert isinstance(conflict, StateConflict) and (conflict.expected, conflict.actual) == ("CODING", "INTRO")
    assert isinstance(results[2], BudgetExceeded)
    assert isinstance(results[3], SessionClosed) and isinstance(results[4], SessionClosed)
    assert results[5] == Appended(seq=1, ts_ms=1002, duplicate=False)  # the refused CAS took no seq
    assert [(s.state, s.last_seq) for s in await _rows(ok, cas, full, ended)] == [
        ("PROBLEM", 1), ("INTRO", 1), ("INTRO", 1), ("ENDED", 1),
    ]  # fmt: skip


async def _rows(*sids: str) -> list[SessionRow]:
    return [await SessionRow.get(id=sid) for sid in sids]


async def test_a_failed_statement_gives_every_row_its_own_outcome(
    log: TortoiseEventLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, dup, cas, full, ended = await new_sessions(5)
    await note(log, dup, 0, client_id="x")
    await note(log, full, 0)
    await log.append(ended, "STATE_CHANGE", {}, ts_ms=1, new_state="ENDED")
    real, calls = batcher(log).execute, []

    async def fails_once(entries: list[Entry]) -> dict[uuid.UUID, int]:
        calls.append(len(entries))
        if len(calls) == 1:
            raise ConnectionResetError("the statement never came back")
        return await real(entries)

    monkeypatch.setattr(batcher(log), "execute", fails_once)
    results = await asyncio.gather(
        note(log, plain, 1),
        note(log, dup, 1, client_id="x"),
        log.append(cas, "STATE_CHANGE", {}, ts_ms=2, expect_state="CODING", new_state="REVIEW"),
        note(log, full, 1, budget=LogBudget(max_bytes=10_000, max_events=1)),
        note(log, ended, 1),
        note(log, plain, 2),  # queued behind the failed statement: must still come second
        return_exceptions=True,
    )
    assert calls == [5] and batcher(log).failures == 1  # the lone row after it went the one-row way
    assert results[0] == Appended(seq=1, ts_ms=1001, duplicate=False)
    assert results[1] == Appended(seq=1, ts_ms=1000, duplicate=True)
    assert isinstance(results[2], StateConflict) and results[2].actual == "INTRO"
    assert isinstance(results[3], BudgetExceeded) and isinstance(results[4], SessionClosed)
    assert results[5] == Appended(seq=2, ts_ms=1002, duplicate=False)
    assert await stored(plain) == [(1, "1"), (2, "2")] and await stored(dup) == [(1, "0")]


async def test_two_nodes_racing_client_ids(log: TortoiseEventLog) -> None:
    """Two batchers (two nodes) send the same client ids at once: whichever statement loses a unique
    race is retried row by row; each id is stored once, the other copy answers its seq."""
    other = TortoiseEventLog(postgres=True)
    sids = await new_sessions(10)
    calls = [(node, sid, i) for i in range(5) for node in (log, other) for sid in sids]
    results = await asyncio.gather(*(note(node, sid, i, client_id=f"c{i}") for node, sid, i in calls))
    for sid in sids:
        mine = [r for (_, s, _), r in zip(calls, results, strict=True) if s == sid]
        assert sorted(r.seq for r in mine) == sorted([*range(1, 6), *range(1, 6)])
        assert sum(r.duplicate for r in mine) == 5
        assert [s for s, _ in await stored(sid)] == list(range(1, 6))


async def test_statements_in_flight_together_never_share_a_session(log: TortoiseEventLog) -> None:
    """Several statements overlap (one at a time made every append wait for the last commit), but a
    session is in at most one of them, so its seqs still follow the order of its appends."""
    sids = await new_sessions(12)
    b = batcher(log)
    real, flying, overlaps = b.execute, [], []

    async def slow(entries: list[Entry]) -> dict[uuid.UUID, int]:
        mine = {e.session_id for e in entries}
        overlaps.append(len(flying))
        assert all(not (mine & other) for other in flying), "a session in two statements at once"
        flying.append(mine)
        try:
            await asyncio.sleep(0.02)
            return await real(entries)
        finally:
            flying.remove(mine)

    b.execute = slow
    calls = [(sid, i) for i in range(10) for sid in sids]
    # Issued a few at a time, so the lanes fill while earlier statements are still out.
    pending = []
    for k in range(0, len(calls), 5):
        pending += [asyncio.ensure_future(note(log, sid, i)) for sid, i in calls[k : k + 5]]
        await asyncio.sleep(0.005)
    await asyncio.gather(*pending)
    assert max(overlaps) >= 1  # some statement started while another was out
    for sid in sids:
        assert await stored(sid) == [(i + 1, f"{i}") for i in range(10)]
