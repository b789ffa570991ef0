"""The server's log after a scripted interview with observers, and REST calls carrying tokens in the
Authorization header, the query string and the Referer, holds no token."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from tests.conftest import bearer, create_session, make_settings
from tests.support.client import SioClient

from interview_sim.app import create_app
from interview_sim.transport.access_log import SafeAccessLogger


async def _interview(server: TestServer, http: Any) -> list[str]:
    s = await create_session(http)
    sid, cand_token, obs_token = s["session_id"], s["candidate_token"], s["observer_token"]
    url = str(server.make_url("/"))
    cand = await SioClient.open(url, sid, cand_token, query=True)  # the seed's /ws?session_id=&token=
    obs = await SioClient.open(url, sid, obs_token)
    await cand.call("CLIENT_READY", {})
    await obs.call("CLIENT_READY", {})
    await cand.say("I would use a hash map from value to index.")
    await cand.call("CODE_SNAPSHOT", {"code": "def two_sum(n, t):\n    return []\n", "language": "python"})
    await obs.call("OBSERVER_NOTE", {"text": "clear start"})
    for token in (cand_token, obs_token):
        assert (await http.get(f"/sessions/{sid}", headers=bearer(token))).status == 200
        await http.get(f"/sessions/{sid}?token={token}")  # a token in the query string
        await http.get(f"/sessions/{sid}/events?after_seq=0&token={token}", headers=bearer(token))
        await http.get(
            f"/observe/{sid}?token={token}", headers={"Referer": f"http://x/observe/{sid}?token={token}"}
        )
        await http.get("/assets/app.js", headers={"Referer": f"http://x/interview/{sid}#token={token}"})
    await http.post(f"/sessions/{sid}/end", headers=bearer(cand_token))
    await http.get(f"/sessions/{sid}/report?token={obs_token}", headers=bearer(obs_token))
    await cand.close()
    await obs.close()
    return [cand_token, obs_token]


@pytest.mark.parametrize("logger_class", [SafeAccessLogger])
async def test_no_token_in_the_server_log(
    aiohttp_server: Any,
    aiohttp_client: Any,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    logger_class: type,
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = make_settings(f"sqlite://{tmp_path / 'db.sqlite3'}")
    server = await aiohttp_server(create_app(settings), access_log_class=logger_class)
    http = await aiohttp_client(server)
    tokens = await _interview(server, http)
    lines = caplog.text
    assert "GET /sessions/" in lines and "/observe/" in lines  # the access log did write
    for token in tokens:
        assert token not in lines
        assert token[:16] not in lines
    assert "?" not in "".join(r.getMessage() for r in caplog.records if r.name == "aiohttp.access")
