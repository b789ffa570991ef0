"""Test clients that stand in for a browser send the Origin a browser would send.

A page at `http://127.0.0.1:8000/` opens its socket with `Origin: http://127.0.0.1:8000` (websocket
handshake and long-polling POSTs alike); python-socketio clients send none unless told, and the server
does not check a request without one. `OriginHeader` hands python-socketio an HTTP session factory
that adds the header to every request, the websocket upgrade included.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import aiohttp


def origin_of(url: str) -> str:
    """`http://127.0.0.1:8000/some/path?x` -> `http://127.0.0.1:8000`: what a page there sends."""
    parts = urlsplit(str(url))
    return f"{parts.scheme}://{parts.netloc}"


class OriginHeader:
    """`socketio.AsyncClient(http_session=OriginHeader())`; set `.origin` before connecting (None: no
    header, as a non-browser client)."""

    def __init__(self, origin: str | None = None) -> None:
        self.origin = origin

    def __call__(self) -> aiohttp.ClientSession:
        headers = {"Origin": self.origin} if self.origin else None
        return aiohttp.ClientSession(headers=headers)
