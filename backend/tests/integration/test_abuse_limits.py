"""Abuse limits over a served app, with real clients (python-socketio, raw Engine.IO websockets via
aiohttp): each refused thing gets its clear error, what was stored before stays, and the server
keeps serving."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from tests.conftest import OpenClient, StartApp, bearer, create_session, make_settings, runtime
from tests.support.client import RefusedError, SioClient

CODE = {"code": "def solution(nums, target):\n    return []\n", "language": "python"}


def big_code(n_bytes: int, tag: int = 0) -> dict[str, Any]:
    return {"code": f"# {tag}\n" + "x" * n_bytes, "language": "python"}


async def serve(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path, db_url: str | None = None, **settings: Any
) -> tuple[TestServer, TestClient]:
    url = db_url or f"sqlite://{tmp_path / 'db.sqlite3'}"
    server = await start_app(make_settings(url, **settings))
    return server, await aiohttp_client(server)


async def logged_types(http: TestClient, s: dict[str, Any]) -> list[str]:
    resp = await http.get(f"/sessions/{s['session_id']}/events", headers=bearer(s["candidate_token"]))
    assert resp.status == 200
    return [e["type"] for e in (await resp.json())["events"]]


async def raw_engineio(server: TestServer, session: aiohttp.ClientSession) -> aiohttp.ClientWebSocketResponse:
    """An Engine.IO websocket with its OPEN packet read, before any Socket.IO CONNECT."""
    ws = await session.ws_connect(server.make_url("/ws/?EIO=4&transport=websocket"), max_msg_size=0)
    opened = await ws.receive(timeout=5)
    assert opened.type == aiohttp.WSMsgType.TEXT and opened.data.startswith("0{")
    return ws


def join_packet(session_id: str, token: str) -> str:
    """The Socket.IO CONNECT packet with `auth`, as the browser client sends it."""
    return "40" + json.dumps({"session_id": session_id, "token": token})


async def closed_within(ws: aiohttp.ClientWebSocketResponse, seconds: float) -> bool:
    """True when the server closes the websocket within `seconds` (pings and other packets skipped)."""
    try:
        async with asyncio.timeout(seconds):
            while True:
                msg = await ws.receive()
                if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    return True
    except TimeoutError:
        return False


# ---------------------------------------------------------------- REST


async def test_session_creation_per_address(start_app: StartApp, aiohttp_client: Any, tmp_path: Path) -> None:
    _, http = await serve(start_app, aiohttp_client, tmp_path, sessions_per_address_per_hour=3)
    made = [await create_session(http) for _ in range(3)]
    refused = await http.post("/sessions", json={"company_mode": "General", "difficulty": "Easy"})
    assert refused.status == 429
    assert (await refused.json())["error"]["code"] == "rate_limited"
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    for s in made:  # what was created before stays usable
        resp = await http.get(f"/sessions/{s['session_id']}", headers=bearer(s["candidate_token"]))
        assert resp.status == 200
    assert (await http.get("/health")).status == 200


# ---------------------------------------------------------------- sockets


async def test_sockets_per_session_and_role(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path, open_client: OpenClient
) -> None:
    server, http = await serve(
        start_app, aiohttp_client, tmp_path, max_candidate_sockets=1, max_observer_sockets=2
    )
    s = await create_session(http)
    sid, cand_token, obs_token = s["session_id"], s["candidate_token"], s["observer_token"]
    cand = await open_client(server, sid, cand_token, name="candidate")
    observers = [await open_client(server, sid, obs_token, name=f"obs{i}") for i in range(2)]
    for token in (obs_token, cand_token):
        with pytest.raises(RefusedError) as refused:
            await open_client(server, sid, token)
        assert refused.value.data["code"] == "too_many_connections"
    assert (await cand.call("CODE_SNAPSHOT", CODE, id="c1"))["ok"]  # the admitted ones keep working
    await observers[0].wait_seq(1)
    await observers[1].close()
    await asyncio.sleep(0.1)
    again = await open_client(server, sid, obs_token, name="again")  # a freed place is taken again
    assert (await again.call("CLIENT_READY", {"last_seq": 0}))["ok"]
    await again.wait_seq(1)
    other = await create_session(http)  # the cap is per session
    await open_client(server, other["session_id"], other["observer_token"])


async def test_per_session_message_rate(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path, open_client: OpenClient
) -> None:
    server, http = await serve(
        start_app, aiohttp_client, tmp_path, session_rate_per_s=0.001, session_rate_burst=4
    )
    s = await create_session(http)
    cand = await open_client(server, s["session_id"], s["candidate_token"])
    obs = await open_client(server, s["session_id"], s["observer_token"])
    for i in range(2):
        assert (await cand.call("CODE_SNAPSHOT", CODE, id=f"c{i}"))["ok"]
        assert (await obs.call("OBSERVER_NOTE", {"text": f"note {i}"}, id=f"n{i}"))["ok"]
    mark = cand.mark()
    ack = await cand.call("CODE_SNAPSHOT", CODE, id="over")
    assert ack["ok"] is False and ack["error"]["code"] == "rate_limited"
    assert "session" in ack["error"]["message"]
    await cand.wait_for("ERROR", lambda e: e["payload"]["code"] == "rate_limited", since=mark)
    assert cand.connected and await logged_types(http, s) == ["CODE_SNAPSHOT", "OBSERVER_NOTE"] * 2
    other = await create_session(http)  # another session has its own budget
    cand2 = await open_client(server, other["session_id"], other["candidate_token"])
    assert (await cand2.call("CODE_SNAPSHOT", CODE))["ok"]


async def test_storage_budget_in_bytes(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path, open_client: OpenClient, db_url: str
) -> None:
    server, http = await serve(start_app, aiohttp_client, tmp_path, db_url, session_budget_bytes=55_000)
    s = await create_session(http)
    cand = await open_client(server, s["session_id"], s["candidate_token"])
    obs = await open_client(server, s["session_id"], s["observer_token"])
    for i in range(2):
        assert (await cand.call("CODE_SNAPSHOT", big_code(25_000, i), id=f"s{i}"))["ok"]
    mark = cand.mark()
    ack = await cand.call("CODE_SNAPSHOT", big_code(25_000, 2), id="s2")
    assert ack["ok"] is False and ack["error"]["code"] == "budget_exceeded"
    error = await cand.wait_for("ERROR", lambda e: e["payload"]["code"] == "budget_exceeded", since=mark)
    assert "not saved" in error["payload"]["message"] and error["payload"]["ref_type"] == "CODE_SNAPSHOT"
    note = await obs.call("OBSERVER_NOTE", {"text": "x" * 9_000})
    assert note["error"]["code"] == "budget_exceeded"
    assert await logged_types(http, s) == ["CODE_SNAPSHOT", "CODE_SNAPSHOT"]  # nothing lost
    assert (await cand.call("CODE_SNAPSHOT", big_code(10, 3)))["ok"]  # a small one still fits
    end = await http.post(f"/sessions/{s['session_id']}/end", headers=bearer(s["candidate_token"]))
    assert end.status == 200  # the server's own events are never refused
    assert (await logged_types(http, s))[-1] == "STATE_CHANGE"


async def test_storage_budget_in_events(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path, open_client: OpenClient
) -> None:
    server, http = await serve(start_app, aiohttp_client, tmp_path, session_budget_events=3)
    s = await create_session(http)
    cand = await open_client(server, s["session_id"], s["candidate_token"])
    acks = [await cand.call("TRANSCRIPT_FINAL", {"text": f"line {i}", "source": "typed"}) for i in range(4)]
    assert [a["ok"] for a in acks] == [True, True, True, False]
    assert acks[3]["error"]["code"] == "budget_exceeded"
    assert len(await logged_types(http, s)) == 3


async def test_server_ids_are_refused(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path, open_client: OpenClient
) -> None:
    server, http = await serve(start_app, aiohttp_client, tmp_path)
    s = await create_session(http)
    obs = await open_client(server, s["session_id"], s["observer_token"])
    ack = await obs.call("OBSERVER_NOTE", {"text": "sneaky"}, id="srv:coach:think_aloud-1")
    assert ack["ok"] is False and ack["error"]["code"] == "invalid_envelope"
    assert "srv:" in ack["error"]["message"]
    assert (await obs.call("OBSERVER_NOTE", {"text": "fine"}, id="coach:think_aloud-1"))["ok"]
    assert await logged_types(http, s) == ["OBSERVER_NOTE"]


# ---------------------------------------------------------------- replays


async def test_full_replays_are_rate_limited_and_paged(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path, open_client: OpenClient
) -> None:
    server, http = await serve(
        start_app, aiohttp_client, tmp_path, replay_interval_s=60, replay_page_events=2
    )
    s = await create_session(http)
    cand = await open_client(server, s["session_id"], s["candidate_token"])
    for i in range(5):
        await cand.call("CODE_SNAPSHOT", CODE, id=f"c{i}")
    obs = await open_client(server, s["session_id"], s["observer_token"])
    assert (await obs.call("CLIENT_READY", {"last_seq": 0}))["ok"]  # 5 events, in pages of 2
    await obs.wait_seq(5)
    obs.assert_contiguous()
    for again in ({"last_seq": 0}, {}):
        ack = await obs.call("CLIENT_READY", again)
        assert ack["ok"] is False and ack["error"]["code"] == "rate_limited"
    mark = obs.mark()
    assert (await obs.call("CLIENT_READY", {"last_seq": 3}))["ok"]  # a short catch-up always works
    await obs.wait_for("CODE_SNAPSHOT", lambda e: e["seq"] == 5, since=mark)
    other = await open_client(server, s["session_id"], s["observer_token"])  # per connection
    assert (await other.call("CLIENT_READY", {}))["ok"]


# ---------------------------------------------------------------- Engine.IO level


async def test_oversized_packet_before_connect_closes_the_transport(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path, open_client: OpenClient
) -> None:
    server, http = await serve(start_app, aiohttp_client, tmp_path)
    async with aiohttp.ClientSession() as session:
        ws = await raw_engineio(server, session)
        await ws.send_str("4" + "x" * 2_000_000)
        assert await closed_within(ws, 5)
    s = await create_session(http)  # the server keeps serving
    cand = await open_client(server, s["session_id"], s["candidate_token"])
    assert (await cand.call("CODE_SNAPSHOT", CODE))["ok"]


async def test_connect_timeout(start_app: StartApp, aiohttp_client: Any, tmp_path: Path) -> None:
    server, http = await serve(start_app, aiohttp_client, tmp_path, socket_connect_timeout_s=0.3)
    s = await create_session(http)
    async with aiohttp.ClientSession() as session:
        idle = await raw_engineio(server, session)
        joined = await raw_engineio(server, session)
        await joined.send_str(join_packet(s["session_id"], s["observer_token"]))
        assert (await joined.receive(timeout=5)).data.startswith("40{")
        assert await closed_within(idle, 5)
        assert not await closed_within(joined, 1)  # past the deadline, still connected


async def test_slow_consumer_is_disconnected_and_catches_up(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path, open_client: OpenClient
) -> None:
    """An observer that stops reading: its send queue reaches the bound, it is disconnected, the
    candidate goes on, and a reconnect replays everything."""
    server, http = await serve(
        start_app,
        aiohttp_client,
        tmp_path,
        send_queue_max_bytes=300_000,
        rate_limit_per_s=1000,
        rate_limit_burst=1000,
        session_rate_per_s=1000,
        session_rate_burst=1000,
        session_budget_bytes=100_000_000,
    )
    s = await create_session(http)
    cand = await open_client(server, s["session_id"], s["candidate_token"])
    sockets = runtime(server).sio.eio.sockets
    async with aiohttp.ClientSession() as session:
        stalled = await raw_engineio(server, session)
        await stalled.send_str(join_packet(s["session_id"], s["observer_token"]))
        assert (await stalled.receive(timeout=5)).data.startswith("40{")
        assert len(sockets) == 2
        sent = 0
        while len(sockets) == 2 and sent < 300:  # loopback buffers hold a few MB before the queue grows
            sent += 1
            assert (await cand.call("CODE_SNAPSHOT", big_code(100_000, sent), id=f"s{sent}"))["ok"]
        assert len(sockets) == 1, f"the stalled observer was still connected after {sent} snapshots"
    assert cand.connected and (await cand.call("CODE_SNAPSHOT", CODE))["ok"]
    back = await open_client(server, s["session_id"], s["observer_token"])
    await back.call("CLIENT_READY", {"last_seq": 0})
    await back.wait_seq(sent + 1, timeout_s=20)
    back.assert_contiguous()


async def test_refused_clients_reconnect_cleanly(
    start_app: StartApp, aiohttp_client: Any, tmp_path: Path
) -> None:
    """A refused connection leaves no count behind: refusing many never locks the session out."""
    server, http = await serve(start_app, aiohttp_client, tmp_path, max_observer_sockets=1)
    s = await create_session(http)
    url = str(server.make_url("/"))
    first = await SioClient.open(url, s["session_id"], s["observer_token"])
    for _ in range(5):
        with pytest.raises(RefusedError):
            await SioClient.open(url, s["session_id"], s["observer_token"])
    await first.close()
    await asyncio.sleep(0.1)
    last = await SioClient.open(url, s["session_id"], s["observer_token"])
    await last.close()
