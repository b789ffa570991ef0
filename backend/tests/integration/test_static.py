"""The built frontend as the backend serves it: SPA fallback, long-cached assets, the sandbox
workers' own Content-Security-Policy, cross-origin isolation, JSON 404s for API paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from tests.conftest import StartApp, make_settings

JS_WORKER = "/assets/sandbox-js.worker-Ab12_c.js"
PY_WORKER = "/assets/sandbox-py.worker-Zz9.js"


@pytest.fixture
async def site(tmp_path: Path, start_app: StartApp, aiohttp_client: Any) -> TestClient:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>app</title>")
    (dist / "favicon.svg").write_text("<svg/>")
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
    assert "Content-Security-Policy" not in resp.headers


async def test_sandbox_workers_get_their_own_csp(site: TestClient) -> None:
    js = await site.get(JS_WORKER)
    assert js.headers["Content-Security-Policy"] == "default-src 'none'; script-src 'unsafe-eval'"
    py = await site.get(PY_WORKER)
    csp = py.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "'wasm-unsafe-eval'" in csp


async def test_missing_files_and_api_paths_are_json_404s(site: TestClient) -> None:
    for path in ("/assets/nope.js", "/pyodide/nope.wasm", "/sessions/abc/nope", "/questions/x/y"):
        resp = await site.get(path)
        assert resp.status == 404, path
        assert (await resp.json())["error"]["code"] == "not_found"


async def test_no_path_traversal_out_of_dist(site: TestClient) -> None:
    resp = await site.get("/assets/../../secret.txt")
    assert "outside dist" not in await resp.text()
    resp = await site.get("/%2e%2e/secret.txt")
    assert "outside dist" not in await resp.text()
