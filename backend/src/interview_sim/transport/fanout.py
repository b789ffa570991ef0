"""Room fan-out without a task per recipient. python-socketio's `AsyncManager.emit` encodes a room
emit once, then creates one asyncio task per recipient only to put the same packet in each socket's
send queue, and waits for them all; with a speaking interviewer that was several tasks per delta.
Here the same packet object goes to each recipient in turn: a websocket recipient writes its frame
(built once for all of them, `engine.ws_frame`) straight to its transport, a long-polling one queues
it. With a callback (never used here) python-socketio's own path runs."""

from __future__ import annotations

from typing import Any

import socketio
from engineio import packet as eio_packet
from socketio import packet


class DirectEmit(socketio.AsyncManager):  # type: ignore[misc]
    async def emit(
        self,
        event: str,
        data: Any,
        namespace: str,
        room: Any = None,
        skip_sid: Any = None,
        callback: Any = None,
        to: Any = None,
        **kwargs: Any,
    ) -> None:
        if callback is not None:
            await super().emit(event, data, namespace, room, skip_sid, callback, to, **kwargs)
            return None
        if namespace not in self.rooms:
            return None
        args = list(data) if isinstance(data, tuple) else ([] if data is None else [data])
        skip = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        encoded = self.server.packet_class(packet.EVENT, namespace=namespace, data=[event, *args]).encode()
        parts = encoded if isinstance(encoded, list) else [encoded]
        frames = [eio_packet.Packet(eio_packet.MESSAGE, p) for p in parts]
        eio = self.server.eio
        put = getattr(eio, "put_packet", None)  # BoundedEngineServer's await-free path
        for sid, eio_sid in self.get_participants(namespace, to or room):
            if sid not in skip:
                for frame in frames:
                    if put is None or not put(eio_sid, frame):
                        await self.server._send_eio_packet(eio_sid, frame)
        return None


class DirectEmitRedisManager(socketio.AsyncRedisManager, DirectEmit):  # type: ignore[misc]
    """The Redis manager; each node's local delivery (after the message comes back from Redis)
    goes through `DirectEmit.emit` (it sits between the pub/sub layer and `AsyncManager`)."""
