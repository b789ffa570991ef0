"""Two real server processes sharing one PostgreSQL database and Redis: fan-out across nodes, one
interviewer turn at a time across nodes, and recovery when a node dies (SIGKILL) mid-interview."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from tests.support.procs import (
    REDIS_URL,
    Peer,
    ServerProc,
    create_session,
    fetch_events,
    fresh_database,
    has_seq,
    has_type,
    require_services,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

CODE = "def two_sum(nums, target):\n    seen = {}\n"


def is_verdict(e: dict[str, Any]) -> bool:
    return e["type"] == "RUN_RESULT" and e["payload"].get("source") == "server"


@pytest.fixture
async def nodes() -> AsyncIterator[list[ServerProc]]:
    """Nodes A and B on two loopback ports, one fresh database, the shared Redis."""
    require_services()
    async with fresh_database() as db_url:
        procs = [ServerProc(db_url, REDIS_URL, name) for name in ("a", "b")]
        try:
            await asyncio.gather(*(p.start() for p in procs))
            yield procs
        finally:
            for p in procs:
                print(p.log_tail())  # shown by pytest when the test failed
                p.cleanup()


async def settled_log(
    base_url: str, session_id: str, token: str, quiet_s: float = 0.6
) -> list[dict[str, Any]]:
    """The log once it has stopped growing (running turns finished)."""
    events = await fetch_events(base_url, session_id, token)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        await asyncio.sleep(quiet_s)
        again = await fetch_events(base_url, session_id, token)
        if len(again) == len(events):
            return again
        events = again
    raise AssertionError("the session log kept growing")


def key(e: dict[str, Any]) -> tuple[int, str, dict[str, Any]]:
    return e["seq"], e["type"], e["payload"]


def assert_streams_do_not_overlap(log: list[dict[str, Any]]) -> None:
    open_id: str | None = None
    for e in log:
        if e["type"] == "INTERVIEWER_STREAM_START":
            assert open_id is None, f"stream {e['payload']['message_id']} started inside {open_id}"
            open_id = e["payload"]["message_id"]
        elif e["type"] == "INTERVIEWER_STREAM_END":
            assert e["payload"]["message_id"] == open_id
            open_id = None
    assert open_id is None


def greeted(got: list[dict[str, Any]]) -> bool:
    return any(e.get("type") == "STATE_CHANGE" and e["payload"].get("to") == "PROBLEM" for e in got)


async def test_observer_on_b_sees_every_logged_event_of_a_candidate_on_a(nodes: list[ServerProc]) -> None:
    a, b = nodes
    s = await create_session(a.url, question_id="two-sum")
    sid = s["session_id"]
    observer = await Peer(sid, s["observer_token"], "observer@b").connect(b.url)
    candidate = await Peer(sid, s["candidate_token"], "candidate@a").connect(a.url)
    try:
        assert (await observer.send("CLIENT_READY", {}))["ok"]
        assert (await candidate.send("CLIENT_READY", {}))["ok"]
        await observer.wait_for(greeted, what="the greeting and the move to PROBLEM")

        starts = [e for e in observer.received if e["type"] == "INTERVIEWER_STREAM_START"]
        mid = starts[0]["payload"]["message_id"]
        deltas = [e for e in observer.received if e["type"] == "INTERVIEWER_STREAM_DELTA"]
        assert deltas and all(d["payload"]["message_id"] == mid for d in deltas)
        end = next(e for e in observer.received if e["type"] == "INTERVIEWER_STREAM_END")
        assert end["payload"]["text"] == "".join(d["payload"]["delta"] for d in deltas)

        await candidate.send(
            "TRANSCRIPT_FINAL", {"text": "Can the array hold duplicates?", "source": "typed"}
        )
        await observer.wait_for(has_type("INTERVIEWER_STREAM_END", 2), what="the answer")
        assert (await candidate.send("STATE_CHANGE", {"to": "CODING"}))["ok"]
        for i in range(3):
            ack = await candidate.send("CODE_SNAPSHOT", {"code": CODE + f"    # {i}\n", "language": "python"})
            assert ack["ok"] and ack["seq"] > 0
        run = {"kind": "sample", "passed": 1, "total": 2, "results": [
            {"index": 0, "passed": True, "expected": [0, 1], "actual": [0, 1], "ms": 1},
            {"index": 1, "passed": False, "expected": [1, 2], "actual": None, "ms": 1},
        ]}  # fmt: skip
        assert (await candidate.send("RUN_RESULT", run))["ok"]
        assert (await candidate.send("STATE_CHANGE", {"to": "REVIEW"}))["ok"]
        forged = {**run, "kind": "submit", "passed": 2}
        assert not (await candidate.send("RUN_RESULT", forged))["ok"]  # only the server judges
        await observer.wait_for(lambda got: any(map(is_verdict, got)), limit_s=60, what="the verdict")
        verdict = next(e for e in observer.received if is_verdict(e))
        assert verdict["payload"]["passed"] == 0 and verdict["payload"]["load_error"]  # no `solution`
        await observer.wait_for(has_type("INTERVIEWER_STREAM_END", 3), what="the review turn")

        log = await settled_log(b.url, sid, s["observer_token"])
        await observer.wait_for(has_seq(log[-1]["seq"]), what="the end of the log")
        seen = observer.logged()
        assert [e["seq"] for e in seen] == list(range(1, len(log) + 1))
        assert [key(e) for e in seen] == [key(e) for e in log]
        types = {e["type"] for e in log}
        assert {"TRANSCRIPT_FINAL", "CODE_SNAPSHOT", "RUN_RESULT", "STATE_CHANGE"} <= types
        assert_streams_do_not_overlap(log)
    finally:
        await asyncio.gather(candidate.close(), observer.close())


async def test_two_tabs_on_two_nodes_get_one_greeting_and_one_turn_at_a_time(
    nodes: list[ServerProc],
) -> None:
    a, b = nodes
    s = await create_session(a.url, question_id="two-sum")
    sid, token = s["session_id"], s["candidate_token"]
    tab_a = await Peer(sid, token, "tab@a").connect(a.url)
    tab_b = await Peer(sid, token, "tab@b").connect(b.url)
    try:
        acks = await asyncio.gather(tab_a.send("CLIENT_READY", {}), tab_b.send("CLIENT_READY", {}))
        assert all(ack["ok"] for ack in acks)
        await tab_a.wait_for(greeted, what="the greeting")
        await tab_b.wait_for(greeted, what="the greeting")
        for round_ in range(2):
            acks = await asyncio.gather(
                tab_a.send("TRANSCRIPT_FINAL", {"text": f"Question {round_} from A?", "source": "typed"}),
                tab_b.send("TRANSCRIPT_FINAL", {"text": f"Question {round_} from B?", "source": "typed"}),
            )
            assert all(ack["ok"] and not ack.get("duplicate") for ack in acks)
            await asyncio.sleep(0.2)  # let the silence tolerance (50 ms) pass so the answers start

        log = await settled_log(a.url, sid, token)
        starts = [e for e in log if e["type"] == "INTERVIEWER_STREAM_START"]
        assert sum(1 for e in starts if e["payload"].get("kind") == "greeting") == 1
        assert len(starts) >= 2  # the greeting and at least one answer
        assert_streams_do_not_overlap(log)
        assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
        assert sum(1 for e in log if e["type"] == "TRANSCRIPT_FINAL") == 4
    finally:
        await asyncio.gather(tab_a.close(), tab_b.close())


async def test_candidate_recovers_on_b_after_a_is_killed(nodes: list[ServerProc]) -> None:
    a, b = nodes
    s = await create_session(a.url, question_id="two-sum")
    sid, token = s["session_id"], s["candidate_token"]
    observer = await Peer(sid, s["observer_token"], "observer@b").connect(b.url)
    candidate = await Peer(sid, token, "candidate@a").connect(a.url)
    try:
        await observer.send("CLIENT_READY", {})
        await candidate.send("CLIENT_READY", {})
        await candidate.wait_for(greeted, what="the greeting")
        acked = [(await candidate.send("STATE_CHANGE", {"to": "CODING"}))["seq"]]
        for i in range(3):
            ack = await candidate.send("CODE_SNAPSHOT", {"code": f"{CODE}    # v{i}\n", "language": "python"})
            acked.append(ack["seq"])

        # A message the candidate never sees acknowledged: emitted without an ack id, stored by A.
        unacked_id, unacked_code = uuid.uuid4().hex, f"{CODE}    # unacked\n"
        unacked = {"type": "CODE_SNAPSHOT", "session_id": sid, "id": unacked_id,
                   "payload": {"code": unacked_code, "language": "python"}}  # fmt: skip
        await candidate.sio.emit("CODE_SNAPSHOT", unacked)
        await observer.wait_for(
            lambda got: any(e.get("id") == unacked_id for e in got), what="the un-acked snapshot"
        )
        before = await settled_log(b.url, sid, s["observer_token"])
        others = [e["seq"] for e in before if e["seq"] not in acked and e["type"] != "CODE_SNAPSHOT"]
        await candidate.wait_for(has_seq(max(others)), what="every event the others caused")
        last_seq = max([e["seq"] for e in candidate.logged()] + acked)
        assert last_seq < len(before)  # the un-acked snapshot is the candidate's only gap
        a.kill()
        await candidate.close()
        for i in range(2):
            assert (await observer.send("OBSERVER_NOTE", {"text": f"note {i} while A is down"}))["ok"]

        back = await Peer(sid, token, "candidate@b").connect(b.url)
        try:
            assert (await back.send("CLIENT_READY", {"last_seq": last_seq}))["ok"]
            log = await settled_log(b.url, sid, s["observer_token"])
            missed = [e for e in log if e["seq"] > last_seq]
            await back.wait_for(has_seq(missed[-1]["seq"]), what="the replay")
            assert [e["seq"] for e in back.logged()] == [e["seq"] for e in missed]
            assert [e["type"] for e in missed][-2:] == ["OBSERVER_NOTE", "OBSERVER_NOTE"]
            assert any(e["payload"].get("code") == unacked_code for e in back.logged())
            assert all(e["payload"] == {} for e in back.logged() if e["type"] == "OBSERVER_NOTE")

            resent = await back.send("CODE_SNAPSHOT", unacked["payload"], msg_id=unacked_id)
            assert resent["ok"] and resent.get("duplicate") is True
            log = await settled_log(b.url, sid, s["observer_token"])
            assert sum(1 for e in log if e["payload"].get("code") == unacked_code) == 1
        finally:
            await back.close()

        await a.start()  # the same port and node id: it serves again
        again = await Peer(sid, token, "candidate@a2").connect(a.url)
        try:
            assert (await again.send("CLIENT_READY", {"last_seq": log[-1]["seq"]}))["ok"]
            ack = await again.send("CODE_SNAPSHOT", {"code": CODE + "    return []\n", "language": "python"})
            assert ack["ok"] and ack["seq"] == log[-1]["seq"] + 1
            await observer.wait_for(has_seq(ack["seq"]), what="the snapshot sent through the restarted A")
        finally:
            await again.close()
    finally:
        await observer.close()
