"""`ViewCache.view` on a real database (SQLite and PostgreSQL) through its one plain-SQL read: the same
facts the ORM rows hold, the log topped up incrementally, the start marked once across nodes,
NotFound for a missing session."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from tests.support.db import stored_session

from interview_sim.protocol import State
from interview_sim.questions.bank import load_bank
from interview_sim.services.errors import NotFound
from interview_sim.services.ports import SystemClock
from interview_sim.services.views import ViewCache
from interview_sim.storage.db import close_db, init_db, is_postgres
from interview_sim.storage.event_log import TortoiseEventLog
from interview_sim.storage.models import QuestionRow, SessionRow
from interview_sim.storage.questions import QuestionStore, seed_questions
from interview_sim.storage.view_reads import SqlSessionReads


@pytest.fixture
async def views(db_url: str) -> AsyncIterator[ViewCache]:
    await init_db(db_url)
    await seed_questions()
    postgres = is_postgres(db_url)
    try:
        yield ViewCache(
            TortoiseEventLog(postgres), QuestionStore(), SystemClock(), reads=SqlSessionReads(postgres)
        )
    finally:
        await close_db()


async def test_view_matches_the_rows(views: ViewCache) -> None:
    new = await stored_session(company_mode="Google", difficulty="Medium", candidate_name="Ada")
    sid = str(new.row.id)
    fresh = await views.view(sid)
    assert (fresh.state, fresh.started_at_ms, fresh.events) == (State.INTRO, None, ())
    assert (fresh.company_mode, fresh.difficulty, fresh.language) == ("Google", "Medium", "python")
    assert fresh.candidate_name == "Ada" and fresh.question.id == "two-sum"

    # Readies on several nodes at once (a cache each): exactly one marks the interview started,
    # and every one of them sees the mark in its view.
    nodes = [ViewCache(views.log, views.questions, views.clock, reads=views.reads) for _ in range(4)]
    started = await asyncio.gather(*(node.start(sid) for node in nodes))
    assert sorted(here for _, here in started) == [False, False, False, True]
    marks = {view.started_at_ms for view, _ in started}
    assert len(marks) == 1 and None not in marks
    again, here = await views.start(sid)
    assert not here and again.started_at_ms in marks
    log = views.log
    await log.append(sid, "STATE_CHANGE", {"from": "INTRO", "to": "PROBLEM"}, ts_ms=5, new_state="PROBLEM")
    await log.append(sid, "CODE_SNAPSHOT", {"code": "x = 1", "language": "python"}, ts_ms=6, client_id="c1")
    view = await views.view(sid)
    row = await SessionRow.get(id=sid)
    assert row.started_at is not None
    assert view.started_at_ms == int(row.started_at.timestamp() * 1000)
    assert view.state == State.PROBLEM
    assert [(e.seq, e.type, e.ts_ms, dict(e.payload), e.client_id) for e in view.events] == [
        (1, "STATE_CHANGE", 5, {"from": "INTRO", "to": "PROBLEM"}, None),
        (2, "CODE_SNAPSHOT", 6, {"code": "x = 1", "language": "python"}, "c1"),
    ]
    assert list(view.events) == await log.after(sid)  # the same events the ORM read gives

    await log.append(sid, "OBSERVER_NOTE", {"text": "ok"}, ts_ms=7)
    views.forget(sid)  # a cold read and a warm one agree
    cold = await views.view(sid)
    assert [e.seq for e in cold.events] == [1, 2, 3] and (await views.view(sid)).events == cold.events


async def test_missing_session_is_not_found(views: ViewCache) -> None:
    for sid in (str(uuid.uuid4()), "not-a-uuid"):
        with pytest.raises(NotFound):
            await views.view(sid)


async def test_a_question_is_read_once_by_concurrent_readers(
    views: ViewCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    real = QuestionRow.get_or_none

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(kwargs.get("id", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(QuestionRow, "get_or_none", counted)
    store = QuestionStore()
    got = await asyncio.gather(*(store.get("two-sum") for _ in range(50)))
    assert reads == ["two-sum"] and all(q is got[0] and q is not None for q in got)
    assert await asyncio.gather(store.get("nope"), store.get("nope")) == [None, None]
    assert await store.get("two-sum") is got[0] and reads == ["two-sum", "nope", "nope"]


async def test_a_loaded_bank_answers_without_reading(
    views: ViewCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A node loads the bank at start-up: its interviews' questions come without a read, and `list`
    does not read it again."""
    store = QuestionStore()
    loaded = await store.load()
    assert {q.id for q in loaded} == set(load_bank())

    def no_reads(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the question table was read again")

    monkeypatch.setattr(QuestionRow, "get_or_none", no_reads)
    monkeypatch.setattr(QuestionRow, "all", no_reads)
    got = await asyncio.gather(*(store.get(q.id) for q in loaded))
    assert [q.id for q in got if q is not None] == [q.id for q in loaded]
    assert await store.list(difficulty="easy") == [q for q in loaded if q.difficulty == "easy"]


@pytest.mark.postgres
async def test_reads_in_one_loop_turn_share_a_statement(pg_url: str) -> None:
    """PostgreSQL groups the reads of one loop turn (read_batch.py): the same answers as one
    statement per read, one start per session even when it is asked twice, a missing session
    missing, and each read on its own when a grouped statement fails."""
    await init_db(pg_url)
    try:
        await seed_questions()
        log = TortoiseEventLog(True)
        sids = []
        for i in range(5):
            new = await stored_session(company_mode="Google", candidate_name=f"c{i}")
            sids.append(str(new.row.id))
            for n in range(i):
                await log.append(sids[-1], "OBSERVER_NOTE", {"text": f"n{n}"}, ts_ms=n)
        grouped, single = SqlSessionReads(True), SqlSessionReads(True, batch=False)
        assert grouped.batcher is not None
        missing = str(uuid.uuid4())
        asks = [(sid, after) for sid in sids for after in (0, 2)] + [(missing, 0)]
        got = await asyncio.gather(*(grouped.facts_and_events(s, a) for s, a in asks))
        assert grouped.batcher.statements == 1
        assert got == [await single.facts_and_events(s, a) for s, a in asks]
        assert got[-1] is None and [len(r[1]) for r in got[:4] if r] == [0, 0, 1, 0]

        when = datetime.now(UTC)
        starts = await asyncio.gather(
            *(grouped.facts_and_events(s, 0, start_at=when) for s in [sids[0], sids[0], sids[1]])
        )
        assert grouped.batcher.statements == 2
        assert [r[0].started_here for r in starts if r] == [True, False, True]
        assert {r[0].started_at_ms for r in starts if r} == {int(when.timestamp() * 1000)}

        async def broken(requests: Any) -> Any:
            raise ConnectionError("the statement's connection dropped")

        grouped.batcher.execute = broken
        again = await asyncio.gather(*(grouped.facts_and_events(s, 0, start_at=when) for s in sids[1:3]))
        assert [r[0].started_here for r in again if r] == [False, True]  # sids[1] had started
    finally:
        await close_db()
