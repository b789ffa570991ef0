"""Socket.IO over a served app (real socket.io clients on the websocket transport), on SQLite and
PostgreSQL; the last tests run two apps sharing Redis and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestServer
from redis.asyncio import Redis
from tests.conftest import Http, OpenClient, StartApp, bearer, create_session, make_settings, runtime
from tests.support.client import RefusedError, SioClient

from interview_sim.protocol import SessionSnapshot
from interview_sim.transport.fanout import FRAMES_MARK

CODE = {"code": "def solution(nums, target):\n    return []\n", "language": "python"}


async def _ended(client: SioClient, code: str, *, since: int = 0) -> dict[str, Any]:
    error = await client.wait_for("ERROR", lambda e: e["payload"]["code"] == code, since=since)
    return error


async def _people(
    server: TestServer, http: Http, open_client: OpenClient
) -> tuple[dict[str, Any], SioClient, SioClient]:
    """A session with a candidate (not ready: no interviewer turns) and an observer connected."""
    s = await create_session(http, question_id="two-sum")
    cand = await open_client(server, s["session_id"], s["candidate_token"], name="candidate")
    obs = await open_client(server, s["session_id"], s["observer_token"], name="observer")
    return s, cand, obs


# ---------------------------------------------------------------- connecting


async def test_connect_refusals(server: TestServer, http: Http, open_client: OpenClient) -> None:
    s = await create_session(http)
    with pytest.raises(RefusedError) as wrong_token:
        await open_client(server, s["session_id"], "not-a-token")
    assert wrong_token.value.data["code"] == "unauthorized"
    with pytest.raises(RefusedError) as no_token:
        await open_client(server, s["session_id"], "")
    assert no_token.value.data["code"] == "unauthorized"
    with pytest.raises(RefusedError) as unknown:
        await open_client(server, str(uuid.uuid4()), s["candidate_token"])
    assert unknown.value.data["code"] == "not_found"
    resp = await http.post(f"/sessions/{s['session_id']}/end", headers=bearer(s["candidate_token"]))
    assert resp.status == 200
    for token in (s["candidate_token"], s["observer_token"]):
        with pytest.raises(RefusedError) as ended:
            await open_client(server, s["session_id"], token)
        assert ended.value.data["code"] == "session_ended"


async def test_query_string_auth(server: TestServer, http: Http, open_client: OpenClient) -> None:
    s = await create_session(http)
    obs = await open_client(server, s["session_id"], s["observer_token"], query=True)
    ack = await obs.call("CLIENT_READY", {})
    assert ack == {"ok": True, "seq": 0, "duplicate": False}
    snap = await obs.wait_for("SESSION_SNAPSHOT")
    assert snap["payload"]["role"] == "observer" and snap["session_id"] == s["session_id"]
    with pytest.raises(RefusedError):
        await open_client(server, s["session_id"], "bad", query=True)


async def test_ping_is_answered_by_its_ack_alone(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    """The page's liveness probe: acknowledged, never logged, relayed or answered with ERROR."""
    _, cand, obs = await _people(server, http, open_client)
    for _ in range(3):
        assert await cand.call("PING", None, raw={}) == {"ok": True}
    ack = await cand.call("CODE_SNAPSHOT", CODE)
    assert ack == {"ok": True, "seq": 1, "duplicate": False}
    await obs.wait_seq(1)
    assert not cand.of_type("ERROR") and [e["type"] for e in obs.logged()] == ["CODE_SNAPSHOT"]


# ---------------------------------------------------------------- bad input


def _env(type_: str, payload: Any, **extra: Any) -> dict[str, Any]:
    return {"type": type_, "ts_ms": 1, "payload": payload, **extra}


C, T, BAD = "CODE_SNAPSHOT", "TRANSCRIPT_FINAL", "invalid_envelope"
BIG_CODE = {"code": "x" * 200_001, "language": "python"}
HUGE_CODE = {"code": "x" * 300_000, "language": "python"}
BAD_INPUT = [  # (case, event name, data sent, expected error code)
    ("string payload", C, '{"type": "CODE_SNAPSHOT", "payload": {', BAD),
    ("list payload", C, [1, 2], BAD),
    ("payload not an object", C, _env(C, "code"), BAD),
    ("wrong field type", C, _env(C, {"code": 5, "language": "python"}), BAD),
    ("bad enum", C, _env(C, {"code": "", "language": "cobol"}), BAD),
    ("unknown payload field", C, _env(C, {**CODE, "x": 1}), BAD),
    ("unknown envelope field", C, _env(C, CODE, admin=True), BAD),
    ("missing payload", C, {"type": C}, BAD),
    ("unknown type", "SUDO", _env("SUDO", {}), "unknown_type"),
    ("server-only type", "SESSION_SNAPSHOT", _env("SESSION_SNAPSHOT", {}), "unknown_type"),
    ("event name differs from type", C, _env(T, {"text": "hi", "source": "typed"}), BAD),
    ("code over 200 KB", C, _env(C, BIG_CODE), "too_large"),
    ("envelope over 256 KB", C, _env(C, HUGE_CODE), "too_large"),
    ("text over 10 KB", T, _env(T, {"text": "a" * 10_001, "source": "typed"}), "too_large"),
    ("empty final text", T, _env(T, {"text": "", "source": "typed"}), BAD),
    ("another session", C, _env(C, CODE, session_id=str(uuid.uuid4())), "forbidden"),
    ("illegal move", "STATE_CHANGE", _env("STATE_CHANGE", {"to": "WRAP_UP"}), "invalid_state"),
]


async def test_bad_input_gets_error_and_connection_stays(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    """Each bad message in turn: a failed ack, an ERROR to the sender only, nothing logged, and the
    next valid message on the same connection is acknowledged."""
    _, cand, obs = await _people(server, http, open_client)
    for seq, (case, event, data, code) in enumerate(BAD_INPUT, start=1):
        mark = cand.mark()
        ack = await cand.call(event, None, raw=data)
        assert ack["ok"] is False and ack["error"]["code"] == code, (case, ack)
        error = await _ended(cand, code, since=mark)
        assert error["payload"]["ref_type"] == event and "seq" not in error, case
        good = await cand.call("CODE_SNAPSHOT", CODE, id=f"after-{seq}")
        assert good == {"ok": True, "seq": seq, "duplicate": False}, case
    await obs.wait_seq(len(BAD_INPUT))
    assert cand.connected and not cand.logged() and not obs.of_type("ERROR")
    assert [e["id"] for e in obs.logged()] == [f"after-{i}" for i in range(1, len(BAD_INPUT) + 1)]


async def test_malformed_socketio_packet_keeps_connection(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    """A raw socket.io EVENT packet with broken JSON, straight through the engine.io websocket: the
    server cannot decode it (so no ack id to answer), but the connection stays up."""
    _, cand, _ = await _people(server, http, open_client)
    await cand.sio.eio.send('2["CODE_SNAPSHOT",{"type":"CODE_SNAPSHOT","payload":{')
    await cand.sio.eio.send('21["CODE_SNAPSHOT",{"type":')
    ack = await cand.call("CODE_SNAPSHOT", CODE)
    assert ack == {"ok": True, "seq": 1, "duplicate": False} and cand.connected


async def test_roles_are_enforced(server: TestServer, http: Http, open_client: OpenClient) -> None:
    _, cand, obs = await _people(server, http, open_client)
    for type_, payload in (
        ("CODE_SNAPSHOT", CODE),
        ("TRANSCRIPT_FINAL", {"text": "I am the candidate now", "source": "typed"}),
        ("STATE_CHANGE", {"to": "ENDED"}),
        ("RUN_RESULT", {"kind": "sample", "passed": 0, "total": 0, "results": []}),
    ):
        mark = obs.mark()
        ack = await obs.call(type_, payload)
        assert ack["ok"] is False and ack["error"]["code"] == "forbidden", (type_, ack)
        error = await obs.wait_for("ERROR", since=mark)
        assert error["payload"]["ref_type"] == type_
    ack = await cand.call("OBSERVER_NOTE", {"text": "notes about myself"})
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    await _ended(cand, "forbidden")
    assert (await cand.call("CODE_SNAPSHOT", CODE))["ok"] and (
        await obs.call("OBSERVER_NOTE", {"text": "n"})
    )["ok"]
    assert [e["type"] for e in obs.logged()] == ["CODE_SNAPSHOT"]  # the note skips its sender


async def test_flood_is_rate_limited_then_recovers(
    start_app: StartApp, db_url: str, aiohttp_client: Any, open_client: OpenClient
) -> None:
    server = await start_app(make_settings(db_url, rate_limit_per_s=5, rate_limit_burst=10))
    http = await aiohttp_client(server)
    _, cand, _ = await _people(server, http, open_client)
    acks = await asyncio.gather(*(cand.call("TRANSCRIPT_PARTIAL", {"text": f"w{i}"}) for i in range(30)))
    limited = [a for a in acks if not a["ok"]]
    assert all(a["error"]["code"] == "rate_limited" for a in limited)
    assert 10 <= sum(a["ok"] for a in acks) < 30 and limited
    await _ended(cand, "rate_limited")
    await asyncio.sleep(0.5)  # the bucket refills at 5 per second
    assert (await cand.call("CODE_SNAPSHOT", CODE))["ok"] and cand.connected


# ---------------------------------------------------------------- de-duplication and replay


async def test_same_id_twice_is_logged_and_delivered_once(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    s, cand, obs = await _people(server, http, open_client)
    first = await cand.call("CODE_SNAPSHOT", CODE, id="client-msg-1")
    again = await cand.call("CODE_SNAPSHOT", CODE, id="client-msg-1")
    assert first == {"ok": True, "seq": 1, "duplicate": False} and again == {
        "ok": True,
        "seq": 1,
        "duplicate": True,
    }
    await cand.call("CODE_SNAPSHOT", {**CODE, "code": "# later"}, id="client-msg-2")
    await obs.wait_seq(2)
    assert obs.seqs() == [1, 2] and obs.logged()[0]["id"] == "client-msg-1"
    # after a reconnect the client resends what it is unsure of: still nothing doubled
    await cand.close()
    again_tab = await open_client(server, s["session_id"], s["candidate_token"], name="candidate again")
    resent = await again_tab.call("CODE_SNAPSHOT", {**CODE, "code": "# later"}, id="client-msg-2")
    assert resent == {"ok": True, "seq": 2, "duplicate": True}
    await again_tab.call("CODE_SNAPSHOT", {**CODE, "code": "# new"}, id="client-msg-3")
    await obs.wait_seq(3)
    assert obs.seqs() == [1, 2, 3]
    url = f"/sessions/{s['session_id']}/events"
    page = await (await http.get(url, headers=bearer(s["observer_token"]))).json()
    assert [(e["seq"], e["type"]) for e in page["events"]] == [(i, "CODE_SNAPSHOT") for i in (1, 2, 3)]


async def test_reconnect_replays_exactly_the_missed_events(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    s, cand, obs = await _people(server, http, open_client)
    for i in range(3):
        await cand.call("CODE_SNAPSHOT", {**CODE, "code": f"# v{i}"})
    await obs.wait_seq(3)
    seen = obs.max_seq
    await obs.close()
    for i in range(3, 7):  # sent while the observer is away
        await cand.call("CODE_SNAPSHOT", {**CODE, "code": f"# v{i}"})
    back = await open_client(server, s["session_id"], s["observer_token"], name="observer again")
    ack = await back.call("CLIENT_READY", {"last_seq": seen})
    assert ack == {"ok": True, "seq": 7, "duplicate": False}
    await back.wait_seq(7)
    assert back.assert_contiguous(first=seen + 1) == [4, 5, 6, 7]
    assert [e["payload"]["code"] for e in back.logged()] == [f"# v{i}" for i in range(3, 7)]
    assert obs.seqs() + back.seqs() == list(range(1, 8))
    assert not back.of_type("SESSION_SNAPSHOT")


async def test_candidate_replay_redacts_notes(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    s, cand, obs = await _people(server, http, open_client)
    await cand.call("CODE_SNAPSHOT", CODE)
    await cand.close()
    await obs.call("OBSERVER_NOTE", {"text": "forgot the empty input"})
    back = await open_client(server, s["session_id"], s["candidate_token"], name="candidate again")
    await back.call("CLIENT_READY", {"last_seq": 1})
    note = await back.wait_for("OBSERVER_NOTE")
    assert note["seq"] == 2 and note["payload"] == {}


# ---------------------------------------------------------------- snapshot, notes, observers


async def _short_interview(server: TestServer, cand: SioClient, obs: SioClient) -> None:
    """Greeting, a question, the move to CODING, code, a sample run and an observer note."""
    assert (await cand.call("CLIENT_READY", {}))["ok"]
    await cand.wait_for("STATE_CHANGE", lambda e: e["payload"]["to"] == "PROBLEM")
    await cand.call("TRANSCRIPT_PARTIAL", {"text": "can the values"})
    await cand.say("Can the values repeat?")
    await cand.wait_for("INTERVIEWER_STREAM_END", lambda e: e["payload"]["kind"] == "clarify")
    moved = await cand.call("STATE_CHANGE", {"to": "CODING"})
    echo = await cand.wait_for("STATE_CHANGE", lambda e: e["payload"]["to"] == "CODING")
    assert moved["ok"] and echo["seq"] == moved["seq"]  # the authoritative move reaches its sender too
    assert echo["payload"] == {"from": "PROBLEM", "to": "CODING", "reason": "candidate"}
    await cand.call("CODE_SNAPSHOT", {**CODE, "code": "# first"})
    await cand.call("CODE_SNAPSHOT", {**CODE, "code": "# second"})
    run = {"kind": "sample", "passed": 1, "total": 1, "results": [{"index": 0, "passed": True, "ms": 1}]}
    assert (await cand.call("RUN_RESULT", run))["ok"]
    assert (await obs.call("OBSERVER_NOTE", {"text": "clear question"}))["ok"]
    await runtime(server).interviewer.tasks.idle()  # type: ignore[union-attr]


async def test_snapshot_content(server: TestServer, http: Http, open_client: OpenClient) -> None:
    s, cand, obs = await _people(server, http, open_client)
    await _short_interview(server, cand, obs)
    late_obs = await open_client(server, s["session_id"], s["observer_token"], name="late observer")
    late_cand = await open_client(server, s["session_id"], s["candidate_token"], name="second tab")
    for client, role in ((late_obs, "observer"), (late_cand, "candidate")):
        await client.call("CLIENT_READY", {})
        env = await client.wait_for("SESSION_SNAPSHOT")
        snap = SessionSnapshot.model_validate(env["payload"])
        assert snap.role == role and snap.state == "CODING" and snap.code == "# second"
        assert snap.last_seq == cand.max_seq == obs.max_seq
        assert [(t.speaker, t.text) for t in snap.transcript][1] == ("candidate", "Can the values repeat?")
        assert snap.transcript[0].speaker == "interviewer" and "Two Sum" in snap.transcript[0].text
        assert len(snap.runs) == 1 and snap.runs[0].passed == 1
        assert isinstance(snap.nudges, list) and snap.question.id == "two-sum"
        assert "hidden_tests" not in env["payload"]["question"]
        assert [n.text for n in snap.notes] == (["clear question"] if role == "observer" else [])


async def test_notes_reach_candidates_only_as_empty(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    s, cand, obs = await _people(server, http, open_client)
    other = await open_client(server, s["session_id"], s["observer_token"], name="second observer")
    ack = await obs.call("OBSERVER_NOTE", {"text": "good clarifying question"}, id="note-1")
    assert ack == {"ok": True, "seq": 1, "duplicate": False}
    full = await other.wait_for("OBSERVER_NOTE")
    assert (
        full["payload"] == {"text": "good clarifying question", "visibility": "private"} and full["seq"] == 1
    )
    redacted = await cand.wait_for("OBSERVER_NOTE")
    assert redacted["payload"] == {} and redacted["seq"] == 1
    await cand.call("CODE_SNAPSHOT", CODE)
    await obs.wait_seq(2)
    assert [e["type"] for e in obs.logged()] == ["CODE_SNAPSHOT"]  # the sender does not get its own note


async def test_observer_sees_partials_and_every_logged_event(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    _, cand, obs = await _people(server, http, open_client)
    await _short_interview(server, cand, obs)
    await cand.call("CODE_SNAPSHOT", {**CODE, "code": "# last"})
    await obs.wait_for("CODE_SNAPSHOT", lambda e: e["payload"]["code"] == "# last")
    partial = obs.find("TRANSCRIPT_PARTIAL")
    assert partial is not None and "seq" not in partial and partial["payload"] == {"text": "can the values"}
    deltas = obs.of_type("INTERVIEWER_STREAM_DELTA")
    assert deltas and all("seq" not in d for d in deltas)
    seqs = obs.assert_contiguous()
    assert seqs[-1] == cand.max_seq  # the candidate's own events are acked, not echoed, to it
    assert cand.assert_contiguous() == seqs
    types = {e["type"] for e in obs.logged()}
    assert {"TRANSCRIPT_FINAL", "STATE_CHANGE", "CODE_SNAPSHOT", "RUN_RESULT"} <= types
    assert {"INTERVIEWER_STREAM_START", "INTERVIEWER_STREAM_END"} <= types


# ---------------------------------------------------------------- across two apps (Redis manager)


async def _until_fanout_works(cand: SioClient, obs: SioClient) -> None:
    """A node's Redis listener subscribes in the background after its first connection: send
    ephemeral probes (no seq, so nothing logged goes missing) until one crosses to the observer."""
    for attempt in range(50):
        mark = obs.mark()
        await cand.call("TRANSCRIPT_PARTIAL", {"text": f"probe {attempt}"})
        try:
            await obs.wait_for("TRANSCRIPT_PARTIAL", since=mark, timeout_s=0.2)
            return
        except AssertionError:
            continue
    raise AssertionError("fan-out through Redis never started")


async def _two_apps(
    start_app: StartApp, pg_url: str, redis_url: str, aiohttp_client: Any, open_client: OpenClient
) -> tuple[TestServer, dict[str, str], SioClient, SioClient]:
    """Two apps on one PostgreSQL and Redis: a candidate on A, an observer on B, fan-out running."""
    app_a = await start_app(make_settings(pg_url, redis_url=redis_url, node_id="node-a"))
    app_b = await start_app(make_settings(pg_url, redis_url=redis_url, node_id="node-b"))
    http_a = await aiohttp_client(app_a)
    s = await create_session(http_a, question_id="two-sum")
    cand = await open_client(app_a, s["session_id"], s["candidate_token"], name="candidate on A")
    obs = await open_client(app_b, s["session_id"], s["observer_token"], name="observer on B")
    await _until_fanout_works(cand, obs)
    return app_a, s, cand, obs


@pytest.mark.redis
@pytest.mark.postgres
async def test_two_apps_share_redis_and_postgres(
    start_app: StartApp, pg_url: str, redis_url: str, aiohttp_client: Any, open_client: OpenClient
) -> None:
    app_a, s, cand, obs = await _two_apps(start_app, pg_url, redis_url, aiohttp_client, open_client)
    await _short_interview(app_a, cand, obs)
    await cand.call("CODE_SNAPSHOT", {**CODE, "code": "# last"})
    await obs.wait_for("CODE_SNAPSHOT", lambda e: e["payload"]["code"] == "# last")
    assert obs.find("TRANSCRIPT_PARTIAL") is not None
    assert obs.assert_contiguous()[-1] == cand.max_seq
    redacted = await cand.wait_for("OBSERVER_NOTE")  # a note sent on B reaches the candidate on A
    assert redacted["payload"] == {}
    # the observer drops off B, misses events, and catches up from A's copy of the log
    seen = obs.max_seq
    await obs.close()
    for i in range(3):
        await cand.call("CODE_SNAPSHOT", {**CODE, "code": f"# away {i}"})
    back = await open_client(app_a, s["session_id"], s["observer_token"], name="observer back on A")
    await back.call("CLIENT_READY", {"last_seq": seen})
    await back.wait_seq(seen + 3)
    assert back.assert_contiguous(first=seen + 1) == [seen + 1, seen + 2, seen + 3]


@pytest.mark.redis
@pytest.mark.postgres
async def test_room_emits_cross_redis_encoded_once_and_a_bad_message_stops_nothing(
    start_app: StartApp, pg_url: str, redis_url: str, aiohttp_client: Any, open_client: OpenClient
) -> None:
    """A room emit goes through Redis as the encoded socket.io packet (the other node writes it
    without decoding the envelope), and a malformed message on the channel does not stop a node's
    listener."""
    _, _, cand, obs = await _two_apps(start_app, pg_url, redis_url, aiohttp_client, open_client)
    spy = Redis.from_url(redis_url)
    channel = spy.pubsub()
    try:
        await channel.subscribe("socketio")
        await channel.get_message(timeout=1)  # the subscription's confirmation
        await spy.publish("socketio", FRAMES_MARK + b"not a batch at all")
        await spy.publish("socketio", FRAMES_MARK + b"host\n[not json")
        await spy.publish("socketio", FRAMES_MARK + b'host\n[["/", "no such room"], 7, null]')
        await cand.call("CODE_SNAPSHOT", {**CODE, "code": "# crossed"})
        got = await obs.wait_for("CODE_SNAPSHOT", lambda e: e["payload"]["code"] == "# crossed")
        assert got["seq"] == cand.max_seq
        published = []
        while (m := await channel.get_message(timeout=0.5)) is not None:
            published.append(m["data"])
        crossed = [p for p in published if b"# crossed" in p]
        assert len(crossed) == 1 and crossed[0].startswith(FRAMES_MARK)
        _, frames = crossed[0][len(FRAMES_MARK) :].split(b"\n", 1)
        texts = [text for _, _, _, text in orjson.loads(frames)]
        # the socket.io packet itself, ready for the wire
        assert next(t for t in texts if "# crossed" in t).startswith('2["CODE_SNAPSHOT",')
    finally:
        await channel.aclose()
        await spy.aclose()
