"""Submits judged by the real, confined judge through a served app (contract v2): the reference
passes and grows like the reference; a brute force times out its large cases and is measured slower;
hostile submits from several sessions at once queue in the judge while /health and another room's
deliveries stay responsive (`pytest -s` prints their p50/p99: a figure, not an assertion)."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from aiohttp.test_utils import TestServer
from tests.conftest import Http, OpenClient, StartApp, bearer, create_session, make_settings
from tests.support.client import SioClient
from tests.support.judge import real_judge

from interview_sim.questions.bank import load_bank

Q = load_bank()["two-sum"]
BRUTE = next(w for w in Q.wrong_solutions if w.kind == "brute_force")
HOSTILE = [
    "def solution(nums, target):\n    while True:\n        pass\n",
    "import os\ndef solution(nums, target):\n    while True:\n        os.fork()\n",
    "def solution(nums, target):\n    x = []\n    while True:\n        x.append('y' * 10**6)\n",
]
Rooms = list[tuple[dict[str, Any], SioClient]]


def is_verdict(e: dict[str, Any]) -> bool:
    return e["payload"].get("kind") == "submit" and e["payload"].get("source") == "server"


async def _coding(
    server: TestServer, open_client: OpenClient, http: Http
) -> tuple[dict[str, Any], SioClient]:
    s = await create_session(http, question_id=Q.id)
    cand = await open_client(server, s["session_id"], s["candidate_token"], name="candidate")
    assert (await cand.call("CLIENT_READY", {}))["ok"]
    await cand.wait_for("STATE_CHANGE", lambda e: e["payload"]["to"] == "PROBLEM")  # the greeting
    assert (await cand.call("STATE_CHANGE", {"to": "CODING"}))["ok"]
    return s, cand


async def _submit(cand: SioClient, code: str) -> dict[str, Any]:
    mark = cand.mark()
    assert (await cand.call("CODE_SNAPSHOT", {"code": code, "language": "python"}))["ok"]
    assert (await cand.call("STATE_CHANGE", {"to": "REVIEW"}))["ok"]
    verdict = await cand.wait_for("RUN_RESULT", is_verdict, timeout_s=120, since=mark)
    return dict(verdict["payload"])


async def _app(start_app: StartApp, db_url: str, aiohttp_client: Any) -> tuple[TestServer, Http]:
    server = await start_app(make_settings(db_url), await real_judge())
    http: Http = await aiohttp_client(server)
    return server, http


async def test_the_reference_passes_and_a_brute_force_times_out_on_the_real_judge(
    start_app: StartApp, db_url: str, open_client: OpenClient, aiohttp_client: Any
) -> None:
    server, http = await _app(start_app, db_url, aiohttp_client)
    _, right = await _coding(server, open_client, http)
    passed = await _submit(right, Q.solutions["python"])
    _, slow = await _coding(server, open_client, http)
    brute = await _submit(slow, BRUTE.code["python"])
    assert passed["passed"] == passed["total"] > len(Q.hidden_tests)  # hand-written + generated
    seen = passed["observed_complexity"]
    assert seen["compared_to_reference"] == "same" and seen["label"] == "O(n)", seen
    assert brute["timed_out"] and brute["passed"] < brute["total"]
    late = [r for r in brute["results"] if r["verdict"] in ("timed_out", "not_run")]
    assert late and {r["category"] for r in late} <= {"large input", "adversarial"}
    assert brute["observed_complexity"]["compared_to_reference"] == "slower", brute["observed_complexity"]


async def _watch_room(
    server: TestServer, open_client: OpenClient, http: Http, stop: asyncio.Event
) -> list[float]:
    """Another room: its candidate sends code snapshots, its observer's delivery latency is kept."""
    s = await create_session(http, question_id=Q.id)
    cand = await open_client(server, s["session_id"], s["candidate_token"], name="busy-room candidate")
    obs = await open_client(server, s["session_id"], s["observer_token"], name="busy-room observer")
    latencies: list[float] = []
    while not stop.is_set():
        mark, sent = obs.mark(), time.perf_counter()
        assert (await cand.call("CODE_SNAPSHOT", {"code": f"# {sent}", "language": "python"}))["ok"]
        await obs.wait_for("CODE_SNAPSHOT", since=mark, timeout_s=30)
        latencies.append((time.perf_counter() - sent) * 1000)
        await asyncio.sleep(0.1)
    return latencies


async def _poll_health(http: Http, stop: asyncio.Event) -> list[float]:
    took: list[float] = []
    while not stop.is_set():
        start = time.perf_counter()
        assert (await http.get("/health")).status == 200
        took.append((time.perf_counter() - start) * 1000)
        await asyncio.sleep(0.1)
    return took


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


async def test_hostile_submits_from_several_sessions_leave_the_node_responsive(
    start_app: StartApp, db_url: str, open_client: OpenClient, aiohttp_client: Any
) -> None:
    server, http = await _app(start_app, db_url, aiohttp_client)
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch_room(server, open_client, http, stop))
    health = asyncio.create_task(_poll_health(http, stop))
    rooms: Rooms = [await _coding(server, open_client, http) for _ in HOSTILE]
    verdicts = await asyncio.gather(
        *(_submit(cand, code) for (_, cand), code in zip(rooms, HOSTILE, strict=True))
    )
    stop.set()
    deliveries, checks = await watcher, await health
    for (s, _), verdict in zip(rooms, verdicts, strict=True):
        assert verdict["passed"] == 0 < verdict["total"]
        r = await http.get(f"/sessions/{s['session_id']}", headers=bearer(s["candidate_token"]))
        assert r.status == 200
    assert len(deliveries) >= 5 and len(checks) >= 5
    print(
        f"\nwhile judging {len(HOSTILE)} hostile submits: room deliveries p50 {_p(deliveries, 50):.0f} ms"
        f" p99 {_p(deliveries, 99):.0f} ms (n={len(deliveries)}); /health p50 {_p(checks, 50):.0f} ms"
        f" p99 {_p(checks, 99):.0f} ms (n={len(checks)})"
    )
