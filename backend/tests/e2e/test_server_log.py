"""The real server process (`python -m interview_sim`, its own logging and access log): after an
interview with observers and REST calls carrying tokens in the header, the query string and the
Referer, its log holds no token and no query string."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
from tests.support.client import SioClient
from tests.support.procs import ServerProc, create_session


async def test_the_server_log_holds_no_token(tmp_path: Path) -> None:
    node = ServerProc(f"sqlite://{tmp_path / 'db.sqlite3'}", None, "logcheck", LOG_LEVEL="DEBUG")
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
