"""Engine.IO limits python-engineio does not have: a byte bound on each socket's send queue (a
client that stops reading is disconnected instead of growing the server's memory; it reconnects
and replays with `last_seq`) and a connect timeout (a transport that never sends the Socket.IO
CONNECT is closed)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import engineio
from aiohttp.web import WebSocketResponse
from engineio.async_drivers import aiohttp as aiohttp_driver

log = logging.getLogger(__name__)


def packet_size(pkt: Any) -> int:
    data = getattr(pkt, "data", None)
    return len(data) if isinstance(data, str | bytes) else 64


class ByteQueue(asyncio.Queue[Any]):
    """An unbounded asyncio queue that knows how many bytes of packets it holds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bytes = 0

    def _put(self, item: Any) -> None:
        self.bytes += packet_size(item)
        super()._put(item)

    def _get(self) -> Any:
        item = super()._get()
        self.bytes -= packet_size(item)
        return item

    def clear(self) -> None:
        while not self.empty():
            self.get_nowait()
            self.task_done()


class PlainWebSocket(aiohttp_driver.WebSocket):  # type: ignore[misc]
    """engineio's aiohttp websocket, but never permessage-deflate: aiohttp accepts a client's offer
    by default, which costs a compression per frame per socket (socket.io's Node server has it off
    by default too). `WEBSOCKET_DEFLATE=true` keeps engineio's own class."""

    async def __call__(self, environ: dict[str, Any]) -> WebSocketResponse:
        request = environ["aiohttp.request"]
        self._sock = WebSocketResponse(max_msg_size=self.server.max_http_buffer_size, compress=False)
        await self._sock.prepare(request)
        self.environ = environ
        await self.handler(self)
        return self._sock


class BoundedEngineServer(engineio.AsyncServer):  # type: ignore[misc]
    """engineio's server with `max_queue_bytes` per socket. Past it the socket is closed: what it
    missed is in the session log, replayed on reconnect."""

    max_queue_bytes = 4_000_000
    on_overflow: Callable[[str], Awaitable[None]] | None = None

    def use_deflate(self, on: bool) -> None:
        websocket = aiohttp_driver.WebSocket if on else PlainWebSocket
        drivers: dict[str, Any] = getattr(self, "_async")  # noqa: B009 (engineio's driver table)
        setattr(self, "_async", {**drivers, "websocket": websocket})  # noqa: B010

    def create_queue(self, *args: Any, **kwargs: Any) -> ByteQueue:
        return ByteQueue(*args, **kwargs)

    async def send_packet(self, sid: str, pkt: Any) -> None:
        socket = self.sockets.get(sid)
        queue = getattr(socket, "queue", None)
        if socket is not None and isinstance(queue, ByteQueue) and queue.bytes > self.max_queue_bytes:
            await self._drop_slow(sid, socket, queue)
            return
        await super().send_packet(sid, pkt)

    async def _drop_slow(self, sid: str, socket: Any, queue: ByteQueue) -> None:
        log.warning("socket %s fell %d bytes behind: disconnected", sid, queue.bytes)
        if self.on_overflow is not None:
            await self.on_overflow(sid)
        queue.clear()
        await socket.close(wait=False, abort=True, reason=self.reason.TRANSPORT_ERROR)
        queue.put_nowait(None)  # lets the writer task finish
        self.sockets.pop(sid, None)


def abort_websocket(environ: dict[str, Any] | None, *, hard: bool = True) -> None:
    """Drop a websocket's TCP connection (a peer that does not read, or never joins, would
    otherwise hold it until the ping timeout): at once when `hard`, else after what is buffered.
    Polling requests are left alone: their connection may be reused."""
    if not environ or environ.get("HTTP_UPGRADE", "").lower() != "websocket":
        return
    request = environ.get("aiohttp.request")
    transport = getattr(request, "transport", None)
    if transport is not None:
        with contextlib.suppress(Exception):
            transport.abort() if hard else transport.close()
