"""The socket's Origin check as a browser meets it: same-origin with the port, behind a proxy that
passes the Host (or not), HTTPS terminated at a trusted balancer, PUBLIC_ORIGIN, CORS_ORIGINS, and the
`POST /origin-check` the page asks when its handshake fails. Raw Engine.IO handshakes (the first
request a page makes) and real socket.io clients; SQLite is enough here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from tests.conftest import StartApp, make_settings
from tests.support.client import RefusedError, SioClient
from tests.support.db import database

from interview_sim.transport.origins import is_trusted, normalize_origin

Serve = Callable[..., Awaitable[TestServer]]
HANDSHAKE = "/ws/?EIO=4&transport=polling"


@pytest.fixture
async def serve(start_app: StartApp, tmp_path: Path) -> AsyncIterator[Serve]:
    async with database("sqlite", tmp_path) as url:

        async def serve_(**overrides: Any) -> TestServer:
            return await start_app(make_settings(url, **overrides))

        yield serve_


async def handshake(server: TestServer, **headers: str) -> tuple[int, str]:
    """An Engine.IO polling handshake with these headers (`X_Forwarded_Proto` -> `X-Forwarded-Proto`)."""
    sent = {name.replace("_", "-"): value for name, value in headers.items()}
    async with aiohttp.ClientSession() as http, http.get(server.make_url(HANDSHAKE), headers=sent) as r:
        return r.status, await r.text()


def own(server: TestServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def test_normalize_origin() -> None:
    assert normalize_origin("HTTPS://Example.com:443/") == "https://example.com"
    assert normalize_origin("http://example.com:80") == "http://example.com"
    assert normalize_origin("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    assert normalize_origin("https://[::1]:8443") == "https://[::1]:8443"
    assert normalize_origin("null") == "null"


def test_is_trusted() -> None:
    assert is_trusted("127.0.0.1", ["127.0.0.1"])
    assert is_trusted("10.1.2.3", ["10.0.0.0/8"])
    assert not is_trusted("10.1.2.3", ["127.0.0.1", "192.168.0.0/16"])
    assert not is_trusted("not-an-ip", ["0.0.0.0/0"])
    assert not is_trusted(None, ["0.0.0.0/0"])


async def test_same_origin_needs_the_port_in_host(serve: Serve) -> None:
    """What nginx's `Host $host` did: the Host lost its port, so the page's own origin was refused."""
    server = await serve()
    assert (await handshake(server, Origin=own(server)))[0] == 200
    assert (await handshake(server))[0] == 200  # no Origin: not a browser, not checked
    status, body = await handshake(server, Origin=own(server), Host="127.0.0.1")
    assert status == 400 and "not an accepted origin" in body
    assert (await handshake(server, Origin="http://evil.example"))[0] == 400


async def test_forwarded_headers_count_only_from_trusted_proxies(serve: Serve) -> None:
    """HTTPS terminated at the balancer: the page is https://app.example, the node sees plain HTTP."""
    tls = {"Origin": "https://app.example", "Host": "app.example", "X_Forwarded_Proto": "https"}
    untrusted = await serve()
    assert (await handshake(untrusted, **tls))[0] == 400
    trusted = await serve(trusted_proxies=["127.0.0.0/8"])
    assert (await handshake(trusted, **tls))[0] == 200
    host_elsewhere = {**tls, "Host": "node1:8000", "X_Forwarded_Host": "app.example"}
    assert (await handshake(trusted, **host_elsewhere))[0] == 200
    assert (await handshake(trusted, **{**tls, "Origin": "https://evil.example"}))[0] == 400
    # Behind a trusted proxy the forwarded origin is the one: http:// is not the page's scheme.
    assert (await handshake(trusted, **{**tls, "Origin": "http://app.example"}))[0] == 400


async def test_public_origin_and_cors_origins_add_to_same_origin(serve: Serve) -> None:
    server = await serve(
        public_origin=["https://Interview.Example.com:443/"], cors_origins=["http://localhost:5173"]
    )
    for origin in ("https://interview.example.com", "http://localhost:5173", own(server)):
        assert (await handshake(server, Origin=origin))[0] == 200, origin
    assert (await handshake(server, Origin="https://other.example.com"))[0] == 400


async def test_a_socketio_client_with_the_pages_origin_connects_and_a_foreign_one_is_refused(
    serve: Serve,
) -> None:
    server = await serve()
    base = str(server.make_url("/"))
    async with (
        aiohttp.ClientSession() as http,
        http.post(server.make_url("/sessions"), json={"company_mode": "General", "difficulty": "Easy"}) as r,
    ):
        s = await r.json()
    page = SioClient("page")
    assert page.origin.origin is None
    await page.connect(base, s["session_id"], s["candidate_token"])
    assert page.origin.origin == own(server)
    assert (await page.call("CLIENT_READY", {}))["ok"]
    await page.close()
    for transport_refusal in ("http://evil.example", f"http://127.0.0.1:{server.port + 1}"):
        foreign = SioClient("foreign", origin=transport_refusal)
        with pytest.raises(RefusedError):
            await foreign.connect(base, s["session_id"], s["candidate_token"])


async def test_origin_check_answers_for_the_page_that_asks(serve: Serve) -> None:
    server = await serve()
    url = server.make_url("/origin-check")
    async with aiohttp.ClientSession() as http:
        async with http.post(url, headers={"Origin": own(server)}) as r:
            assert r.status == 200
            assert await r.json() == {"origin": own(server), "accepted": True, "server_origin": own(server)}
        async with http.post(url, headers={"Origin": own(server), "Host": "127.0.0.1"}) as r:
            body = await r.json()
    assert body == {"origin": own(server), "accepted": False, "server_origin": "http://127.0.0.1"}
