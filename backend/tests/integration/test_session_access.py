"""A socket's connect reads its session in one query (`SessionStore.access`), on SQLite and
PostgreSQL: the role each credential grants (the invite grants nothing), the state, nothing for a
session that does not exist."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from tests.support.db import stored_session

from interview_sim.protocol import Role
from interview_sim.storage.db import close_db, init_db
from interview_sim.storage.models import SessionRow
from interview_sim.storage.questions import seed_questions
from interview_sim.storage.sessions import SessionAccess, SessionStore


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[SessionStore]:
    await init_db(db_url)
    await seed_questions()
    try:
        yield SessionStore()
    finally:
        await close_db()


async def test_the_role_each_credential_grants(store: SessionStore) -> None:
    new, other = [await stored_session(company_mode="Google") for _ in range(2)]
    sid = str(new.row.id)
    observer = await store.add_observer(new.row, 5)
    assert observer is not None
    assert await store.access(sid, new.candidate_token) == SessionAccess(sid, "INTRO", Role.CANDIDATE)
    assert await store.access(sid.upper(), observer) == SessionAccess(sid, "INTRO", Role.OBSERVER)
    for nothing in (new.observer_invite, other.candidate_token, "", "x" * 43):
        assert await store.access(sid, nothing) == SessionAccess(sid, "INTRO", None)
    await SessionRow.filter(id=sid).update(state="ENDED")
    assert await store.access(sid, new.candidate_token) == SessionAccess(sid, "ENDED", Role.CANDIDATE)
    for missing in (str(uuid.uuid4()), "not-a-uuid"):
        assert await store.access(missing, new.candidate_token) is None
