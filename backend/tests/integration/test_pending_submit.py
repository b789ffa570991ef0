"""A reload between Submit and its results: the new page is asked again to run the hidden tests."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer
from tests.conftest import OpenClient, runtime
from tests.integration.test_realtime import _people, _short_interview


async def test_reloaded_candidate_is_asked_again_until_it_answers(
    server: TestServer, http: TestClient, open_client: OpenClient
) -> None:
    s, cand, obs = await _people(server, http, open_client)
    await _short_interview(server, cand, obs)
    assert (await cand.call("STATE_CHANGE", {"to": "REVIEW"}))["ok"]
    request = await cand.wait_for("RUN_REQUEST")
    hidden = request["payload"]["tests"]
    assert len(hidden) >= 8 and request["seq"] > 0

    reloaded = await open_client(server, s["session_id"], s["candidate_token"], name="reloaded tab")
    await reloaded.call("CLIENT_READY", {})
    await reloaded.wait_for("SESSION_SNAPSHOT")
    again = await reloaded.wait_for("RUN_REQUEST")
    assert again["payload"]["tests"] == hidden and "seq" not in again

    result = {"kind": "submit", "passed": len(hidden), "total": len(hidden), "results": []}
    assert (await reloaded.call("RUN_RESULT", result))["ok"]
    await runtime(server).interviewer.tasks.idle()  # type: ignore[union-attr]
    third = await open_client(server, s["session_id"], s["candidate_token"], name="third tab")
    await third.call("CLIENT_READY", {})
    await third.wait_for("SESSION_SNAPSHOT")
    await third.call("CLIENT_READY", {"last_seq": 10_000})  # a round trip after the snapshot
    assert not [e for e in third.received if e["type"] == "RUN_REQUEST"]

    observer_tab = await open_client(server, s["session_id"], s["observer_token"], name="observer reload")
    await observer_tab.call("CLIENT_READY", {})
    await observer_tab.wait_for("SESSION_SNAPSHOT")
    assert not [e for e in observer_tab.received if e["type"] == "RUN_REQUEST"]
