"""Socket.IO plumbing: the server class (answers undecodable packets), the JSON codec, rooms, the
`Publisher` adapter and the per-connection rate limit."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import orjson
import socketio

from interview_sim.services.ports import Audience


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
    """The default packet, but a decode failure is recognisable, so the server can answer it."""

    def decode(self, encoded_packet: Any) -> Any:
        try:
            return super().decode(encoded_packet)
        except Exception as exc:
            raise MalformedPacket(str(exc)) from exc


class InterviewSocketServer(socketio.AsyncServer):  # type: ignore[misc]
    """python-socketio drops a packet it cannot decode with a log line only; here the sender gets
    `ERROR invalid_envelope` (there is no ack id to answer) and the connection stays up."""

    on_malformed: Callable[[str], Awaitable[None]] | None = None

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
        await self.sio.emit(envelope["type"], envelope, room=room(session_id, audience), skip_sid=skip_sid)

    async def send(self, sid: str, envelope: dict[str, Any]) -> None:
        await self.sio.emit(envelope["type"], envelope, to=sid, ignore_queue=True)

    async def send_many(self, sid: str, envelopes: Sequence[dict[str, Any]]) -> None:
        for env in envelopes:
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
