"""A whole interview over real socket.io clients (a candidate and an observer) against a served app:
offline, and once more with the fake LLM server as the provider; on SQLite and PostgreSQL.

The run results are real: the question's reference solution and a wrong one are run on the tests
with tests/support/reference_runner.py. The report's figures are checked against the log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from tests.conftest import OpenClient, StartApp, bearer, idle, make_settings
from tests.support.client import LiveInterview
from tests.support.fake_llm import FakeLLM, echo_suggestion
from tests.support.procs import join_as_observer

from interview_sim.protocol import Report
from interview_sim.questions.bank import load_bank

QUESTION = "two-sum"
WRONG = "def solution(nums, target):\n    return [0, 1]\n"
MODEL_REPLY = "Understood. Please go on and tell me more about your thinking."
MODEL = "fake/interviewer"


@pytest.fixture
async def fake_llm() -> AsyncIterator[FakeLLM]:
    async with FakeLLM() as fake:
        fake.responder = echo_suggestion(MODEL_REPLY)  # a compliant model: the offline move, its words
        yield fake


async def _get(server: TestServer, path: str, token: str) -> Any:
    import aiohttp

    async with aiohttp.ClientSession() as http, http.get(server.make_url(path), headers=bearer(token)) as r:
        assert r.status == 200, await r.text()
        return await r.json()


async def _open(server: TestServer, open_client: OpenClient) -> tuple[dict[str, Any], LiveInterview]:
    import aiohttp

    body = {"question_id": QUESTION, "language": "python", "candidate_name": "Ada"}
    async with aiohttp.ClientSession() as http, http.post(server.make_url("/sessions"), json=body) as r:
        assert r.status == 201
        s = await r.json()
        s["observer_token"] = await join_as_observer(http, str(server.make_url("")).rstrip("/"), s)
    obs = await open_client(server, s["session_id"], s["observer_token"], name="observer")
    cand = await open_client(server, s["session_id"], s["candidate_token"], name="candidate")
    return s, LiveInterview(cand, obs, idle(server), load_bank()[QUESTION])


@pytest.mark.parametrize("provider", ["offline", "llm"])
async def test_whole_interview(
    start_app: StartApp, db_url: str, fake_llm: FakeLLM, open_client: OpenClient, provider: str
) -> None:
    llm = {"llm_api_key": "sk-e2e", "llm_base_url": fake_llm.base_url, "llm_model": MODEL}
    server = await start_app(make_settings(db_url, **(llm if provider == "llm" else {})))
    s, iv = await _open(server, open_client)
    q, offline = iv.q, provider == "offline"
    voice = "offline" if offline else MODEL

    # intro: the greeting streams, then the interviewer moves to PROBLEM
    assert (await iv.cand.call("CLIENT_READY", {}))["ok"]
    await iv.cand.wait_for("STATE_CHANGE")
    await iv.settle()
    greeting = iv.cand.of_type("INTERVIEWER_STREAM_END")[0]["payload"]
    assert greeting["kind"] == "greeting" and greeting["provider"] == voice
    assert iv.cand.of_type("INTERVIEWER_STREAM_DELTA") and iv.state() == "PROBLEM"
    assert (
        ("Two Sum" in greeting["text"] and "Ada" in greeting["text"])
        if offline
        else greeting["text"] == MODEL_REPLY
    )

    # a clarifying question, answered from the question's facts
    fact = q.clarifying_facts[0]
    clarify = await iv.say(f"Can the input have {fact.keywords[0]}?")
    assert clarify is not None and clarify["payload"]["kind"] == "clarify"
    if offline:
        assert fact.answer in clarify["payload"]["text"]
    else:
        assert fact.answer in str(fake_llm.requests[-1].json["messages"])  # the model was given the fact

    # an approach with its complexity: the interviewer sends the candidate to code
    ack = await iv.say(
        f"I would use a hash map from value to index: {q.complexity.time} time, {q.complexity.space} space."
    )
    assert ack is not None and ack["payload"]["kind"] == "coding_ack" and iv.state() == "CODING"

    # code, a failing then a passing sample run
    await iv.code(WRONG)
    failing = await iv.run_samples(WRONG)
    assert 0 <= failing["passed"] < failing["total"]
    hint = await iv.say("I'm stuck on the lookup, can I get a hint?")
    assert hint is not None and hint["payload"]["kind"] == "hint" and hint["payload"]["hint_level"] == 1
    if offline:
        assert hint["payload"]["text"] == q.hints[0]
    await iv.code(q.solutions["python"])
    passing = await iv.run_samples(q.solutions["python"])
    assert passing["passed"] == passing["total"] == len(q.sample_tests)

    # submit: the server judges the code, all hidden tests pass, the interviewer discusses it
    submitted, discussion = await iv.submit(q.solutions["python"])
    assert submitted["source"] == "server" and submitted["passed"] == submitted["total"] > 0
    assert discussion is not None and discussion["payload"]["kind"] == "submit_discussion"
    if offline:
        assert "All the hidden tests passed" in discussion["payload"]["text"]

    # review: complexity, follow-ups, then wrap-up and the close
    review = await iv.say(
        f"Walking through the first example, it is {q.complexity.time} time and {q.complexity.space} space."
    )
    assert review is not None and review["payload"]["kind"] in ("follow_up", "wrap_up")
    for _ in q.follow_ups:
        if iv.state() != "REVIEW":
            break
        await iv.say("I would keep the same idea and change what I store, with the same bounds.")
    if iv.state() == "REVIEW":
        await iv.move("WRAP_UP")
    assert iv.state() == "WRAP_UP"
    assert (await iv.say("What does a typical week look like for the team?")) is not None
    closing = await iv.say("No, that's all. Thank you!")
    assert closing is not None and closing["payload"]["kind"] == "closing"
    await iv.cand.wait_for("STATE_CHANGE", lambda e: e["payload"]["to"] == "ENDED")
    await iv.settle()

    # the report follows from the log
    report = Report.model_validate(
        await _get(server, f"/sessions/{s['session_id']}/report", s["candidate_token"])
    )
    log = (await _get(server, f"/sessions/{s['session_id']}/events?limit=1000", s["observer_token"]))[
        "events"
    ]
    assert report.hidden_tests is not None
    assert report.hidden_tests.passed == report.hidden_tests.total == submitted["total"]
    runs = [e for e in log if e["type"] == "RUN_RESULT"]
    assert (report.timeline.runs, report.timeline.sample_runs, report.timeline.submits) == (len(runs), 2, 1)
    hints = [e for e in log if e["type"] == "INTERVIEWER_STREAM_END" and e["payload"].get("hint_level")]
    assert report.hints_used == len(hints) == 1
    assert report.signal in ("hire", "strong_hire"), [(r.dimension, r.score) for r in report.rubric]
    seqs = {e["seq"] for e in log}
    cited = [ev.seq for item in report.rubric for ev in item.evidence]
    tied = {c for c in cited if c != 0}  # seq 0 marks evidence about the whole log ("no hints")
    assert tied and tied <= seqs
    assert report.final_code == q.solutions["python"]
    assert report.summary_source == ("deterministic" if offline else "model")
    ends = [e for e in log if e["type"] == "INTERVIEWER_STREAM_END"]
    assert {e["payload"]["provider"] for e in ends} == {voice}

    # the observer got every logged event once, in order
    await iv.obs.wait_seq(log[-1]["seq"])
    assert iv.obs.assert_contiguous() == [e["seq"] for e in log]
    assert iv.obs.find("INTERVIEWER_STREAM_DELTA") is not None
