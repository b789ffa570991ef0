"""Observer privacy as the README states it: observers join through an invite and get a token of
their own (the invite itself opens nothing); the candidate never receives a note's text while the
interview runs; after the end the report shows the notes marked `feedback`, never the private ones."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from tests.conftest import Http, OpenClient, bearer, create_session
from tests.support.client import RefusedError

CODE = {"code": "def solution(nums, target):\n    return []\n", "language": "python"}


async def test_the_invite_is_no_credential(server: TestServer, http: Http, open_client: OpenClient) -> None:
    s = await create_session(http)
    sid, invite = s["session_id"], s["observer_invite"]
    assert "observer_token" not in (await (await http.post("/sessions", json={})).json())
    with pytest.raises(RefusedError) as refused:
        await open_client(server, sid, invite)
    assert refused.value.data["code"] == "unauthorized"
    assert (await http.get(f"/sessions/{sid}", headers=bearer(invite))).status == 401
    wrong = await http.post(f"/sessions/{sid}/observers", json={"invite": s["candidate_token"]})
    assert wrong.status == 401 and (await wrong.json())["error"]["code"] == "unauthorized"
    tokens = set()
    for _ in range(2):  # every observer who opens the link gets a token of their own
        joined = await http.post(f"/sessions/{sid}/observers", json={"invite": invite})
        assert joined.status == 201
        tokens.add((await joined.json())["observer_token"])
    assert len(tokens) == 2
    for token in tokens:
        me = await http.get(f"/sessions/{sid}", headers=bearer(token))
        assert (await me.json())["role"] == "observer"


async def _notes_text(items: list[dict[str, Any]]) -> list[str]:
    return [e["payload"].get("text", "") for e in items if e["type"] == "OBSERVER_NOTE"]


async def test_notes_stay_with_observers_and_feedback_reaches_the_report(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    s = await create_session(http)
    sid, cand_auth = s["session_id"], bearer(s["candidate_token"])
    cand = await open_client(server, sid, s["candidate_token"], name="candidate")
    obs = await open_client(server, sid, s["observer_token"], name="observer")
    await obs.call("OBSERVER_NOTE", {"text": "PRIVATE: nervous start"})
    await obs.call("OBSERVER_NOTE", {"text": "FEEDBACK: ask about limits", "visibility": "feedback"})
    await cand.call("CODE_SNAPSHOT", CODE)
    await cand.call("CLIENT_READY", {"last_seq": 0})
    await cand.wait_seq(3)
    seen_live = [e for e in cand.received if e.get("type") == "OBSERVER_NOTE"]
    assert seen_live and all(e["payload"] == {} for e in seen_live)  # live and replayed: no text
    page = await (await http.get(f"/sessions/{sid}/events", headers=cand_auth)).json()
    assert await _notes_text(page["events"]) == ["", ""]
    early = await http.get(f"/sessions/{sid}/report", headers=cand_auth)
    assert early.status == 409
    report = await (await http.post(f"/sessions/{sid}/end", headers=cand_auth)).json()
    assert [f["text"] for f in report["report"]["observer_feedback"]] == ["FEEDBACK: ask about limits"]
    assert "PRIVATE" not in str(report)
    after = await (await http.get(f"/sessions/{sid}/events", headers=cand_auth)).json()
    assert await _notes_text(after["events"]) == ["", ""]  # the log stays redacted after the end too
    as_observer = await (
        await http.get(f"/sessions/{sid}/events", headers=bearer(s["observer_token"]))
    ).json()
    assert await _notes_text(as_observer["events"]) == [
        "PRIVATE: nervous start",
        "FEEDBACK: ask about limits",
    ]
