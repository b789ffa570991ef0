"""permessage-deflate is off unless WEBSOCKET_DEFLATE is set (issue 10): a browser's offer is
declined, so no frame is compressed per socket; with the setting the offer is accepted."""

from __future__ import annotations

import aiohttp
import pytest
from tests.conftest import StartApp, make_settings


@pytest.mark.parametrize("deflate", [False, True])
async def test_deflate_only_when_set(start_app: StartApp, db_url: str, deflate: bool) -> None:
    server = await start_app(make_settings(db_url, websocket_deflate=deflate))
    url = str(server.make_url("/ws/")) + "?EIO=4&transport=websocket"
    async with aiohttp.ClientSession() as http, http.ws_connect(url, compress=15) as ws:
        opening = await ws.receive_str()
        assert opening.startswith("0")  # the Engine.IO open packet: the socket works either way
        assert ws.compress == (15 if deflate else 0)
