"""The real server process (`python -m interview_sim`, its own logging and access log): after an
interview with observers and REST calls carrying tokens in the header, the query string and the
Referer, its log holds no token and no query string; its full garbage collections ran on their
timer."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
from tests.support.client import SioClient
from tests.support.procs import ServerProc, create_session


async def test_the_server_log_holds_no_token(tmp_path: Path) -> None:
    node = ServerProc(
        f"sqlite://{tmp_path / 'db.sqlite3'}", None, "logcheck", LOG_LEVEL="DEBUG", GC_FULL_EVERY_S="0.2"
    )
    try:
        await node.start()
        s = await create_session(node.url)
        sid, tokens = s["session_id"], [s["candidate_token"], s["observer_token"], s["observer_invite"]]
        cand = await SioClient.open(node.url, sid, s["candidate_token"], query=True)
        obs = await SioClient.open(node.url, sid, s["observer_token"])
        await cand.call("CLIENT_READY", {})
        await cand.say("I would sort first, then use two pointers.")
        await obs.call("OBSERVER_NOTE", {"text": "good", "visibility": "feedback"})
        async with aiohttp.ClientSession() as http:
            for token in tokens:
                auth = {
                    "Authorization": f"Bearer {token}",
                    "Referer": f"{node.url}/observe/{sid}?token={token}",
                }
                for path in (
                    f"/sessions/{sid}?token={token}",
                    f"/observe/{sid}?token={token}",
                    "/favicon.svg",
                ):
                    async with http.get(node.url + path, headers=auth) as resp:
                        await resp.read()
            end = f"{node.url}/sessions/{sid}/end?token={s['candidate_token']}"
            async with http.post(end, headers={"Authorization": f"Bearer {s['candidate_token']}"}) as resp:
                assert resp.status == 200
        await cand.close()
        await obs.close()
        # The serving process's full collections run on their timer and are timed (heap.py).
        assert await full_collections(node.url, at_least=2, within_s=10) >= 2
    finally:
        node.stop()
    log = node.log_path.read_text(errors="replace")
    try:
        assert f'"GET /sessions/{sid}"' in log and f'"GET /observe/{sid}"' in log  # the access log wrote
        for token in tokens:
            assert token not in log and json.dumps(token)[1:17] not in log
        assert "?token=" not in log and "Referer" not in log
    finally:
        node.cleanup()


async def full_collections(url: str, at_least: int, within_s: float) -> float:
    """`interview_sim_gc_full_seconds_count` once it reaches `at_least`, or when time is up."""
    name = "interview_sim_gc_full_seconds_count"
    deadline = asyncio.get_running_loop().time() + within_s
    async with aiohttp.ClientSession() as http:
        while True:
            async with http.get(f"{url}/metrics") as resp:
                lines = (await resp.text()).splitlines()
            count = float(next(ln for ln in lines if ln.startswith(name)).split()[-1])
            if count >= at_least or asyncio.get_running_loop().time() > deadline:
                return count
            await asyncio.sleep(0.1)
