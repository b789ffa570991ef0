"""A live interview on a served app, as the page starts one: a session made over REST, an observer
who traded the invite for a token, both sockets open, the candidate ready and the problem on screen."""

from __future__ import annotations

from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from interview_sim.domain.model import Question
from tests.conftest import OpenClient, idle
from tests.support.client import LiveInterview
from tests.support.procs import join_as_observer


async def open_live(
    server: TestServer, open_client: OpenClient, question: Question
) -> tuple[dict[str, Any], LiveInterview]:
    """The session (with `observer_token`) and the interview, settled after the greeting."""
    async with aiohttp.ClientSession() as http:
        body = {"question_id": question.id, "language": "python"}
        async with http.post(server.make_url("/sessions"), json=body) as resp:
            assert resp.status == 201
            s = await resp.json()
        s["observer_token"] = await join_as_observer(http, str(server.make_url("")).rstrip("/"), s)
    obs = await open_client(server, s["session_id"], s["observer_token"], name="observer")
    cand = await open_client(server, s["session_id"], s["candidate_token"], name="candidate")
    iv = LiveInterview(cand, obs, idle(server), question)
    assert (await cand.call("CLIENT_READY", {}))["ok"]
    await cand.wait_for("STATE_CHANGE", lambda e: e["payload"]["to"] == "PROBLEM")
    await iv.settle()
    return s, iv
