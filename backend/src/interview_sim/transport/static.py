"""The built frontend: hashed assets cached long, client routes fall back to index.html, worker
scripts served with their own Content-Security-Policy (a worker takes its CSP from its own response)."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from aiohttp.typedefs import Middleware

from interview_sim.transport.http import API_PREFIXES, error_response

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Every response: cross-origin isolation (Pyodide's SharedArrayBuffer interrupt), no referrer (a
# page's address never leaks to another site or into a log), no sniffing, no framing.
ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# The pages: scripts only from this origin, no plugins, no <base>, never framed. Styles allow inline
# (Vue style bindings, Monaco's injected styles); Pyodide's wasm runs in its worker, under its own CSP.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# A build without worker-csp.json (or an API-only node) fails closed: the workers cannot run.
CLOSED = "default-src 'none'"
WORKERS = {
    "js": re.compile(r"^/assets/sandbox-js\.worker-[\w-]+\.js$"),
    "py": re.compile(r"^/assets/sandbox-py\.worker-[\w-]+\.js$"),
}


def load_worker_csp(dist: Path) -> dict[str, str]:
    """The workers' policies as the frontend build wrote them (`frontend/src/workers/csp.json`)."""
    try:
        data = json.loads((dist / "worker-csp.json").read_text())
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if k in WORKERS and isinstance(v, str)}


def worker_csp(path: str, policies: dict[str, str], origin: str) -> str | None:
    kind = next((k for k, pattern in WORKERS.items() if pattern.match(path)), None)
    if kind is None:
        return None
    return policies.get(kind, CLOSED).replace("{origin}", origin)


def headers_middleware(dist: Path) -> Middleware:
    policies = load_worker_csp(dist.resolve())

    @web.middleware
    async def add_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        if not response.prepared:
            response.headers.update(ISOLATION_HEADERS)
            origin = f"http://{request.host}"  # CSP: an http source matches https on the same host
            response.headers["Content-Security-Policy"] = (
                worker_csp(request.path, policies, origin) or PAGE_CSP
            )
        return response

    return add_headers


def frontend_routes(dist: Path) -> list[web.RouteDef]:
    dist = dist.resolve()

    async def serve(request: web.Request) -> web.StreamResponse:
        path = request.match_info.get("path", "")
        if request.path.startswith(API_PREFIXES):
            return error_response(404, "not_found", f"no route {request.path}")
        target = (dist / path).resolve()
        if path and target.is_file() and target.is_relative_to(dist):
            response = web.FileResponse(target)
            if path.startswith("assets/"):
                response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
            return response
        if path.startswith(("assets/", "pyodide/")) or "." in path.rsplit("/", 1)[-1]:
            return error_response(404, "not_found", f"no file {request.path}")
        index = dist / "index.html"
        if not index.is_file():
            return web.Response(text=_NO_BUILD, content_type="text/html")
        response = web.FileResponse(index)
        response.headers["Cache-Control"] = "no-cache"
        return response

    return [web.get("/{path:.*}", serve)]


_NO_BUILD = """<!doctype html><title>interview-sim</title><p>The frontend is not built yet: run
<code>make run</code> (it builds frontend/dist). The API is up: <a href="/health">/health</a>.</p>"""
