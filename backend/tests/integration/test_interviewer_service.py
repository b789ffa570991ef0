"""Interviewer turns through a served app: one at a time, interruption, quiet while coding, the LLM
path against the loopback fake server (tests/support/fake_llm.py), and one turn at a time across two
apps sharing Redis (RedisTurnLock) and PostgreSQL."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from tests.conftest import OpenClient, StartApp, make_settings, runtime
from tests.support.client import SioClient
from tests.support.fake_llm import ErrorChunk, FakeLLM, HttpError, move_reply

from interview_sim.domain.model import LogEvent
from interview_sim.llm import split_words
from interview_sim.protocol import State
from interview_sim.questions.bank import load_bank
from interview_sim.services.interviewer import InterviewerService

MODEL_REPLY = "Hello from the model. Tell me how you would approach this problem."


@pytest.fixture
async def fake_llm() -> AsyncIterator[FakeLLM]:
    async with FakeLLM() as fake:
        yield fake


def interviewer(server: TestServer) -> InterviewerService:
    service = runtime(server).interviewer
    assert service is not None
    return service


async def log_of(server: TestServer, session_id: str) -> list[LogEvent]:
    realtime = runtime(server).realtime
    assert realtime is not None
    return await realtime.recorder.log.after(session_id)


def assert_turns_do_not_overlap(events: list[LogEvent]) -> list[tuple[LogEvent, LogEvent]]:
    """Every STREAM_START is followed by its own END before the next START; returns the pairs."""
    pairs, open_start = [], None
    for e in events:
        if e.type == "INTERVIEWER_STREAM_START":
            assert open_start is None, f"turn {e.payload['message_id']} started inside another"
            open_start = e
        elif e.type == "INTERVIEWER_STREAM_END":
            assert open_start is not None and e.payload["message_id"] == open_start.payload["message_id"]
            pairs.append((open_start, e))
            open_start = None
    assert open_start is None, "a turn never ended"
    return pairs


async def _candidate(server: TestServer, open_client: OpenClient, **body: Any) -> tuple[str, SioClient]:
    http_url = server.make_url("/sessions")
    async with aiohttp.ClientSession() as http:
        payload = {"question_id": "two-sum", "language": "python", **body}
        async with http.post(http_url, json=payload) as resp:
            assert resp.status == 201
            s = await resp.json()
    cand = await open_client(server, s["session_id"], s["candidate_token"], name="candidate")
    return s["session_id"], cand


async def _started(server: TestServer, open_client: OpenClient) -> tuple[str, SioClient]:
    """A session whose greeting turn has finished (state PROBLEM)."""
    sid, cand = await _candidate(server, open_client)
    await cand.call("CLIENT_READY", {})
    await cand.wait_for("STATE_CHANGE", lambda e: e["payload"]["to"] == "PROBLEM")
    await interviewer(server).tasks.idle()
    return sid, cand


# ---------------------------------------------------------------- offline interviewer


async def test_one_turn_at_a_time(start_app: StartApp, db_url: str, open_client: OpenClient) -> None:
    server = await start_app(make_settings(db_url, interviewer_word_delay_ms=2))
    sid, _ = await _started(server, open_client)
    service = interviewer(server)
    for _ in range(3):  # three triggers at once
        service.on_wrap_up(sid)
    await service.tasks.idle()
    pairs = assert_turns_do_not_overlap(await log_of(server, sid))
    assert [start.payload["kind"] for start, _ in pairs] == ["greeting", "wrap_up", "wrap_up", "wrap_up"]
    assert all(not end.payload["interrupted"] and end.payload["text"] for _, end in pairs)


async def test_interruption_then_answer(start_app: StartApp, db_url: str, open_client: OpenClient) -> None:
    server = await start_app(make_settings(db_url, interviewer_word_delay_ms=30))
    sid, cand = await _candidate(server, open_client)
    await cand.call("CLIENT_READY", {})
    start = await cand.wait_for("INTERVIEWER_STREAM_START")
    mid = start["payload"]["message_id"]
    await cand.wait_for("INTERVIEWER_STREAM_DELTA")
    assert (await cand.say("Sorry, can there be duplicates?"))["ok"]
    end = await cand.wait_for("INTERVIEWER_STREAM_END", lambda e: e["payload"]["message_id"] == mid)
    assert end["payload"]["interrupted"] is True
    said = "".join(d["payload"]["delta"] for d in cand.of_type("INTERVIEWER_STREAM_DELTA")
                   if d["payload"]["message_id"] == mid)  # fmt: skip
    assert end["payload"]["text"] == said and said and "Two Sum" not in said  # cut before the title
    answer = await cand.wait_for("INTERVIEWER_STREAM_END", lambda e: e["payload"]["message_id"] != mid)
    assert answer["payload"]["kind"] == "clarify" and "Values can repeat" in answer["payload"]["text"]
    await interviewer(server).tasks.idle()
    events = await log_of(server, sid)
    assert_turns_do_not_overlap(events)
    moves = [e for e in events if e.type == "STATE_CHANGE"]
    # an interrupted greeting still moves to PROBLEM (the problem is on screen anyway), after its END
    assert [(m.payload["from"], m.payload["to"]) for m in moves] == [("INTRO", "PROBLEM")]
    assert moves[0].seq > next(e.seq for e in events if e.type == "INTERVIEWER_STREAM_END")


async def test_a_barge_in_answer_starts_when_the_stopped_turn_lets_go(
    start_app: StartApp, db_url: str, open_client: OpenClient
) -> None:
    """The answer that interrupted a turn waits for the floor; the stopped turn's release on this
    node wakes it, it does not wait for the next poll (made far longer than the test here)."""
    server = await start_app(make_settings(db_url, interviewer_word_delay_ms=30))
    interviewer(server).lock_poll_s = 60.0
    _, cand = await _candidate(server, open_client)
    await cand.call("CLIENT_READY", {})
    mid = (await cand.wait_for("INTERVIEWER_STREAM_START"))["payload"]["message_id"]
    await cand.wait_for("INTERVIEWER_STREAM_DELTA")
    assert (await cand.say("Sorry, can there be duplicates?"))["ok"]
    end = await cand.wait_for("INTERVIEWER_STREAM_END", lambda e: e["payload"]["message_id"] == mid)
    assert end["payload"]["interrupted"] is True
    answer = await cand.wait_for("INTERVIEWER_STREAM_START", lambda e: e["payload"]["message_id"] != mid)
    assert answer["payload"]["kind"] == "clarify"


async def test_deltas_are_grouped_into_phrases(
    start_app: StartApp, db_url: str, open_client: OpenClient
) -> None:
    """The greeting streams in phrases (issue 10): the first word at once, then at most one delta
    per flush interval or clause, and the deltas join to exactly the END text."""
    settings = make_settings(db_url, interviewer_word_delay_ms=5, interviewer_flush_ms=60)
    server = await start_app(settings)
    _, cand = await _started(server, open_client)
    end = cand.of_type("INTERVIEWER_STREAM_END")[0]["payload"]
    deltas = [d["payload"]["delta"] for d in cand.of_type("INTERVIEWER_STREAM_DELTA")]
    assert "".join(deltas) == end["text"] and not end["interrupted"]
    words = split_words(end["text"])
    assert deltas[0] == words[0]
    assert 1 < len(deltas) < len(words) / 3  # ~12 words per 60 ms at 5 ms a word, or a clause


async def test_quiet_while_coding_unless_asked(server: TestServer, open_client: OpenClient) -> None:
    sid, cand = await _started(server, open_client)
    assert (await cand.call("STATE_CHANGE", {"to": "CODING"}))["ok"]
    service = interviewer(server)
    before = len(await log_of(server, sid))
    await cand.say("I'll loop over the array and keep a map from value to index")
    await service.tasks.idle()
    after_thinking = await log_of(server, sid)
    assert [e.type for e in after_thinking[before:]] == ["TRANSCRIPT_FINAL"]  # no turn
    await cand.say("Should I return the indices in increasing order?")
    await service.tasks.idle()
    await cand.say("I'm stuck, can I get a hint?")
    await service.tasks.idle()
    pairs = assert_turns_do_not_overlap(await log_of(server, sid))
    direct, hint = pairs[-2][1].payload, pairs[-1][1].payload
    assert direct["kind"] == "clarify" and "increasing order" in direct["text"]
    assert hint["kind"] == "hint" and hint["hint_level"] == 1


async def test_a_resent_utterance_is_answered_once(server: TestServer, open_client: OpenClient) -> None:
    sid, cand = await _started(server, open_client)
    question = {"text": "Can there be duplicates?", "source": "speech"}
    first = await cand.call("TRANSCRIPT_FINAL", question, id="utt-1")
    again = await cand.call("TRANSCRIPT_FINAL", question, id="utt-1")
    assert again == {**first, "duplicate": True}
    await interviewer(server).tasks.idle()
    events = await log_of(server, sid)
    assert [e.type for e in events].count("TRANSCRIPT_FINAL") == 1
    answers = [end for _, end in assert_turns_do_not_overlap(events) if end.payload["kind"] == "clarify"]
    assert len(answers) == 1


async def test_a_move_planned_on_a_stale_state_is_decided_again(
    server: TestServer, open_client: OpenClient
) -> None:
    """A turn moves from the state it was planned on without reading it again; when the state moved
    meanwhile, the compare-and-set fails and the move is decided on the state read then."""
    sid, _ = await _started(server, open_client)
    service = interviewer(server)
    stale = dataclasses.replace(await service.views.view(sid), state=State.INTRO)  # it is PROBLEM
    await service._move(stale, State.CODING)
    moves = [e.payload for e in await log_of(server, sid) if e.type == "STATE_CHANGE"]
    assert [(m["from"], m["to"], m["reason"]) for m in moves] == [
        ("INTRO", "PROBLEM", "interviewer"),  # the greeting's
        ("PROBLEM", "CODING", "interviewer"),  # from the fresh state, not INTRO -> PROBLEM again
    ]
    # A move the stale state does not allow but the fresh one does.
    stale = dataclasses.replace(await service.views.view(sid), state=State.REVIEW)  # it is CODING
    await service._move(stale, State.REVIEW)
    last = [e.payload for e in await log_of(server, sid) if e.type == "STATE_CHANGE"][-1]
    assert (last["from"], last["to"]) == ("CODING", "REVIEW")


# ---------------------------------------------------------------- the LLM path (fake server)


def _llm_settings(db_url: str, fake: FakeLLM) -> Any:
    return make_settings(db_url, llm_api_key="sk-test", llm_base_url=fake.base_url, llm_model="fake/model")


async def test_llm_stream(
    start_app: StartApp, db_url: str, fake_llm: FakeLLM, open_client: OpenClient
) -> None:
    fake_llm.default = move_reply(MODEL_REPLY)
    server = await start_app(_llm_settings(db_url, fake_llm))
    _, cand = await _started(server, open_client)
    greeting = cand.of_type("INTERVIEWER_STREAM_END")[0]["payload"]
    assert greeting["text"] == MODEL_REPLY and greeting["provider"] == "fake/model"
    assert greeting["interrupted"] is False and not cand.of_type("ERROR")
    deltas = [d["payload"]["delta"] for d in cand.of_type("INTERVIEWER_STREAM_DELTA")]
    assert "".join(deltas) == MODEL_REPLY and len(deltas) > 1
    request = fake_llm.requests[0]
    assert request.json["stream"] is True and request.headers["Authorization"] == "Bearer sk-test"
    assert request.json["model"] == "fake/model" and request.json["messages"][0]["role"] == "system"
    assert "Two Sum" in str(request.json["messages"])
    question = load_bank()["two-sum"]
    prompt = str(request.json["messages"])
    assert question.solutions["python"] not in prompt
    assert question.approach not in prompt  # only for a hint or the review
    assert str(list(question.hidden_tests[-1].args)) not in prompt


async def test_llm_error_mid_stream_degrades(
    start_app: StartApp, db_url: str, fake_llm: FakeLLM, open_client: OpenClient
) -> None:
    fake_llm.script(ErrorChunk(['{"move": ', '"acknowledge", ']))
    fake_llm.default = move_reply(MODEL_REPLY)
    server = await start_app(_llm_settings(db_url, fake_llm))
    sid, cand = await _started(server, open_client)
    error = await cand.wait_for("ERROR", lambda e: e["payload"]["code"] == "llm_degraded")
    assert "seq" not in error
    end = cand.of_type("INTERVIEWER_STREAM_END")[0]["payload"]
    assert end["text"].startswith("Hi, thanks for joining") and "Two Sum" in end["text"]  # the offline turn
    assert "move" not in end["text"] and end["provider"] == "offline" and end["interrupted"] is False
    # the session goes on: the move to PROBLEM happened and the next turn uses the model again
    await cand.say("Can the values repeat?")
    answer = await cand.wait_for("INTERVIEWER_STREAM_END", lambda e: e["payload"]["provider"] == "fake/model")
    assert answer["payload"]["text"] == MODEL_REPLY
    assert_turns_do_not_overlap(await log_of(server, sid))


async def test_llm_429_then_success(
    start_app: StartApp, db_url: str, fake_llm: FakeLLM, open_client: OpenClient
) -> None:
    fake_llm.script(HttpError(429, retry_after="0"), move_reply(MODEL_REPLY))
    server = await start_app(_llm_settings(db_url, fake_llm))
    _, cand = await _started(server, open_client)
    end = cand.of_type("INTERVIEWER_STREAM_END")[0]["payload"]
    assert end["text"] == MODEL_REPLY and end["provider"] == "fake/model"
    assert not cand.of_type("ERROR") and len(fake_llm.requests) == 2


# ---------------------------------------------------------------- two apps, one turn at a time


@pytest.mark.redis
@pytest.mark.postgres
async def test_single_turn_across_two_apps(
    start_app: StartApp, pg_url: str, redis_url: str, open_client: OpenClient
) -> None:
    app_a = await start_app(
        make_settings(pg_url, redis_url=redis_url, node_id="a", interviewer_word_delay_ms=2)
    )
    app_b = await start_app(
        make_settings(pg_url, redis_url=redis_url, node_id="b", interviewer_word_delay_ms=2)
    )
    sid, cand = await _started(app_a, open_client)
    a, b = interviewer(app_a), interviewer(app_b)
    a.on_wrap_up(sid)
    b.on_wrap_up(sid)
    a.on_wrap_up(sid)
    b.on_wrap_up(sid)
    await asyncio.gather(a.tasks.idle(), b.tasks.idle())
    pairs = assert_turns_do_not_overlap(await log_of(app_b, sid))
    assert [s.payload["kind"] for s, _ in pairs] == ["greeting"] + ["wrap_up"] * 4
    await cand.wait_seq(pairs[-1][1].seq)
    cand.assert_contiguous()
