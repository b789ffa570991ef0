"""Scripted strong and weak candidates through the real server (offline interviewer) on five bank
questions, over socket.io with real code runs. Strong ones must get hire or strong_hire, weak ones
no_hire or strong_no_hire; `pytest -s` prints both reports' rubric scores."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from tests.conftest import OpenClient, bearer
from tests.support.client import LiveInterview
from tests.support.live import open_live

from interview_sim.protocol import Report
from interview_sim.questions.bank import load_bank

QUESTIONS = ["two-sum", "valid-parentheses", "merge-intervals", "number-of-islands", "trapping-rain-water"]
FILLER = "um so like, basically I'm just gonna, like, you know, write it, um, yeah"


async def _report(server: TestServer, s: dict[str, Any], iv: LiveInterview) -> Report:
    await iv.cand.wait_for("STATE_CHANGE", lambda e: e["payload"]["to"] == "ENDED")
    await iv.idle()
    url = server.make_url(f"/sessions/{s['session_id']}/report")
    async with aiohttp.ClientSession() as http, http.get(url, headers=bearer(s["candidate_token"])) as resp:
        assert resp.status == 200
        return Report.model_validate(await resp.json())


async def strong(server: TestServer, open_client: OpenClient, qid: str) -> Report:
    s, iv = await open_live(server, open_client, load_bank()[qid])
    q, solution = iv.q, iv.q.solutions["python"]
    clarify = await iv.say(f"Can the input have {q.clarifying_facts[0].keywords[0]}?")
    assert clarify and clarify["payload"]["text"] in {f.answer for f in q.clarifying_facts}
    plan = await iv.say(
        "My idea is to start from the brute force, then keep extra state so I avoid repeated work."
    )
    assert plan and plan["payload"]["kind"] == "complexity"
    go = await iv.say(f"That would be {q.complexity.time} time and {q.complexity.space} space.")
    assert go and go["payload"]["kind"] == "coding_ack" and iv.state() == "CODING"
    await iv.code(solution)
    assert await iv.say("I'll handle the empty and single element edge cases first, then the loop.") is None
    assert (await iv.run_samples(solution))["passed"] == len(q.sample_tests)
    result, _ = await iv.submit(solution)
    assert result["source"] == "server" and result["passed"] == result["total"] > 0
    await iv.say(
        f"Let me walk through the first example step by step. Overall it is {q.complexity.time} time "
        f"and {q.complexity.space} space."
    )
    for _ in range(len(q.follow_ups) + 1):
        if iv.state() != "REVIEW":
            break
        await iv.say("I would reuse the same idea and change what I keep track of, with the same bounds.")
    if iv.state() == "REVIEW":
        await iv.move("WRAP_UP")
    await iv.say("What does a typical week look like for the team?")
    closing = await iv.say("No, that's all. Thank you!")
    assert closing and closing["payload"]["kind"] == "closing"
    return await _report(server, s, iv)


async def weak(server: TestServer, open_client: OpenClient, qid: str) -> Report:
    s, iv = await open_live(server, open_client, load_bank()[qid])
    code = iv.q.starter_code["python"] + "\n# todo\n"
    await iv.move("CODING")
    await iv.code(code)
    assert await iv.say(FILLER) is None  # thinking aloud while coding: the interviewer stays quiet
    result, _ = await iv.submit(code)
    assert result["passed"] < result["total"]
    await iv.say("um, I dunno, like, it basically works I guess, um, sort of, uh, yeah, kind of works")
    await iv.say("uh, like, um, no idea, basically, uh, you know, I mean it's fine")
    if iv.state() != "WRAP_UP":
        await iv.move("WRAP_UP")
    await iv.say("no")
    return await _report(server, s, iv)


def _scores(label: str, report: Report) -> str:
    dims = ", ".join(f"{r.dimension}={r.score}" for r in report.rubric)
    hidden = report.hidden_tests
    tests = f"{hidden.passed}/{hidden.total}" if hidden else "-"
    return f"{label:6} {report.question_id:24} {report.signal:16} {dims}  hidden {tests}"


@pytest.mark.parametrize("qid", QUESTIONS)
async def test_strong_and_weak_candidates(server: TestServer, open_client: OpenClient, qid: str) -> None:
    good = await strong(server, open_client, qid)
    bad = await weak(server, open_client, qid)
    print(f"\n{_scores('strong', good)}\n{_scores('weak', bad)}")
    assert good.signal in ("hire", "strong_hire"), _scores("strong", good)
    assert bad.signal in ("no_hire", "strong_no_hire"), _scores("weak", bad)
    assert good.hints_used == 0 and good.hidden_tests and good.hidden_tests.rate == 1.0
