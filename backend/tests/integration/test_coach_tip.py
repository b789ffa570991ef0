"""The coach's model-written tip through the real provider (loopback fake LLM): sent once per
period to the room as a COACH_NUDGE, and a failing model sends nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from tests.conftest import OpenClient, StartApp, runtime
from tests.integration.test_interviewer_service import _llm_settings, _started
from tests.support.client import SioClient
from tests.support.fake_llm import FakeLLM, HttpError, Stream, words

from interview_sim.app import Runtime
from interview_sim.domain.coach import CoachSettings

TIP = "Say out loud which case you are handling before you write it."


@pytest.fixture
async def fake_llm() -> AsyncIterator[FakeLLM]:
    async with FakeLLM() as fake:
        yield fake


async def _one_period_in(
    start_app: StartApp, db_url: str, fake_llm: FakeLLM, open_client: OpenClient
) -> tuple[str, SioClient, Runtime]:
    """A started interview with the model as provider, one short tip period after the start. The
    period is long enough (1.5 s) that a loaded machine does not cross into the next one between
    the two tips a test compares."""
    server = await start_app(_llm_settings(db_url, fake_llm))
    session_id, cand = await _started(server, open_client)
    rt = runtime(server)
    rt.realtime.coach.settings = CoachSettings(ai_tip_period_s=1.5, global_gap_s=0)  # type: ignore[union-attr]
    await asyncio.sleep(1.55)
    return session_id, cand, rt


async def test_model_tip_once_per_period(
    start_app: StartApp, db_url: str, fake_llm: FakeLLM, open_client: OpenClient
) -> None:
    session_id, cand, rt = await _one_period_in(start_app, db_url, fake_llm, open_client)
    coach = rt.realtime.coach  # type: ignore[union-attr]
    fake_llm.script(Stream(words(TIP)))
    view = await rt.realtime.views.view(session_id)  # type: ignore[union-attr]
    assert await coach.ai_tip(view) is True
    nudge = await cand.wait_for("COACH_NUDGE", lambda e: e["payload"]["category"] == "ai_tip")
    assert nudge["payload"]["text"] == TIP and nudge["payload"]["severity"] == "info"
    tip_request = fake_llm.requests[-1].json["messages"]
    assert tip_request[0]["role"] == "system" and "coach" in tip_request[0]["content"]

    again = await rt.realtime.views.view(session_id)  # type: ignore[union-attr]
    assert await coach.ai_tip(again) is False  # the same period: no second tip, no request
    assert len([r for r in fake_llm.requests if "coach" in str(r.json["messages"][0])]) == 1


async def test_failing_model_sends_no_tip(
    start_app: StartApp, db_url: str, fake_llm: FakeLLM, open_client: OpenClient
) -> None:
    session_id, cand, rt = await _one_period_in(start_app, db_url, fake_llm, open_client)
    coach = rt.realtime.coach  # type: ignore[union-attr]
    fake_llm.script(HttpError(401))
    view = await rt.realtime.views.view(session_id)  # type: ignore[union-attr]
    assert await coach.ai_tip(view) is False
    assert not [e for e in cand.of_type("COACH_NUDGE") if e["payload"]["category"] == "ai_tip"]
