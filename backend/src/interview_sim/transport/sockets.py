"""Socket.IO plumbing: the server class (answers undecodable packets), the JSON codec, rooms, the
`Publisher` adapter and the per-connection rate limit."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import orjson
import socketio

from interview_sim.metrics import Metrics
from interview_sim.services.ports import Audience
from interview_sim.transport.engine import BoundedEngineServer, WireSocket, abort_websocket


class OrjsonCodec:
    """socket.io's JSON module: orjson is several times faster than the standard one."""

    @staticmethod
    def dumps(obj: Any, *args: Any, **kwargs: Any) -> str:
        return orjson.dumps(obj).decode()

    @staticmethod
    def loads(s: str | bytes, *args: Any, **kwargs: Any) -> Any:
        return orjson.loads(s)


class MalformedPacket(ValueError):
    """A socket.io packet that does not decode (broken JSON)."""


class StrictPacket(socketio.packet.Packet):  # type: ignore[misc]
    """The default packet, but a decode failure is recognisable, so the server can answer it.

    Outgoing packets are never binary: every envelope is JSON, and python-socketio otherwise walks
    each packet's whole payload looking for bytes (5% of a loaded node). A bytes value would not
    slip out unnoticed: orjson refuses to encode it."""

    uses_binary_events = False

    def decode(self, encoded_packet: Any) -> Any:
        try:
            return super().decode(encoded_packet)
        except Exception as exc:
            raise MalformedPacket(str(exc)) from exc


class InterviewSocketServer(socketio.AsyncServer):  # type: ignore[misc]
    """python-socketio drops a packet it cannot decode with a log line only; here the sender gets
    `ERROR invalid_envelope` (there is no ack id to answer) and the connection stays up.

    Also: a transport that has not joined the namespace `connect_timeout_s` after opening is closed,
    and each socket's send queue is bounded (`BoundedEngineServer`)."""

    on_malformed: Callable[[str], Awaitable[None]] | None = None
    connect_timeout_s = 10.0

    def __init__(
        self, *args: Any, send_queue_max_bytes: int = 4_000_000, deflate: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.eio.use_deflate(deflate)
        self.eio.max_queue_bytes = send_queue_max_bytes
        self.eio.on_overflow = self._on_overflow

    def _engineio_server_class(self) -> type:
        return BoundedEngineServer

    async def _send_eio_packet(self, eio_sid: str, eio_pkt: Any) -> None:
        """Acks and replies to one client take the await-free path too when they can."""
        eio: BoundedEngineServer = self.eio
        if not eio.put_packet(eio_sid, eio_pkt):
            await eio.send_packet(eio_sid, eio_pkt)

    async def _on_overflow(self, eio_sid: str) -> None:
        abort_websocket(self.environ.get(eio_sid))

    async def _handle_eio_connect(self, eio_sid: str, environ: dict[str, Any]) -> Any:
        self.start_background_task(self._connect_deadline, eio_sid)
        return await super()._handle_eio_connect(eio_sid, environ)

    async def _connect_deadline(self, eio_sid: str) -> None:
        await asyncio.sleep(self.connect_timeout_s)
        if eio_sid in self.eio.sockets and self.manager.sid_from_eio_sid(eio_sid, "/") is None:
            environ = self.environ.get(eio_sid)
            await self.eio.disconnect(eio_sid)
            abort_websocket(environ, hard=False)

    async def drained(self, sid: str, wait_s: float = 10.0) -> None:
        """Wait (up to `wait_s`) until this client has taken most of what it was sent."""
        eio: BoundedEngineServer = self.eio
        eio_sid = self.manager.eio_sid_from_sid(sid, "/")
        socket = eio.sockets.get(eio_sid)
        if isinstance(socket, WireSocket) and socket.wire is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait_s):
                    await socket.drained()
            return
        limit = eio.max_queue_bytes // 4
        deadline = time.monotonic() + wait_s
        while eio.pending_bytes(eio_sid) > limit and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)  # a writer task drains the queue; engineio has no event for it

    async def _handle_eio_message(self, eio_sid: str, data: Any) -> None:
        try:
            await super()._handle_eio_message(eio_sid, data)
        except MalformedPacket:
            sid = self.manager.sid_from_eio_sid(eio_sid, "/")
            if sid is not None and self.on_malformed is not None:
                await self.on_malformed(sid)


def room(session_id: str, audience: Audience = "all") -> str:
    return {"all": f"s:{session_id}", "candidates": f"s:{session_id}:c", "observers": f"s:{session_id}:o"}[
        audience
    ]


class SocketPublisher:
    """`Publisher` port on python-socketio (its manager fans out across nodes through Redis)."""

    metrics: Metrics | None = None

    def __init__(self, sio: socketio.AsyncServer) -> None:
        self.sio = sio

    async def emit(
        self,
        session_id: str,
        envelope: dict[str, Any],
        *,
        audience: Audience = "all",
        skip_sid: str | None = None,
    ) -> None:
        target = room(session_id, audience)
        if self.metrics is None:
            await self.sio.emit(envelope["type"], envelope, room=target, skip_sid=skip_sid)
            return
        self.metrics.count_out(envelope["type"])
        with self.metrics.emit.time():
            await self.sio.emit(envelope["type"], envelope, room=target, skip_sid=skip_sid)

    async def send(self, sid: str, envelope: dict[str, Any]) -> None:
        if self.metrics is not None:
            self.metrics.count_out(envelope["type"])
        await self.sio.emit(envelope["type"], envelope, to=sid, ignore_queue=True)

    async def send_many(self, sid: str, envelopes: Sequence[dict[str, Any]]) -> None:
        """A long replay goes out as fast as the client takes it: each envelope waits until the
        connection has room, so a replay never piles up past the send bound."""
        for env in envelopes:
            if isinstance(self.sio, InterviewSocketServer):
                await self.sio.drained(sid)
            await self.send(sid, env)


class TokenBucket:
    """Per-connection rate limit: a steady `rate` per second with bursts up to `burst`."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = float(burst), time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True
