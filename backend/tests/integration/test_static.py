"""The built frontend as the backend serves it: SPA fallback, long-cached assets, the sandbox
workers' own Content-Security-Policy, cross-origin isolation, JSON 404s for API paths."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from tests.conftest import StartApp, make_settings

from interview_sim.settings import REPO_ROOT

JS_WORKER = "/assets/sandbox-js.worker-Ab12_c.js"
PY_WORKER = "/assets/sandbox-py.worker-Zz9.js"
# The one source of the workers' policies; the frontend build copies it to dist/worker-csp.json.
WORKER_CSP_SOURCE = REPO_ROOT / "frontend" / "src" / "workers" / "csp.json"


@pytest.fixture
async def site(tmp_path: Path, start_app: StartApp, aiohttp_client: Any) -> TestClient:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>app</title>")
    (dist / "favicon.svg").write_text("<svg/>")
    shutil.copy(WORKER_CSP_SOURCE, dist / "worker-csp.json")
    for name in (JS_WORKER, PY_WORKER, "/assets/index-abc.js"):
        (dist / name.lstrip("/")).write_text("self.onmessage = () => {}")
    (tmp_path / "secret.txt").write_text("outside dist")
    server = await start_app(make_settings(f"sqlite://{tmp_path / 'db.sqlite3'}", frontend_dist=dist))
    client: TestClient = await aiohttp_client(server)
    return client


async def test_client_routes_fall_back_to_index(site: TestClient) -> None:
    for path in ("/", "/interview/123", "/observe/abc?token=x", "/report/xyz"):
        resp = await site.get(path)
        assert resp.status == 200, path
        assert "<title>app</title>" in await resp.text()
        assert resp.headers["Cache-Control"] == "no-cache"


async def test_every_response_is_cross_origin_isolated(site: TestClient) -> None:
    for path in ("/", "/health", "/assets/index-abc.js", "/favicon.svg"):
        resp = await site.get(path)
        assert resp.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert resp.headers["Cross-Origin-Embedder-Policy"] == "require-corp"


async def test_hashed_assets_are_cached_long(site: TestClient) -> None:
    resp = await site.get("/assets/index-abc.js")
    assert resp.status == 200
    assert "immutable" in resp.headers["Cache-Control"]
    assert resp.headers["Content-Security-Policy"].startswith("default-src 'self'")  # the page's, no worker's


async def test_sandbox_workers_get_their_own_csp(site: TestClient) -> None:
    js = await site.get(JS_WORKER)
    assert js.headers["Content-Security-Policy"] == "default-src 'none'; script-src 'unsafe-eval'"
    py = await site.get(PY_WORKER)
    csp = py.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "'wasm-unsafe-eval'" in csp
    host = f"{site.server.host}:{site.server.port}"
    assert f"connect-src http://{host}/pyodide/" in csp and "connect-src 'self'" not in csp


async def test_workers_fail_closed_without_the_build_policies(
    tmp_path: Path, start_app: StartApp, aiohttp_client: Any
) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / PY_WORKER.lstrip("/")).write_text("self.onmessage = () => {}")
    server = await start_app(make_settings(f"sqlite://{tmp_path / 'db.sqlite3'}", frontend_dist=dist))
    client = await aiohttp_client(server)
    resp = await client.get(PY_WORKER)
    assert resp.headers["Content-Security-Policy"] == "default-src 'none'"


PAGE_TYPES = (
    "/",
    "/interview/123",
    "/observe/abc",
    "/report/xyz",
    "/nope/page",
    "/health",
    "/meta",
    "/sessions/abc/nope",
    "/assets/index-abc.js",
    "/assets/nope.js",
    "/favicon.svg",
    JS_WORKER,
    PY_WORKER,
)


async def test_security_headers_on_every_page_type(site: TestClient) -> None:
    for path in PAGE_TYPES:
        resp = await site.get(path)
        assert resp.headers["Referrer-Policy"] == "no-referrer", path
        assert resp.headers["X-Content-Type-Options"] == "nosniff", path
        assert resp.headers["X-Frame-Options"] == "DENY", path
        csp = resp.headers["Content-Security-Policy"]
        if "worker" in path:
            assert csp.startswith("default-src 'none'"), path
            continue
        for part in (
            "default-src 'self'",
            "script-src 'self';",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ):
            assert part in csp, (path, part)
        assert "unsafe-eval" not in csp and "script-src 'self' 'unsafe-inline'" not in csp, path


async def test_missing_files_and_api_paths_are_json_404s(site: TestClient) -> None:
    for path in ("/assets/nope.js", "/pyodide/nope.wasm", "/sessions/abc/nope", "/questions/x/y"):
        resp = await site.get(path)
        assert resp.status == 404, path
        assert (await resp.json())["error"]["code"] == "not_found"


async def _raw_get(site: TestClient, target: str) -> bytes:
    """A request line sent as is: HTTP clients normalise `..` away before sending, so the server's
    guard would never see it."""
    reader, writer = await asyncio.open_connection(site.server.host, site.server.port)
    writer.write(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    return data


async def test_no_path_traversal_out_of_dist(site: TestClient) -> None:
    for target in (
        "/assets/../../secret.txt",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
    ):
        answer = await _raw_get(site, target)
        assert answer.startswith(b"HTTP/1.1 "), target
        assert b"outside dist" not in answer, target
    assert b"HTTP/1.1 200" in await _raw_get(site, "/favicon.svg")  # the raw client does work
