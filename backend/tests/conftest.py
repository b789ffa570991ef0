"""Shared fixtures: a fresh database per test (`db_url`, on SQLite and PostgreSQL), Redis, the app
served on a loopback port (`start_app`, `server`), REST helpers and socket.io test clients."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from tortoise.backends.base import executor

from interview_sim.app import RUNTIME, Runtime, create_app
from interview_sim.settings import Settings
from tests.support.client import SioClient
from tests.support.db import database, drop_all, require_redis
from tests.support.fake_judge import InProcessJudge

Http = TestClient[Any, Any]  # the REST test client
StartApp = Callable[..., Awaitable[TestServer]]
OpenClient = Callable[..., Awaitable[SioClient]]


def make_settings(db_url: str, **overrides: Any) -> Settings:
    """Fast, offline settings for tests: short silence tolerance, no word delay, no LLM key."""
    values: dict[str, Any] = {
        "database_url": db_url,
        "redis_url": None,
        "llm_api_key": None,
        "silence_tolerance_ms": 50,
        "interviewer_word_delay_ms": 0,
        "coach_tick_s": 3600.0,
        "node_id": "test-node",
        "frontend_dist": Path("/nonexistent-frontend-dist"),
        "sessions_per_address_per_hour": 100_000,
    }
    values.update(overrides)
    return Settings(**values)


def runtime(server: TestServer) -> Runtime:
    return server.app[RUNTIME]


def idle(server: TestServer) -> Callable[[], Awaitable[None]]:
    """Waits until the app's judge and interviewer have nothing running (a verdict starts a turn)."""
    rt = runtime(server)

    async def wait() -> None:
        assert rt.judging is not None and rt.interviewer is not None
        await rt.judging.tasks.idle()
        await rt.interviewer.tasks.idle()

    return wait


@pytest.fixture(scope="session", autouse=True)
def _drop_test_databases() -> Iterator[None]:
    yield
    asyncio.run(drop_all())


@pytest.fixture(autouse=True)
def _fresh_tortoise_executor_cache() -> None:
    """Tortoise caches insert SQL per connection *name* ("default") across `Tortoise.init` calls, so a
    PostgreSQL test after an SQLite one would reuse `?` placeholders: start every test clean."""
    executor.EXECUTOR_CACHE.clear()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database: an SQLite file, then a new PostgreSQL database."""
    async with database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
async def pg_url(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh PostgreSQL database (tests that need several apps on one database)."""
    async with database("postgres", tmp_path) as url:
        yield url


@pytest.fixture
async def redis_url() -> str:
    return await require_redis()


@pytest.fixture
async def start_app(aiohttp_server: Any) -> StartApp:
    """`await start_app(settings, judge=...)` serves `create_app(settings)` on 127.0.0.1; stopped at
    teardown. The judge defaults to the in-process test double (Python only); the confined judge is
    tested in tests/judge and used end to end."""

    async def start(settings: Settings, judge: Any = None) -> TestServer:
        app = create_app(settings, judge=judge if judge is not None else InProcessJudge())
        server: TestServer = await aiohttp_server(app)
        return server

    return start


@pytest.fixture
async def server(start_app: StartApp, db_url: str) -> TestServer:
    return await start_app(make_settings(db_url))


@pytest.fixture
async def http(aiohttp_client: Any, server: TestServer) -> Http:
    client: Http = await aiohttp_client(server)
    return client


@pytest.fixture
async def open_client(start_app: StartApp) -> AsyncIterator[OpenClient]:
    """`await open_client(server, session_id, token, query=False, name=...)`; closed at teardown
    (before the servers stop: this fixture depends on `start_app`)."""
    opened: list[SioClient] = []

    async def open_(server: TestServer, session_id: str, token: str, **kw: Any) -> SioClient:
        client = SioClient(kw.pop("name", "client"))
        opened.append(client)
        await client.connect(str(server.make_url("/")), session_id, token, **kw)
        return client

    yield open_
    for client in opened:
        await client.close()


async def create_session(http: Http, **body: Any) -> dict[str, Any]:
    """POST /sessions (offline defaults: General, Easy, python) and return the 201 body, plus an
    `observer_token` of an observer who joined through the invite."""
    payload = {"company_mode": "General", "difficulty": "Easy", "language": "python", **body}
    resp = await http.post("/sessions", json=payload)
    assert resp.status == 201, await resp.text()
    data: dict[str, Any] = await resp.json()
    joined = await http.post(
        f"/sessions/{data['session_id']}/observers", json={"invite": data["observer_invite"]}
    )
    assert joined.status == 201, await joined.text()
    data["observer_token"] = (await joined.json())["observer_token"]
    return data


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
