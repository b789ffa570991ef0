"""Idle expiry (a short timeout, a served app, real clients) and the view cache's byte bound."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from aiohttp.test_utils import TestClient
from tests.conftest import OpenClient, StartApp, bearer, create_session, make_settings

from interview_sim.domain.model import LogEvent
from interview_sim.protocol import EventType
from interview_sim.services.ports import SystemClock
from interview_sim.services.views import ViewCache
from interview_sim.storage.questions import QuestionStore

CODE = {"code": "def solution(nums, target):\n    return []\n", "language": "python"}


async def _state(http: TestClient, s: dict[str, Any]) -> str:
    resp = await http.get(f"/sessions/{s['session_id']}", headers=bearer(s["candidate_token"]))
    state: str = (await resp.json())["state"]
    return state


async def test_idle_session_is_ended_with_its_report(
    start_app: StartApp, aiohttp_client: Any, open_client: OpenClient, db_url: str
) -> None:
    settings = make_settings(db_url, session_idle_timeout_s=0.6, idle_sweep_s=0.1)
    server = await start_app(settings)
    http = await aiohttp_client(server)
    idle, busy = await create_session(http), await create_session(http)
    watcher = await open_client(server, idle["session_id"], idle["observer_token"])
    cand = await open_client(server, idle["session_id"], idle["candidate_token"])
    assert (await cand.call("CODE_SNAPSHOT", CODE))["ok"]
    typist = await open_client(server, busy["session_id"], busy["candidate_token"])
    for i in range(12):  # busy keeps talking for 1.2 s; idle says nothing after its one snapshot
        assert (await typist.call("CODE_SNAPSHOT", {**CODE, "code": f"# {i}"}))["ok"]
        await asyncio.sleep(0.1)
    ended = await watcher.wait_for("STATE_CHANGE", lambda e: e["payload"]["to"] == "ENDED", timeout_s=5)
    assert "no message for 0.6 s" in ended["payload"]["reason"]
    report = await http.get(f"/sessions/{idle['session_id']}/report", headers=bearer(idle["candidate_token"]))
    assert report.status == 200 and (await report.json())["session_id"] == idle["session_id"]
    events = await http.get(f"/sessions/{idle['session_id']}/events", headers=bearer(idle["candidate_token"]))
    assert [e["type"] for e in (await events.json())["events"]] == ["CODE_SNAPSHOT", "STATE_CHANGE"]
    assert await _state(http, busy) != "ENDED"


class _MemoryLog:
    """An `EventLog` holding synthetic sessions in memory (only `after` is used by the cache)."""

    def __init__(self, logs: dict[str, Sequence[LogEvent]]) -> None:
        self.logs = logs

    async def after(self, session_id: str, after_seq: int = 0, limit: int | None = None) -> list[LogEvent]:
        found = [e for e in self.logs.get(session_id, ()) if e.seq > after_seq]
        return found[:limit] if limit is not None else found

    async def append(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    async def facts_and_events(self, session_id: str, after_seq: int, **kwargs: Any) -> Any:
        raise NotImplementedError


def _snapshots(count: int, size: int) -> list[LogEvent]:
    return [
        LogEvent(
            seq, EventType.CODE_SNAPSHOT, seq, {"code": f"# v{seq}\n" + "x" * size, "language": "python"}
        )
        for seq in range(1, count + 1)
    ]


async def test_view_cache_stays_under_its_byte_bound() -> None:
    logs = {f"s{i}": _snapshots(30, 100_000) for i in range(40)}  # 40 sessions x 3 MB of snapshots
    log = _MemoryLog(logs)
    cache = ViewCache(log, QuestionStore(), SystemClock(), max_bytes=1_000_000, reads=log)  # type: ignore[arg-type]
    for round_ in range(2):
        for sid in logs:
            events = await cache.events(sid, starter="pass")
            assert [e.seq for e in events] == list(range(1, 31)), (round_, sid)
            assert cache.bytes <= cache.max_bytes
    hot = await cache.events("s0", starter="pass")
    whole = [e for e in hot if e.payload["code"]]
    assert [e.seq for e in whole] == [1, 30]  # the first change and the latest code stay whole
    assert hot[-1].payload == logs["s0"][-1].payload
    assert all(e.payload.get("superseded") for e in hot[1:-1])
    assert 200_000 < cache.bytes <= 1_000_000


async def test_view_cache_counts_what_it_holds() -> None:
    """Growing a session in steps keeps the byte count equal to what is really held."""
    full = _snapshots(12, 10_000)
    log = _MemoryLog({"a": full[:4]})
    cache = ViewCache(log, QuestionStore(), SystemClock(), reads=log)  # type: ignore[arg-type]
    await cache.events("a", starter="")
    for upto in (7, 12):
        log.logs["a"] = full[:upto]
        await cache.events("a", starter="")
    held = sum(96 + len(str(e.payload["code"])) + 40 for e in await cache.events("a", starter=""))
    assert abs(cache.bytes - held) < 12 * 40  # only the JSON framing differs from this estimate
    cache.forget("a")
    assert cache.bytes == 0
