"""Engine.IO as this server needs it, on top of python-engineio:

- a byte bound on what each socket has waiting to be sent (a client that stops reading is
  disconnected instead of growing the server's memory; it reconnects and replays with `last_seq`);
- websocket writes without a writer task (`WireSocket`): python-engineio gives every socket a queue
  and a writer task that wakes per packet (`wait_for` wraps each `Queue.get` in a task of its own
  on 3.11) and frames each packet for each socket. Here, once a socket is on the websocket, a packet
  is framed once (the same bytes for every recipient of a room emit, as Node's `ws` does for a
  broadcast) and written straight to the connection's transport, in call order;
- a reader loop without a task and a `wait_for` per received message (`asyncio.timeout`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import struct
from collections.abc import Awaitable, Callable
from typing import Any

import engineio
from aiohttp.web import WebSocketResponse
from engineio import exceptions as eio_exceptions
from engineio import packet as eio_packet
from engineio.async_drivers import aiohttp as aiohttp_driver
from engineio.async_socket import AsyncSocket

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


def queued_bytes(socket: Any) -> int:
    """Bytes in a socket's send queue (0 for no socket)."""
    queue = getattr(socket, "queue", None)
    return queue.bytes if isinstance(queue, ByteQueue) else 0


def ws_frame(pkt: Any) -> bytes:
    """The whole websocket frame (server to client: unmasked, uncompressed) of an Engine.IO packet,
    built once per packet object: a room emit hands the same packet to every recipient."""
    frame: bytes | None = getattr(pkt, "ws_frame", None)
    if frame is None:
        data = pkt.encode()
        payload, first = (data.encode(), 0x81) if isinstance(data, str) else (bytes(data), 0x82)
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", first, n)
        elif n < 65536:
            header = struct.pack("!BBH", first, 126, n)
        else:
            header = struct.pack("!BBQ", first, 127, n)
        frame = pkt.ws_frame = header + payload
    return frame


class WireSocket(AsyncSocket):  # type: ignore[misc]
    """An Engine.IO socket that, once its websocket is up and what was queued before has gone out,
    gathers each packet's frame and writes this loop turn's frames to the connection's transport
    (`wire`) in one call at the start of the next. Until then (long-polling, or during the upgrade)
    packets wait in the queue as python-engineio does it. The websocket is plain (`PlainWebSocket`:
    no permessage-deflate), so the frame bytes are the same for every socket."""

    wire: asyncio.Transport | None = None
    protocol: Any = None  # aiohttp's protocol for this connection: its flow control
    corked: list[bytes] | None = None  # frames of this loop turn, written together at its end
    corked_bytes = 0

    def pending_bytes(self) -> int:
        """Bytes accepted for this client and not yet taken by the kernel (or still queued)."""
        if self.wire is not None:
            return int(self.wire.get_write_buffer_size()) + self.corked_bytes
        return queued_bytes(self)

    def uncork(self) -> None:
        """Write the frames gathered in this loop turn in one call (one syscall, not one per frame:
        a busy node's turns carry a delta, a snapshot and an ack for the same socket)."""
        frames, self.corked, self.corked_bytes = self.corked, None, 0
        wire = self.wire
        if frames and wire is not None and not wire.is_closing():
            if len(frames) == 1:
                wire.write(frames[0])
            else:
                wire.writelines(frames)

    def put(self, pkt: Any) -> bool:
        """Gather `pkt`'s frame for this turn's write, without an await; False when the socket needs
        the full path instead (not on the websocket yet, closed, a ping overdue, or over the bound)."""
        wire = self.wire
        if wire is None or self.closed or self.last_ping:
            return False
        if wire.is_closing():  # a dead connection: its reader loop is ending; the log keeps it all
            return True
        frame = ws_frame(pkt)
        if self.corked_bytes + wire.get_write_buffer_size() + len(frame) > self.server.max_queue_bytes:
            return False
        self._gather(frame)
        return True

    def _gather(self, frame: bytes) -> None:
        if self.corked is None:
            self.corked = [frame]
            self.server.cork(self)
        else:
            self.corked.append(frame)
        self.corked_bytes += len(frame)

    async def send(self, pkt: Any) -> None:
        wire = self.wire
        if wire is None:
            await super().send(pkt)
            return
        if self.closed:
            raise eio_exceptions.SocketIsClosedError()
        if self.last_ping and not await self.check_ping_timeout():  # a ping unanswered for too long
            return
        if not wire.is_closing():
            self._gather(ws_frame(pkt))

    async def _websocket_handler(self, ws: Any) -> None:
        """python-engineio's handler (the upgrade handshake is its code, unchanged), then the queue is
        flushed and later sends go straight to the transport; the reader awaits each message under
        `asyncio.timeout` instead of a task and `wait_for` per message."""
        limit = self.server.max_http_buffer_size

        async def websocket_wait() -> Any:
            data = await ws.wait()
            if data and len(data) > limit:
                raise ValueError("packet is too large")
            return data

        connected: bool = getattr(self, "connected")  # noqa: B009 (untyped in python-engineio)
        if connected:
            self.upgrading = True  # hold packet sends during the upgrade
            try:
                pkt = await websocket_wait()
            except OSError:  # pragma: no cover
                return
            decoded = eio_packet.Packet(encoded_packet=pkt)
            if decoded.packet_type != eio_packet.PING or decoded.data != "probe":
                self.upgrading = False
                return
            await ws.send(eio_packet.Packet(eio_packet.PONG, data="probe").encode())
            await self.queue.put(eio_packet.Packet(eio_packet.NOOP))  # ends the pending poll
            try:
                pkt = await websocket_wait()
            except OSError:  # pragma: no cover
                self.upgrading = False
                return
            if eio_packet.Packet(encoded_packet=pkt).packet_type != eio_packet.UPGRADE:
                self.upgraded = False
                self.upgrading = False
                return
            self.upgraded = True
            self.upgrading = False
        else:
            self.connected = True
            self.upgraded = True

        if await self._flush_queue(ws):
            writer = ws._sock._writer  # aiohttp's WebSocketWriter for this connection
            self.wire, self.protocol = writer.transport, writer.protocol

        wait_s = self.server.ping_interval + self.server.ping_timeout
        while self.wire is not None:
            try:
                async with asyncio.timeout(wait_s):
                    p = await websocket_wait()
            except BaseException:  # closed, too large, timed out, cancelled: each ends the connection
                break
            if p is None:  # closed by the client
                break
            try:
                await self.receive(eio_packet.Packet(encoded_packet=p))
            except eio_exceptions.UnknownPacketError:  # pragma: no cover
                pass
            except eio_exceptions.SocketIsClosedError:  # pragma: no cover
                break
            except Exception:  # pragma: no cover
                self.server.logger.exception("Unknown receive error")

        self.uncork()  # what was sent before the end goes before the close frame
        self.wire = None
        with contextlib.suppress(Exception):
            await ws.close()
        await self.close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_CLOSE)

    async def drained(self) -> None:
        """Return once the transport takes more (below its high-water mark) or the connection is gone:
        a long replay waits here between frames instead of piling up past the byte bound."""
        self.uncork()
        if self.wire is not None and self.protocol is not None:
            with contextlib.suppress(Exception):  # a lost connection: nothing to wait for
                await self.protocol._drain_helper()

    async def _flush_queue(self, ws: Any) -> bool:
        """Send what was queued before the websocket took over (the OPEN packet, what arrived during
        the upgrade), then return with the queue empty and no await in between, so that no packet
        can overtake one that was queued. False when the socket closed meanwhile."""
        while not self.queue.empty():
            pkt = self.queue.get_nowait()
            self.queue.task_done()
            if pkt is None:
                return False
            try:
                await ws.send(pkt.encode())
            except Exception:  # the connection went away
                return False
        return not self.closed


class _Sockets(dict[str, Any]):
    """python-engineio creates `AsyncSocket` by name in `_handle_connect` and offers no hook; a new
    socket becomes a `WireSocket` (same state, more methods) as it is registered."""

    def __setitem__(self, sid: str, socket: Any) -> None:
        if type(socket) is AsyncSocket and socket.server.wire_sockets:
            socket.__class__ = WireSocket
        super().__setitem__(sid, socket)


class BoundedEngineServer(engineio.AsyncServer):  # type: ignore[misc]
    """engineio's server with `max_queue_bytes` per socket (queue or transport buffer). Past it the
    socket is closed: what it missed is in the session log, replayed on reconnect."""

    max_queue_bytes = 4_000_000
    on_overflow: Callable[[str], Awaitable[None]] | None = None
    #: `WireSocket`s (direct writes); off with permessage-deflate, where aiohttp frames each message.
    wire_sockets = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sockets = _Sockets()
        self._corked: list[WireSocket] = []

    def cork(self, socket: WireSocket) -> None:
        """`socket` has frames to write: all such sockets are written at the start of the next loop
        turn, each in one call."""
        if not self._corked:
            asyncio.get_running_loop().call_soon(self._uncork_all)
        self._corked.append(socket)

    def _uncork_all(self) -> None:
        corked, self._corked = self._corked, []
        for socket in corked:
            socket.uncork()

    def use_deflate(self, on: bool) -> None:
        websocket = aiohttp_driver.WebSocket if on else PlainWebSocket
        drivers: dict[str, Any] = getattr(self, "_async")  # noqa: B009 (engineio's driver table)
        setattr(self, "_async", {**drivers, "websocket": websocket})  # noqa: B010
        self.wire_sockets = not on

    def create_queue(self, *args: Any, **kwargs: Any) -> ByteQueue:
        return ByteQueue(*args, **kwargs)

    def pending_bytes(self, sid: str) -> int:
        socket = self.sockets.get(sid)
        return socket.pending_bytes() if isinstance(socket, WireSocket) else queued_bytes(socket)

    def put_packet(self, sid: str, pkt: Any) -> bool:
        """`send_packet` without an await for a websocket in good standing (`WireSocket.put`); False
        when the caller must await `send_packet` instead."""
        socket = self.sockets.get(sid)
        return socket is not None and type(socket) is WireSocket and socket.put(pkt)

    async def send_packet(self, sid: str, pkt: Any) -> None:
        socket = self.sockets.get(sid)
        if socket is None:
            return
        if self.pending_bytes(sid) > self.max_queue_bytes:
            await self._drop_slow(sid, socket)
            return
        await socket.send(pkt)

    async def _drop_slow(self, sid: str, socket: Any) -> None:
        log.warning("socket %s fell %d bytes behind: disconnected", sid, self.pending_bytes(sid))
        if self.on_overflow is not None:
            await self.on_overflow(sid)
        queue = socket.queue
        if isinstance(queue, ByteQueue):
            queue.clear()
        await socket.close(wait=False, abort=True, reason=self.reason.TRANSPORT_ERROR)
        queue.put_nowait(None)  # lets a writer task (long-polling, or deflate) finish
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
