"""Model spend with the fake model: concurrent sessions never exceed the global cap on model calls,
the offline interviewer takes over past a session's budget (with the `llm_degraded` notice once),
and a report's model summary is asked for once however many requests arrive together."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import OpenClient, StartApp, bearer, create_session, make_settings
from tests.support.fake_llm import FakeLLM, Stream, words


@pytest.fixture
async def fake() -> AsyncIterator[FakeLLM]:
    async with FakeLLM() as server:
        server.default = Stream(words("Thanks. Tell me how you would approach it."), delay_s=0.03)
        yield server


async def test_model_calls_are_capped_and_budgeted(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path, open_client: OpenClient, fake: FakeLLM
) -> None:
    settings = make_settings(
        f"sqlite://{tmp_path / 'db.sqlite3'}",
        llm_api_key="sk-test",
        llm_base_url=fake.base_url,
        llm_model="test/model",
        llm_max_concurrent=2,
        llm_calls_per_session=2,
    )
    server = await start_app(settings)
    http = await aiohttp_client(server)
    sessions = [await create_session(http) for _ in range(4)]
    cands = [await open_client(server, s["session_id"], s["candidate_token"]) for s in sessions]
    await asyncio.gather(*(c.call("CLIENT_READY", {}) for c in cands))  # four greetings at once
    for c in cands:
        await c.wait_for("INTERVIEWER_STREAM_END", timeout_s=10)
    for turn in range(3):
        marks = [c.mark() for c in cands]
        await asyncio.gather(*(c.say(f"My idea number {turn} is a hash map.") for c in cands))
        for c, mark in zip(cands, marks, strict=True):
            await c.wait_for("INTERVIEWER_STREAM_END", since=mark, timeout_s=10)
    assert fake.peak_active <= 2, fake.peak_active
    assert len(fake.requests) <= 2 * len(sessions)
    for c in cands:
        providers = [e["payload"]["provider"] for e in c.of_type("INTERVIEWER_STREAM_END")]
        assert providers.count("test/model") <= 2 and providers[-1] == "offline", providers
        notices = [e for e in c.of_type("ERROR") if e["payload"]["code"] == "llm_degraded"]
        assert len(notices) == 1, notices  # told once, then the offline interviewer carries on


async def test_one_report_summary_per_session(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path, fake: FakeLLM
) -> None:
    settings = make_settings(
        f"sqlite://{tmp_path / 'db.sqlite3'}",
        llm_api_key="sk-test",
        llm_base_url=fake.base_url,
        llm_model="test/model",
    )
    server = await start_app(settings)
    http = await aiohttp_client(server)
    s = await create_session(http)
    auth, base = bearer(s["candidate_token"]), f"/sessions/{s['session_id']}"
    before = len(fake.requests)
    end = asyncio.ensure_future(http.post(f"{base}/end", headers=auth))
    await fake.wait_requests(before + 1)  # the summary is being written
    reports = await asyncio.gather(*(http.get(f"{base}/report", headers=auth) for _ in range(5)))
    assert (await end).status == 200
    bodies = [await r.json() for r in reports]
    assert all(r.status == 200 for r in reports)
    assert len(fake.requests) == before + 1
    assert len({str(b) for b in bodies}) == 1  # every caller got the same report
