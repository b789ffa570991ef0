"""Fresh databases for tests: an SQLite file, or a new PostgreSQL database made from `test` on
127.0.0.1:5432 and dropped afterwards. The `db_url` fixture (in tests/conftest.py) runs a test on both.

Tests that need PostgreSQL or Redis fail when the service is missing and CI=true, and skip with the
reason otherwise.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from redis.asyncio import Redis

from interview_sim.storage.sessions import NewSession, SessionStore

PG_ADMIN_DSN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/test")
PG_BASE_URL = os.environ.get("TEST_PG_BASE_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing_service(what: str, why: object) -> None:
    """Fail in CI, skip with the reason elsewhere."""
    message = f"{what} is not reachable: {why}"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


async def _admin() -> asyncpg.Connection:
    try:
        return await asyncpg.connect(PG_ADMIN_DSN, timeout=3)
    except (OSError, asyncpg.PostgresError) as exc:
        missing_service("PostgreSQL (127.0.0.1:5432)", exc)
        raise  # unreachable: missing_service raises


# Databases made by this test run: dropped at the end of the run (see `drop_all`), not at the end of
# each test, because pytest tears a test's database fixture down before the app that still uses it.
CREATED: list[str] = []


_TEMPLATE: list[str] = []  # one migrated and seeded database per run, copied for each test


async def _template() -> str:
    """A PostgreSQL database with the migrations applied and the bank seeded, made once per run:
    copying it (CREATE DATABASE ... TEMPLATE) is much faster than migrating a new one each time."""
    if _TEMPLATE:
        return _TEMPLATE[0]
    from interview_sim.storage.db import close_db, init_db
    from interview_sim.storage.questions import seed_questions

    name = f"isim_tpl_{uuid.uuid4().hex[:10]}"
    admin = await _admin()
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    CREATED.insert(0, name)  # dropped last
    await init_db(f"{PG_BASE_URL}/{name}")
    try:
        await seed_questions()
    finally:
        await close_db()
    _TEMPLATE.append(name)
    return name


@asynccontextmanager
async def fresh_postgres() -> AsyncIterator[str]:
    """A new PostgreSQL database (migrated and seeded, from the run's template); yields its Tortoise
    URL (dropped by `drop_all`)."""
    template = await _template()
    name = f"isim_{uuid.uuid4().hex[:12]}"
    admin = await _admin()
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        await admin.close()
    CREATED.append(name)
    yield f"{PG_BASE_URL}/{name}"


async def drop_all() -> None:
    """Drop every database this run created (forcing out connections a stopped app left behind)."""
    if not CREATED:
        return
    admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=3)
    try:
        while CREATED:
            await admin.execute(f'DROP DATABASE IF EXISTS "{CREATED.pop()}" WITH (FORCE)')
    finally:
        await admin.close()
        _TEMPLATE.clear()


def sqlite_url(directory: Path) -> str:
    """A new SQLite file in `directory` (a pytest tmp_path)."""
    return f"sqlite://{directory / f'isim-{uuid.uuid4().hex[:8]}.sqlite3'}"


@asynccontextmanager
async def database(kind: str, directory: Path) -> AsyncIterator[str]:
    """A fresh database of `kind` ("sqlite" or "postgres"): yields its URL."""
    if kind == "sqlite":
        yield sqlite_url(directory)
        return
    async with fresh_postgres() as url:
        yield url


async def require_redis(url: str = REDIS_TEST_URL) -> str:
    """`url` when Redis answers PING; fails (CI) or skips otherwise."""
    client = Redis.from_url(url, socket_connect_timeout=2)
    try:
        await client.ping()
    except Exception as exc:
        missing_service("Redis (127.0.0.1:6379)", exc)
    finally:
        await client.aclose()
    return url


async def stored_session(**fields: Any) -> NewSession:
    """A session row made as `POST /sessions` makes it (Two Sum, General, Easy, Python, no name, as
    far as `fields` do not say otherwise), on the database Tortoise is connected to."""
    defaults = {
        "question_id": "two-sum",
        "company_mode": "General",
        "difficulty": "Easy",
        "language": "python",
        "candidate_name": None,
    }
    return await SessionStore().create(**{**defaults, **fields})
