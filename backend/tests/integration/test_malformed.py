"""A socket.io packet with broken JSON gets `ERROR invalid_envelope`, and the connection stays up."""

from __future__ import annotations

from aiohttp.test_utils import TestServer
from tests.conftest import Http, OpenClient
from tests.integration.test_realtime import CODE, _people


async def test_broken_json_gets_an_error_and_nothing_is_lost(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    _, cand, obs = await _people(server, http, open_client)
    mark = cand.mark()
    await cand.sio.eio.send('2["CODE_SNAPSHOT",{"type":"CODE_SNAPSHOT","payload":{')
    error = await cand.wait_for("ERROR", since=mark)
    assert error["payload"]["code"] == "invalid_envelope" and "JSON" in error["payload"]["message"]
    mark = cand.mark()
    await cand.sio.eio.send('21["CODE_SNAPSHOT",{"type":')
    await cand.wait_for("ERROR", since=mark)
    ack = await cand.call("CODE_SNAPSHOT", CODE)
    assert ack == {"ok": True, "seq": 1, "duplicate": False} and cand.connected
    relayed = await obs.wait_for("CODE_SNAPSHOT")
    assert relayed["seq"] == 1 and not obs.of_type("ERROR")
