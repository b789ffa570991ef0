"""The built frontend: hashed assets cached long, client routes fall back to index.html, worker
scripts served with their own Content-Security-Policy (a worker takes its CSP from its own response)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from interview_sim.transport.http import API_PREFIXES, error_response

# Every response: cross-origin isolation, so Pyodide can use a SharedArrayBuffer interrupt.
ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}
WORKER_CSP = {
    re.compile(r"^/assets/sandbox-js\.worker-[\w-]+\.js$"): "default-src 'none'; script-src 'unsafe-eval'",
    re.compile(r"^/assets/sandbox-py\.worker-[\w-]+\.js$"): (
        "default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; connect-src 'self'"
    ),
}


def worker_csp(path: str) -> str | None:
    return next((csp for pattern, csp in WORKER_CSP.items() if pattern.match(path)), None)


@web.middleware
async def headers_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    response = await handler(request)
    if not response.prepared:
        response.headers.update(ISOLATION_HEADERS)
        if csp := worker_csp(request.path):
            response.headers["Content-Security-Policy"] = csp
    return response


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
